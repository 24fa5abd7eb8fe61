#include "fhir/search/SearchIndexer.h"

#include "fhir/search/FhirDateRange.h"
#include "fhir/search/FhirReference.h"
#include "fhir/search/SearchText.h"

#include <QJsonArray>
#include <QLoggingCategory>

#include <algorithm>
#include <limits>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcSearchIndexer, "fhir.search.indexer")

namespace paw::fhir {

namespace {

using Value = FhirPathLite::Value;

// ContactPoint.system codes; an Identifier's system is a URI, so it never is one of these.
bool isContactPointSystem(const QString &system)
{
    static const QStringList systems{u"phone"_s, u"fax"_s, u"email"_s, u"pager"_s, u"url"_s, u"sms"_s, u"other"_s};
    return systems.contains(system);
}

template <class Entry>
void appendUnique(QList<Entry> &list, Entry entry)
{
    if (std::find(list.cbegin(), list.cend(), entry) == list.cend())
        list.append(std::move(entry));
}

void extractTokens(const QString &param, const Value &value, QList<IndexEntries::Token> &out)
{
    const QJsonValue &v = value.value;
    if (v.isBool()) {
        appendUnique(out, IndexEntries::Token{param, {}, v.toBool() ? u"true"_s : u"false"_s, {}});
        return;
    }
    if (v.isString()) {
        if (!v.toString().isEmpty())
            appendUnique(out, IndexEntries::Token{param, {}, v.toString(), {}});
        return;
    }
    if (!v.isObject())
        return;
    const QJsonObject o = v.toObject();
    const bool codeableConcept = value.type == u"CodeableConcept" || o.contains(u"coding"_s)
                                 || (o.contains(u"text"_s) && !o.contains(u"code"_s) && !o.contains(u"value"_s));
    if (codeableConcept) {
        const QString conceptText = SearchText::normalize(o.value(u"text"_s).toString());
        bool textUsed = conceptText.isEmpty();
        const QJsonArray codings = o.value(u"coding"_s).toArray();
        for (const QJsonValue &codingValue : codings) {
            const QJsonObject coding = codingValue.toObject();
            const QString code = coding.value(u"code"_s).toString();
            if (code.isEmpty())
                continue;
            QString text = SearchText::normalize(coding.value(u"display"_s).toString());
            if (text.isEmpty())
                text = conceptText;
            textUsed = textUsed || text == conceptText;
            appendUnique(out, IndexEntries::Token{param, coding.value(u"system"_s).toString(), code, text});
        }
        if (!textUsed)
            appendUnique(out, IndexEntries::Token{param, {}, {}, conceptText});
        return;
    }
    if (o.value(u"value"_s).isString()) {
        const QString system = o.value(u"system"_s).toString();
        const QString valueText = o.value(u"value"_s).toString();
        if (valueText.isEmpty())
            return;
        if (value.type == u"ContactPoint" || o.contains(u"rank"_s) || isContactPointSystem(system)) {
            appendUnique(out, IndexEntries::Token{param, {}, valueText, {}});
            return;
        }
        const QString text = SearchText::normalize(o.value(u"type"_s).toObject().value(u"text"_s).toString());
        appendUnique(out, IndexEntries::Token{param, system, valueText, text});
        return;
    }
    const QString code = o.value(u"code"_s).toString();
    if (!code.isEmpty()) { // Coding
        appendUnique(out, IndexEntries::Token{param, o.value(u"system"_s).toString(), code,
                                              SearchText::normalize(o.value(u"display"_s).toString())});
    }
}

void appendString(const QString &param, const QJsonValue &v, QList<IndexEntries::String> &out)
{
    if (v.isArray()) {
        const QJsonArray array = v.toArray();
        for (const QJsonValue &item : array)
            appendString(param, item, out);
        return;
    }
    const QString exact = v.toString();
    const QString normalized = SearchText::normalize(exact);
    if (!normalized.isEmpty())
        appendUnique(out, IndexEntries::String{param, normalized, exact});
}

void extractStrings(const QString &param, const Value &value, QList<IndexEntries::String> &out)
{
    if (value.value.isString()) {
        appendString(param, value.value, out);
        return;
    }
    if (!value.value.isObject())
        return;
    // HumanName and Address parts; a value has the parts of one or the other.
    static const QStringList parts{u"text"_s, u"family"_s, u"given"_s, u"prefix"_s, u"suffix"_s, u"line"_s,
                                   u"city"_s, u"district"_s, u"state"_s, u"postalCode"_s, u"country"_s};
    const QJsonObject o = value.value.toObject();
    for (const QString &part : parts) {
        const auto it = o.constFind(part);
        if (it != o.constEnd())
            appendString(param, it.value(), out);
    }
}

void appendDate(const QString &param, const QJsonValue &v, QList<IndexEntries::Date> &out)
{
    const auto range = FhirDateRange::parse(v.toString());
    if (range)
        appendUnique(out, IndexEntries::Date{param, range->low, range->high});
}

void extractDates(const QString &param, const Value &value, QList<IndexEntries::Date> &out)
{
    if (value.value.isString()) {
        appendDate(param, value.value, out);
        return;
    }
    if (!value.value.isObject())
        return;
    const QJsonObject o = value.value.toObject();
    if (o.contains(u"start"_s) || o.contains(u"end"_s)) { // Period
        const auto start = FhirDateRange::parse(o.value(u"start"_s).toString());
        const auto end = FhirDateRange::parse(o.value(u"end"_s).toString());
        if (!start && !end)
            return;
        appendUnique(out, IndexEntries::Date{param, start ? start->low : std::numeric_limits<qint64>::min(),
                                             end ? end->high : std::numeric_limits<qint64>::max()});
        return;
    }
    const QJsonArray events = o.value(u"event"_s).toArray(); // Timing
    for (const QJsonValue &event : events)
        appendDate(param, event, out);
}

void extractReferences(const SearchParameter &parameter, const Value &value, QList<IndexEntries::Reference> &out)
{
    const auto reference = FhirReference::parse(value.value.toObject().value(u"reference"_s).toString());
    if (!reference)
        return;
    IndexEntries::Reference entry{parameter.name, reference->type, reference->id, reference->url};
    if (entry.targetType.isEmpty() && !entry.targetId.isEmpty()) {
        // A bare id only says which resource when the parameter can point at one type only.
        if (parameter.targets.size() != 1)
            return;
        entry.targetType = parameter.targets.constFirst();
    }
    appendUnique(out, std::move(entry));
}

} // namespace

SearchIndexer::SearchIndexer(const SearchParameterRegistry &registry) : m_registry(registry)
{
    const QStringList types = registry.resourceTypes();
    for (const QString &type : types) {
        QList<CompiledParameter> &compiled = m_compiled[type];
        const QList<const SearchParameter *> parameters = registry.forType(type);
        for (const SearchParameter *parameter : parameters) {
            auto expression = FhirPathLite::parse(parameter->expression);
            if (!expression) {
                // The registry refuses such tables; only a hand-made registry gets here.
                qCWarning(lcSearchIndexer) << "skipping" << type << parameter->name << expression.error();
                continue;
            }
            compiled.append(CompiledParameter{parameter, std::move(expression).value()});
        }
    }
}

QList<QStringList> SearchIndexer::memberPaths(const QString &resourceType) const
{
    QList<QStringList> paths;
    for (const CompiledParameter &compiled : m_compiled.value(resourceType))
        paths += compiled.expression.memberPaths();
    return paths;
}

IndexEntries SearchIndexer::extract(const QJsonObject &resource) const
{
    IndexEntries entries;
    const auto type = m_compiled.constFind(resource.value(u"resourceType"_s).toString());
    if (type == m_compiled.constEnd())
        return entries;
    for (const CompiledParameter &compiled : *type) {
        const SearchParameter &parameter = *compiled.parameter;
        const QList<Value> values = compiled.expression.evaluate(resource);
        for (const Value &value : values) {
            switch (parameter.type) {
            case SearchParamType::Token: extractTokens(parameter.name, value, entries.tokens); break;
            case SearchParamType::String: extractStrings(parameter.name, value, entries.strings); break;
            case SearchParamType::Date: extractDates(parameter.name, value, entries.dates); break;
            case SearchParamType::Reference: extractReferences(parameter, value, entries.references); break;
            case SearchParamType::Quantity:
            case SearchParamType::Number:
            case SearchParamType::Uri:
                break; // no served parameter has these types
            }
        }
    }
    return entries;
}

} // namespace paw::fhir
