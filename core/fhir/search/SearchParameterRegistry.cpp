#include "fhir/search/SearchParameterRegistry.h"

#include "fhir/search/FhirPathLite.h"
#include "fhir/search/FhirResourceTypes.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QtGlobal>

#include <algorithm>

using namespace Qt::StringLiterals;

// Resources of a static library must be registered by hand; the macro cannot sit in a namespace.
static void initCoreResources()
{
    Q_INIT_RESOURCE(core);
}

namespace paw::fhir {

namespace {

std::optional<SearchParamType> paramTypeFromString(const QString &text)
{
    static const SearchParamType all[] = {SearchParamType::Token,    SearchParamType::String, SearchParamType::Date,
                                          SearchParamType::Reference, SearchParamType::Quantity,
                                          SearchParamType::Number,   SearchParamType::Uri};
    for (SearchParamType type : all) {
        if (toString(type) == text)
            return type;
    }
    return std::nullopt;
}

SearchParameter standardParameter(const QString &resourceType, const QString &name)
{
    SearchParameter p;
    p.resourceType = resourceType;
    p.name = name;
    if (name == u"_id") {
        p.type = SearchParamType::Token;
        p.expression = u"Resource.id"_s;
        p.definition = u"http://hl7.org/fhir/SearchParameter/Resource-id"_s;
    } else {
        p.type = SearchParamType::Date;
        p.expression = u"Resource.meta.lastUpdated"_s;
        p.definition = u"http://hl7.org/fhir/SearchParameter/Resource-lastUpdated"_s;
    }
    return p;
}

} // namespace

const SearchParameterRegistry &SearchParameterRegistry::builtIn()
{
    static const SearchParameterRegistry registry = [] {
        initCoreResources();
        QFile file(u":/fhir/search-parameters.json"_s);
        if (!file.open(QIODevice::ReadOnly))
            qFatal("The built-in search parameter table :/fhir/search-parameters.json is missing");
        auto loaded = fromJson(file.readAll());
        if (!loaded)
            qFatal("The built-in search parameter table is invalid: %s", qUtf8Printable(loaded.error()));
        return std::move(loaded).value();
    }();
    return registry;
}

Expected<SearchParameterRegistry, QString> SearchParameterRegistry::fromJson(const QByteArray &json)
{
    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return u"not JSON: %1 at offset %2"_s.arg(parseError.errorString()).arg(parseError.offset);
    if (!document.isObject() || !document.object().value(u"parameters"_s).isArray())
        return u"expected an object with a \"parameters\" array"_s;

    static const QRegularExpression namePattern(u"^[A-Za-z_][A-Za-z0-9_.\\-]*$"_s);
    SearchParameterRegistry registry;
    const QJsonArray entries = document.object().value(u"parameters"_s).toArray();
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const QJsonObject entry = entries.at(i).toObject();
        SearchParameter p;
        p.resourceType = entry.value(u"resourceType"_s).toString();
        p.name = entry.value(u"name"_s).toString();
        const QString where = u"parameters[%1] (%2:%3)"_s.arg(i).arg(p.resourceType, p.name);
        const auto bad = [&where](const QString &what) -> QString { return where + u": "_s + what; };
        if (!entries.at(i).isObject())
            return u"parameters[%1]: not an object"_s.arg(i);
        if (!FhirResourceTypes::isKnown(p.resourceType))
            return bad(u"unknown resourceType \"%1\""_s.arg(p.resourceType));
        if (!namePattern.match(p.name).hasMatch())
            return bad(u"invalid name"_s);
        const auto type = paramTypeFromString(entry.value(u"type"_s).toString());
        if (!type)
            return bad(u"unknown type \"%1\""_s.arg(entry.value(u"type"_s).toString()));
        p.type = *type;
        p.expression = entry.value(u"expression"_s).toString();
        const auto compiled = FhirPathLite::parse(p.expression);
        if (!compiled)
            return bad(u"expression does not parse: "_s + compiled.error());
        const QJsonValue targets = entry.value(u"targets"_s);
        if (!targets.isUndefined() && !targets.isArray())
            return bad(u"targets must be an array"_s);
        for (const QJsonValue &target : targets.toArray()) {
            if (!FhirResourceTypes::isKnown(target.toString()))
                return bad(u"unknown target type \"%1\""_s.arg(target.toString()));
            p.targets.append(target.toString());
        }
        if (p.type == SearchParamType::Reference && p.targets.isEmpty())
            return bad(u"a reference parameter needs targets"_s);
        if (p.type != SearchParamType::Reference && !p.targets.isEmpty())
            return bad(u"only reference parameters have targets"_s);
        p.definition = entry.value(u"definition"_s).toString();
        if (registry.m_index.value(p.resourceType).contains(p.name))
            return bad(u"duplicate parameter"_s);
        registry.m_index[p.resourceType].insert(p.name, int(registry.m_parameters.size()));
        registry.m_parameters.append(std::move(p));
    }
    // `_id` and `_lastUpdated` exist for every type, whether the table lists them or not.
    const QStringList types = registry.m_index.keys();
    for (const QString &type : types) {
        for (const QString &name : {u"_id"_s, u"_lastUpdated"_s}) {
            if (!registry.m_index.value(type).contains(name)) {
                registry.m_index[type].insert(name, int(registry.m_parameters.size()));
                registry.m_parameters.append(standardParameter(type, name));
            }
        }
    }
    return registry;
}

const SearchParameter *SearchParameterRegistry::find(const QString &resourceType, const QString &name) const
{
    const auto type = m_index.constFind(resourceType);
    if (type == m_index.constEnd())
        return nullptr;
    const auto it = type->constFind(name);
    return it == type->constEnd() ? nullptr : &m_parameters.at(*it);
}

QList<const SearchParameter *> SearchParameterRegistry::forType(const QString &resourceType) const
{
    QList<const SearchParameter *> result;
    const auto type = m_index.constFind(resourceType);
    if (type == m_index.constEnd())
        return result;
    QList<int> rows = type->values();
    std::sort(rows.begin(), rows.end());
    for (int row : std::as_const(rows))
        result.append(&m_parameters.at(row));
    return result;
}

QStringList SearchParameterRegistry::resourceTypes() const
{
    QStringList types = m_index.keys();
    types.sort();
    return types;
}

} // namespace paw::fhir
