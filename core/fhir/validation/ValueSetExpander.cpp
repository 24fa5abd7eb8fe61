#include "fhir/validation/ValueSetExpander.h"

#include "fhir/validation/FhirPackageSet.h"

#include <QJsonArray>
#include <QJsonObject>
#include <optional>

using namespace Qt::StringLiterals;

namespace paw::fhir {

namespace {

// Every code of a concept list, nested concepts included.
void collectConcepts(const QJsonArray &concepts, QSet<QString> &codes)
{
    for (const QJsonValue &value : concepts) {
        const QJsonObject entry = value.toObject();
        codes.insert(entry.value(u"code"_s).toString());
        collectConcepts(entry.value(u"concept"_s).toArray(), codes);
    }
}

// Whether parent/child properties (not only nesting) shape the hierarchy, which is-a would need.
bool hasPropertyHierarchy(const QJsonArray &concepts)
{
    for (const QJsonValue &value : concepts) {
        const QJsonObject entry = value.toObject();
        for (const QJsonValue &property : entry.value(u"property"_s).toArray()) {
            const QString code = property.toObject().value(u"code"_s).toString();
            if (code == u"parent"_s || code == u"child"_s || code == u"subsumedBy"_s)
                return true;
        }
        if (hasPropertyHierarchy(entry.value(u"concept"_s).toArray()))
            return true;
    }
    return false;
}

std::optional<QJsonObject> findConcept(const QJsonArray &concepts, const QString &code)
{
    for (const QJsonValue &value : concepts) {
        const QJsonObject entry = value.toObject();
        if (entry.value(u"code"_s).toString() == code)
            return entry;
        if (auto inner = findConcept(entry.value(u"concept"_s).toArray(), code))
            return inner;
    }
    return std::nullopt;
}

} // namespace

const ValueSetExpander::Result &ValueSetExpander::expand(const QString &canonical, const FhirPackage *context)
{
    const QString key = canonical + u'@' + (context ? context->label() : QString());
    auto it = m_cache.find(key);
    if (it == m_cache.end())
        it = m_cache.insert(key, compute(canonical, context, 0));
    return *it;
}

Expected<QSet<QString>, QString> ValueSetExpander::systemCodes(const QString &system, const QString &version,
                                                               const FhirPackage *context)
{
    const auto codeSystem = m_packages.resolve(system, context);
    if (!codeSystem || codeSystem.resource.value(u"resourceType"_s).toString() != u"CodeSystem"_s)
        return QString(u"code system %1 is not loaded"_s.arg(system));
    if (codeSystem.resource.value(u"content"_s).toString() != u"complete"_s)
        return QString(u"code system %1 is loaded without its codes (content: %2)"_s.arg(
            system, codeSystem.resource.value(u"content"_s).toString()));
    const QString loadedVersion = codeSystem.resource.value(u"version"_s).toString();
    if (!version.isEmpty() && version != loadedVersion)
        return QString(u"code system %1 version %2 is not loaded (%3 is)"_s.arg(system, version, loadedVersion));
    QSet<QString> codes;
    collectConcepts(codeSystem.resource.value(u"concept"_s).toArray(), codes);
    return codes;
}

Expected<QSet<QString>, QString> ValueSetExpander::filteredCodes(const QString &system, const QJsonObject &include,
                                                                 const FhirPackage *context)
{
    const auto codeSystem = m_packages.resolve(system, context);
    if (!codeSystem || codeSystem.resource.value(u"content"_s).toString() != u"complete"_s)
        return QString(u"filter on code system %1, which is not loaded with its codes"_s.arg(system));
    const QJsonArray concepts = codeSystem.resource.value(u"concept"_s).toArray();
    if (hasPropertyHierarchy(concepts))
        return QString(u"filter on code system %1, whose hierarchy is not only nesting"_s.arg(system));
    std::optional<QSet<QString>> result;
    for (const QJsonValue &value : include.value(u"filter"_s).toArray()) {
        const QJsonObject filter = value.toObject();
        const QString op = filter.value(u"op"_s).toString();
        if (filter.value(u"property"_s).toString() != u"concept"_s || (op != u"is-a"_s && op != u"descendent-of"_s))
            return QString(u"filter %1 %2 on %3 is not evaluated locally"_s.arg(
                filter.value(u"property"_s).toString(), op, system));
        const auto entry = findConcept(concepts, filter.value(u"value"_s).toString());
        QSet<QString> codes;
        if (entry) {
            if (op == u"is-a"_s)
                codes.insert(entry->value(u"code"_s).toString());
            collectConcepts(entry->value(u"concept"_s).toArray(), codes);
        }
        result = result ? result->intersect(codes) : codes;
    }
    return result.value_or(QSet<QString>());
}

Expected<QSet<QString>, QString> ValueSetExpander::includeCodes(const QJsonObject &include, const FhirPackage *context,
                                                                int depth)
{
    const QString system = include.value(u"system"_s).toString();
    std::optional<QSet<QString>> codes; // "system|code"
    if (!system.isEmpty()) {
        QSet<QString> fromSystem;
        if (include.contains(u"concept"_s)) {
            for (const QJsonValue &value : include.value(u"concept"_s).toArray())
                fromSystem.insert(value.toObject().value(u"code"_s).toString());
        } else if (include.contains(u"filter"_s)) {
            auto filtered = filteredCodes(system, include, context);
            if (!filtered)
                return filtered.error();
            fromSystem = std::move(*filtered);
        } else {
            auto all = systemCodes(system, include.value(u"version"_s).toString(), context);
            if (!all)
                return all.error();
            fromSystem = std::move(*all);
        }
        QSet<QString> qualified;
        for (const QString &code : std::as_const(fromSystem))
            qualified.insert(system + u'|' + code);
        codes = std::move(qualified);
    }
    // include.valueSet: the intersection of those value sets (and of the system part, if any).
    for (const QJsonValue &value : include.value(u"valueSet"_s).toArray()) {
        const Result inner = compute(value.toString(), context, depth + 1);
        if (!inner)
            return inner.error();
        codes = codes ? codes->intersect((*inner)->codes) : (*inner)->codes;
    }
    return codes.value_or(QSet<QString>());
}

ValueSetExpander::Result ValueSetExpander::compute(const QString &canonical, const FhirPackage *context, int depth)
{
    if (depth > 16)
        return QString(u"value set %1 includes itself"_s.arg(canonical));
    const auto found = m_packages.resolve(canonical, context);
    if (!found || found.resource.value(u"resourceType"_s).toString() != u"ValueSet"_s) {
        return QString(u"value set %1 is not loaded"_s.arg(canonical));
    }
    const QJsonObject compose = found.resource.value(u"compose"_s).toObject();
    if (compose.isEmpty())
        return QString(u"value set %1 has no compose"_s.arg(canonical));
    auto expansion = std::make_shared<Expansion>();
    for (const QJsonValue &value : compose.value(u"include"_s).toArray()) {
        auto codes = includeCodes(value.toObject(), found.package, depth);
        if (!codes)
            return QString(u"value set %1: %2"_s.arg(canonical, codes.error()));
        expansion->codes.unite(*codes);
    }
    for (const QJsonValue &value : compose.value(u"exclude"_s).toArray()) {
        auto codes = includeCodes(value.toObject(), found.package, depth);
        if (!codes)
            return QString(u"value set %1: %2"_s.arg(canonical, codes.error()));
        expansion->codes.subtract(*codes);
    }
    for (const QString &code : std::as_const(expansion->codes))
        expansion->bareCodes.insert(code.mid(code.indexOf(u'|') + 1));
    return std::shared_ptr<const Expansion>(std::move(expansion));
}

} // namespace paw::fhir
