#include "fhir/search/SearchIndexer.h"

#include "fhir/search/FhirDateRange.h"
#include "fhir/search/FhirReference.h"
#include "fhir/search/SearchText.h"

#include "fhir/JsonElement.h"

#include <QLoggingCategory>

#include <algorithm>
#include <limits>
#include <optional>

using namespace Qt::StringLiterals;

Q_LOGGING_CATEGORY(lcSearchIndexer, "fhir.search.indexer")

namespace paw::fhir {

namespace {

using json::element;
using json::element_type;
using json::qString;

// ContactPoint.system codes; an Identifier's system is a URI, so it never is one of these.
bool isContactPointSystem(std::string_view system)
{
    static constexpr std::string_view systems[] = {"phone", "fax", "email", "pager", "url", "sms", "other"};
    return std::find(std::begin(systems), std::end(systems), system) != std::end(systems);
}

template <class Entry>
void appendUnique(QList<Entry> &list, Entry entry)
{
    if (std::find(list.cbegin(), list.cend(), entry) == list.cend())
        list.append(std::move(entry));
}

QString normalized(std::string_view text)
{
    return text.empty() ? QString() : SearchText::normalize(qString(text));
}

void extractTokens(const QString &param, element v, const QString &type, QList<IndexEntries::Token> &out)
{
    if (v.type() == element_type::BOOL) {
        appendUnique(out, IndexEntries::Token{param, {}, v.get_bool().value_unsafe() ? u"true"_s : u"false"_s, {}});
        return;
    }
    if (v.type() == element_type::STRING) {
        if (const std::string_view text = json::text(v); !text.empty())
            appendUnique(out, IndexEntries::Token{param, {}, qString(text), {}});
        return;
    }
    if (v.type() != element_type::OBJECT)
        return;
    element found;
    const bool codeableConcept = type == u"CodeableConcept" || json::hasMember(v, "coding")
                                 || (json::hasMember(v, "text") && !json::hasMember(v, "code") && !json::hasMember(v, "value"));
    if (codeableConcept) {
        const QString conceptText = normalized(json::textOf(v, "text"));
        bool textUsed = conceptText.isEmpty();
        if (json::member(v, "coding", found) && found.type() == element_type::ARRAY) {
            for (element coding : json::items(found)) {
                const std::string_view code = json::textOf(coding, "code");
                if (code.empty())
                    continue;
                QString text = normalized(json::textOf(coding, "display"));
                if (text.isEmpty())
                    text = conceptText;
                textUsed = textUsed || text == conceptText;
                appendUnique(out, IndexEntries::Token{param, qString(json::textOf(coding, "system")), qString(code), text});
            }
        }
        if (!textUsed)
            appendUnique(out, IndexEntries::Token{param, {}, {}, conceptText});
        return;
    }
    if (json::member(v, "value", found) && found.type() == element_type::STRING) {
        const std::string_view system = json::textOf(v, "system");
        const std::string_view valueText = json::text(found);
        if (valueText.empty())
            return;
        if (type == u"ContactPoint" || json::hasMember(v, "rank") || isContactPointSystem(system)) {
            appendUnique(out, IndexEntries::Token{param, {}, qString(valueText), {}});
            return;
        }
        element identifierType;
        const QString text = json::member(v, "type", identifierType) ? normalized(json::textOf(identifierType, "text")) : QString();
        appendUnique(out, IndexEntries::Token{param, qString(system), qString(valueText), text});
        return;
    }
    if (const std::string_view code = json::textOf(v, "code"); !code.empty()) { // Coding
        appendUnique(out, IndexEntries::Token{param, qString(json::textOf(v, "system")), qString(code),
                                              normalized(json::textOf(v, "display"))});
    }
}

void appendString(const QString &param, element v, QList<IndexEntries::String> &out)
{
    if (v.type() == element_type::ARRAY) {
        for (element item : json::items(v))
            appendString(param, item, out);
        return;
    }
    const QString exact = qString(json::text(v));
    const QString normalized = SearchText::normalize(exact);
    if (!normalized.isEmpty())
        appendUnique(out, IndexEntries::String{param, normalized, exact});
}

void extractStrings(const QString &param, element v, QList<IndexEntries::String> &out)
{
    if (v.type() == element_type::STRING) {
        appendString(param, v, out);
        return;
    }
    if (v.type() != element_type::OBJECT)
        return;
    // HumanName and Address parts; a value has the parts of one or the other.
    static constexpr std::string_view parts[] = {"text", "family", "given", "prefix", "suffix", "line",
                                                 "city", "district", "state", "postalCode", "country"};
    element found;
    for (const std::string_view part : parts) {
        if (json::member(v, part, found))
            appendString(param, found, out);
    }
}

std::optional<FhirDateRange> dateRange(std::string_view text)
{
    if (text.empty())
        return std::nullopt;
    return FhirDateRange::parse(qString(text));
}

void appendDate(const QString &param, element v, QList<IndexEntries::Date> &out)
{
    if (const auto range = dateRange(json::text(v)))
        appendUnique(out, IndexEntries::Date{param, range->low, range->high});
}

void extractDates(const QString &param, element v, QList<IndexEntries::Date> &out)
{
    if (v.type() == element_type::STRING) {
        appendDate(param, v, out);
        return;
    }
    if (v.type() != element_type::OBJECT)
        return;
    if (json::hasMember(v, "start") || json::hasMember(v, "end")) { // Period
        const auto start = dateRange(json::textOf(v, "start"));
        const auto end = dateRange(json::textOf(v, "end"));
        if (!start && !end)
            return;
        appendUnique(out, IndexEntries::Date{param, start ? start->low : std::numeric_limits<qint64>::min(),
                                             end ? end->high : std::numeric_limits<qint64>::max()});
        return;
    }
    element events; // Timing
    if (json::member(v, "event", events) && events.type() == element_type::ARRAY) {
        for (element event : json::items(events))
            appendDate(param, event, out);
    }
}

void extractReferences(const SearchParameter &parameter, element v, QList<IndexEntries::Reference> &out)
{
    const std::string_view text = json::textOf(v, "reference");
    if (text.empty())
        return;
    const auto reference = FhirReference::parse(qString(text));
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

IndexEntries SearchIndexer::extract(const simdjson::dom::element &resource) const
{
    return extract(resource, {});
}

IndexEntries SearchIndexer::extract(const simdjson::dom::element &resource, const QStringList &parameters) const
{
    IndexEntries entries;
    const QString resourceType = qString(json::textOf(resource, "resourceType"));
    const auto type = m_compiled.constFind(resourceType);
    if (type == m_compiled.constEnd())
        return entries;
    for (const CompiledParameter &compiled : *type) {
        const SearchParameter &parameter = *compiled.parameter;
        if (!parameters.isEmpty() && !parameters.contains(parameter.name))
            continue;
        compiled.expression.evaluate(resource, resourceType, [&](const element &value, const QString &valueType) {
            switch (parameter.type) {
            case SearchParamType::Token: extractTokens(parameter.name, value, valueType, entries.tokens); break;
            case SearchParamType::String: extractStrings(parameter.name, value, entries.strings); break;
            case SearchParamType::Date: extractDates(parameter.name, value, entries.dates); break;
            case SearchParamType::Reference: extractReferences(parameter, value, entries.references); break;
            case SearchParamType::Quantity:
            case SearchParamType::Number:
            case SearchParamType::Uri:
                break; // no served parameter has these types
            }
        });
    }
    return entries;
}

IndexEntries SearchIndexer::extract(const QJsonObject &resource) const
{
    simdjson::dom::parser parser;
    element root;
    if (!json::parse(resource, parser, root))
        return {};
    return extract(root);
}

} // namespace paw::fhir
