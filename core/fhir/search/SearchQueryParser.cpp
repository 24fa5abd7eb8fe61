#include "fhir/search/SearchQueryParser.h"

#include "fhir/search/FhirDateRange.h"
#include "fhir/search/FhirReference.h"
#include "fhir/search/FhirResourceTypes.h"
#include "fhir/search/SearchText.h"

#include <QRegularExpression>

#include <limits>

using namespace Qt::StringLiterals;

namespace paw::fhir {

namespace {

constexpr int maxCount = 500;

// Splits on every `separator` not escaped with a backslash; escapes are kept for the next level.
QStringList splitUnescaped(const QString &text, QChar separator)
{
    QStringList parts;
    QString current;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const QChar c = text.at(i);
        if (c == u'\\' && i + 1 < text.size()) {
            current.append(c);
            current.append(text.at(++i));
        } else if (c == separator) {
            parts.append(current);
            current.clear();
        } else {
            current.append(c);
        }
    }
    parts.append(current);
    return parts;
}

// "\," -> ",", "\|" -> "|", "\$" -> "$", "\\" -> "\".
QString unescape(const QString &text)
{
    if (!text.contains(u'\\'))
        return text;
    QString out;
    out.reserve(text.size());
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text.at(i) == u'\\' && i + 1 < text.size())
            ++i;
        out.append(text.at(i));
    }
    return out;
}

std::optional<qint64> parseDigits(const QString &text)
{
    static const QRegularExpression digits(u"^[0-9]+$"_s);
    if (!digits.match(text).hasMatch())
        return std::nullopt;
    bool ok = false;
    const qint64 value = text.toLongLong(&ok);
    return ok ? std::optional<qint64>(value) : std::nullopt;
}

bool isAllDigits(const QString &text)
{
    static const QRegularExpression digits(u"^[0-9]+$"_s);
    return digits.match(text).hasMatch();
}

class QueryBuilder
{
public:
    QueryBuilder(const SearchParameterRegistry &registry, const QString &resourceType, bool lenient)
        : m_registry(registry), m_lenient(lenient)
    {
        m_query.resourceType = resourceType;
    }

    std::optional<FhirError> add(const QString &name, const QString &value)
    {
        const qsizetype colon = name.indexOf(u':');
        const QString base = colon < 0 ? name : name.left(colon);
        const QString modifier = colon < 0 ? QString() : name.mid(colon + 1);

        if (base == u"_format" || base == u"_pretty")
            return std::nullopt; // the HTTP layer handles these
        if (value.isEmpty())
            return FhirError::invalid(u"Parameter '%1' has an empty value"_s.arg(name), name);
        if (base == u"_include" || base == u"_revinclude")
            return addInclude(name, base == u"_revinclude", modifier, value);
        if (base.startsWith(u'_') && isResultParameter(base)) {
            if (!modifier.isEmpty())
                return FhirError::invalid(u"Parameter '%1' takes no modifier"_s.arg(base), name);
            return addResultParameter(base, value);
        }
        const SearchParameter *parameter = m_registry.find(m_query.resourceType, base);
        if (!parameter) {
            // Prefer: handling=lenient: "the server SHALL ignore any unknown or unsupported parameter".
            if (m_lenient) {
                m_query.ignored.append(name);
                return std::nullopt;
            }
            return FhirError::invalid(
                u"Unknown search parameter '%1' for resource type %2"_s.arg(base, m_query.resourceType), name);
        }
        return addCriterion(*parameter, name, modifier, value);
    }

    SearchQuery take() { return std::move(m_query); }

private:
    static bool isResultParameter(const QString &base)
    {
        static const QStringList names{u"_count"_s, u"_offset"_s, u"_snapshot"_s, u"_sort"_s,
                                       u"_total"_s, u"_summary"_s, u"_elements"_s};
        return names.contains(base);
    }

    std::optional<FhirError> addResultParameter(const QString &name, const QString &value)
    {
        if (name == u"_count") {
            if (!isAllDigits(value))
                return FhirError::invalid(u"_count must be a whole number from 0 to 500, not '%1'"_s.arg(value), name);
            // More than the server's page limit is answered with the limit, not refused.
            const auto count = parseDigits(value);
            m_query.count = count && *count <= maxCount ? int(*count) : maxCount;
        } else if (name == u"_offset") {
            const auto offset = parseDigits(value);
            if (!offset || *offset > std::numeric_limits<int>::max())
                return FhirError::invalid(u"_offset must be a whole number, not '%1'"_s.arg(value), name);
            m_query.offset = int(*offset);
        } else if (name == u"_snapshot") {
            const auto snapshot = parseDigits(value);
            if (!snapshot)
                return FhirError::invalid(u"_snapshot must be a whole number, not '%1'"_s.arg(value), name);
            m_query.snapshot = *snapshot;
        } else if (name == u"_sort") {
            const QStringList keys = value.split(u',');
            for (const QString &key : keys) {
                SortSpec sort;
                sort.descending = key.startsWith(u'-');
                sort.parameter = sort.descending ? key.mid(1) : key;
                const SearchParameter *parameter = m_registry.find(m_query.resourceType, sort.parameter);
                const bool sortable = sort.parameter == u"_id" || sort.parameter == u"_lastUpdated"
                                      || (parameter && parameter->type == SearchParamType::Date);
                if (!sortable)
                    return FhirError::invalid(
                        u"Cannot sort %1 by '%2': sort by _lastUpdated, _id or a date parameter"_s.arg(
                            m_query.resourceType, key),
                        name);
                m_query.sort.append(sort);
            }
        } else if (name == u"_total") {
            if (value == u"none")
                m_query.total = TotalMode::None;
            else if (value == u"estimate")
                m_query.total = TotalMode::Estimate;
            else if (value == u"accurate")
                m_query.total = TotalMode::Accurate;
            else
                return FhirError::invalid(u"_total must be none, estimate or accurate, not '%1'"_s.arg(value), name);
        } else if (name == u"_summary") {
            if (value == u"count")
                m_query.summaryCount = true;
            else if (value != u"false")
                return FhirError::notSupported(u"_summary=%1 is not supported (count and false are)"_s.arg(value));
        } else if (name == u"_elements") {
            static const QRegularExpression element(u"^[A-Za-z][A-Za-z0-9_]*$"_s);
            const QStringList elements = value.split(u',');
            for (const QString &e : elements) {
                if (!element.match(e).hasMatch())
                    return FhirError::invalid(u"_elements: '%1' is not an element name"_s.arg(e), name);
                if (!m_query.elements.contains(e))
                    m_query.elements.append(e);
            }
        }
        return std::nullopt;
    }

    std::optional<FhirError> addInclude(const QString &name, bool reverse, const QString &modifier,
                                        const QString &value)
    {
        IncludeSpec spec;
        if (modifier == u"iterate")
            spec.iterate = true;
        else if (!modifier.isEmpty())
            return FhirError::invalid(u"Unsupported modifier '%1' (only :iterate)"_s.arg(name), name);
        const QStringList parts = value.split(u':');
        if (parts.size() < 2 || parts.size() > 3 || parts.at(0).isEmpty() || parts.at(1).isEmpty())
            return FhirError::invalid(u"%1 must be Type:parameter[:targetType], not '%2'"_s.arg(name, value), name);
        spec.sourceType = parts.at(0);
        spec.parameter = parts.at(1);
        spec.targetType = parts.size() == 3 ? parts.at(2) : QString();
        if (m_registry.forType(spec.sourceType).isEmpty())
            return FhirError::invalid(u"%1: unknown resource type '%2'"_s.arg(name, spec.sourceType), name);
        // "_include=Type:param": the source is what was searched, unless the include iterates.
        if (!reverse && !spec.iterate && spec.sourceType != m_query.resourceType)
            return FhirError::invalid(
                u"%1=%2: the source type must be %3 (or use :iterate)"_s.arg(name, value, m_query.resourceType), name);
        if (spec.parameter == u"*") {
            if (!spec.targetType.isEmpty())
                return FhirError::invalid(u"%1=%2: '*' takes no target type"_s.arg(name, value), name);
        } else {
            const SearchParameter *parameter = m_registry.find(spec.sourceType, spec.parameter);
            if (!parameter || parameter->type != SearchParamType::Reference)
                return FhirError::invalid(
                    u"%1=%2: '%3' is not a reference parameter of %4"_s.arg(name, value, spec.parameter, spec.sourceType),
                    name);
            if (!spec.targetType.isEmpty() && !parameter->targets.contains(spec.targetType))
                return FhirError::invalid(
                    u"%1=%2: %3:%4 cannot point at '%5'"_s.arg(name, value, spec.sourceType, spec.parameter,
                                                                spec.targetType),
                    name);
            // A reverse include must be able to point at the searched type.
            if (reverse && !spec.iterate && !parameter->targets.contains(m_query.resourceType))
                return FhirError::invalid(u"%1=%2: %3:%4 never points at %5"_s.arg(name, value, spec.sourceType,
                                                                                  spec.parameter, m_query.resourceType),
                                          name);
        }
        (reverse ? m_query.revIncludes : m_query.includes).append(spec);
        return std::nullopt;
    }

    std::optional<FhirError> addCriterion(const SearchParameter &parameter, const QString &name,
                                          const QString &modifier, const QString &value)
    {
        SearchCriterion criterion;
        criterion.parameter = &parameter;
        if (!modifier.isEmpty()) {
            const auto error = readModifier(parameter, name, modifier, criterion);
            if (error)
                return error;
        }
        const QStringList alternatives = splitUnescaped(value, u',');
        for (const QString &alternative : alternatives) {
            if (alternative.isEmpty())
                return FhirError::invalid(u"Parameter '%1' has an empty value in '%2'"_s.arg(name, value), name);
            auto parsed = readValue(parameter, name, criterion, alternative);
            if (!parsed)
                return parsed.error();
            criterion.anyOf.append(std::move(parsed).value());
        }
        m_query.criteria.append(std::move(criterion));
        return std::nullopt;
    }

    static std::optional<FhirError> readModifier(const SearchParameter &parameter, const QString &name,
                                                 const QString &modifier, SearchCriterion &criterion)
    {
        const SearchParamType type = parameter.type;
        if (modifier == u"missing")
            criterion.modifier = Modifier::Missing;
        else if (type == SearchParamType::String && modifier == u"exact")
            criterion.modifier = Modifier::Exact;
        else if (type == SearchParamType::String && modifier == u"contains")
            criterion.modifier = Modifier::Contains;
        else if (type == SearchParamType::Token && modifier == u"text")
            criterion.modifier = Modifier::Text;
        else if (type == SearchParamType::Token && modifier == u"not")
            criterion.modifier = Modifier::Not;
        else if (type == SearchParamType::Reference && FhirResourceTypes::isKnown(modifier)) {
            if (!parameter.targets.contains(modifier))
                return FhirError::invalid(
                    u"Parameter '%1' cannot point at %2 (targets: %3)"_s.arg(parameter.name, modifier,
                                                                            parameter.targets.join(u", "_s)),
                    name);
            criterion.modifier = Modifier::Type;
            criterion.modifierType = modifier;
        } else {
            return FhirError::invalid(
                u"Unsupported modifier ':%1' on %2 parameter '%3'"_s.arg(modifier, toString(type), parameter.name),
                name);
        }
        return std::nullopt;
    }

    static Expected<SearchValue, FhirError> readValue(const SearchParameter &parameter, const QString &name,
                                                      const SearchCriterion &criterion, const QString &raw)
    {
        if (criterion.modifier == Modifier::Missing) {
            if (raw == u"true")
                return SearchValue(MissingValue{true});
            if (raw == u"false")
                return SearchValue(MissingValue{false});
            return FhirError::invalid(u"%1 takes true or false, not '%2'"_s.arg(name, raw), name);
        }
        switch (parameter.type) {
        case SearchParamType::Token: return readToken(name, criterion, raw);
        case SearchParamType::String: return readString(name, raw);
        case SearchParamType::Date: return readDate(name, raw);
        case SearchParamType::Reference: return readReference(parameter, name, criterion, raw);
        case SearchParamType::Quantity:
        case SearchParamType::Number:
        case SearchParamType::Uri: break;
        }
        return FhirError::notSupported(
            u"Searching %1 parameters ('%2') is not supported"_s.arg(toString(parameter.type), parameter.name));
    }

    static Expected<SearchValue, FhirError> readToken(const QString &name, const SearchCriterion &criterion,
                                                      const QString &raw)
    {
        if (criterion.modifier == Modifier::Text)
            return readString(name, raw);
        const QStringList parts = splitUnescaped(raw, u'|');
        if (parts.size() > 2)
            return FhirError::invalid(u"%1: '%2' has more than one '|' (escape it as \\|)"_s.arg(name, raw), name);
        TokenValue token;
        if (parts.size() == 1) {
            token.code = unescape(parts.at(0));
        } else {
            token.system = unescape(parts.at(0));
            token.code = unescape(parts.at(1));
            if (token.system->isEmpty() && token.code.isEmpty())
                return FhirError::invalid(u"%1: '|' names neither a system nor a code"_s.arg(name), name);
        }
        return SearchValue(token);
    }

    static Expected<SearchValue, FhirError> readString(const QString &name, const QString &raw)
    {
        StringValue value;
        value.raw = unescape(raw);
        value.normalized = SearchText::normalize(value.raw);
        if (value.normalized.isEmpty())
            return FhirError::invalid(u"%1: the value is blank"_s.arg(name), name);
        return SearchValue(value);
    }

    static Expected<SearchValue, FhirError> readDate(const QString &name, const QString &raw)
    {
        static const struct
        {
            const char16_t *text;
            Prefix prefix;
        } prefixes[] = {{u"eq", Prefix::Eq}, {u"ne", Prefix::Ne}, {u"gt", Prefix::Gt},
                        {u"lt", Prefix::Lt}, {u"ge", Prefix::Ge}, {u"le", Prefix::Le},
                        {u"sa", Prefix::Sa}, {u"eb", Prefix::Eb}, {u"ap", Prefix::Ap}};
        DateValue value;
        QString text = unescape(raw);
        if (text.size() >= 2 && text.at(0).isLetter()) {
            const QStringView head = QStringView(text).left(2);
            bool known = false;
            for (const auto &p : prefixes) {
                if (head == QStringView(p.text)) {
                    value.prefix = p.prefix;
                    known = true;
                    break;
                }
            }
            if (!known)
                return FhirError::invalid(u"%1: unknown prefix in '%2'"_s.arg(name, raw), name);
            text = text.mid(2);
        }
        const auto range = FhirDateRange::parse(text);
        if (!range)
            return FhirError::invalid(u"%1: '%2' is not a FHIR date, dateTime or instant"_s.arg(name, raw), name);
        value.low = range->low;
        value.high = range->high;
        return SearchValue(value);
    }

    static Expected<SearchValue, FhirError> readReference(const SearchParameter &parameter, const QString &name,
                                                          const SearchCriterion &criterion, const QString &raw)
    {
        const QString text = unescape(raw);
        ReferenceValue value;
        if (criterion.modifier == Modifier::Type) {
            // "subject:Patient=123": the modifier names the type, the value is the id.
            if (!FhirReference::isValidId(text))
                return FhirError::invalid(u"%1: '%2' is not a resource id"_s.arg(name, raw), name);
            value.type = criterion.modifierType;
            value.id = text;
            return SearchValue(value);
        }
        const auto reference = FhirReference::parse(text);
        if (!reference)
            return FhirError::invalid(u"%1: '%2' is not a reference (id, Type/id or absolute URL)"_s.arg(name, raw),
                                      name);
        value.type = reference->type;
        value.id = reference->id;
        value.url = reference->url;
        if (value.url.isEmpty() && !value.type.isEmpty() && !parameter.targets.contains(value.type))
            return FhirError::invalid(u"Parameter '%1' cannot point at %2 (targets: %3)"_s.arg(
                                          parameter.name, value.type, parameter.targets.join(u", "_s)),
                                      name);
        if (value.type.isEmpty() && !value.id.isEmpty() && parameter.targets.size() == 1)
            value.type = parameter.targets.constFirst();
        return SearchValue(value);
    }

    const SearchParameterRegistry &m_registry;
    const bool m_lenient;
    SearchQuery m_query;
};

} // namespace

SearchQueryParser::SearchQueryParser(const SearchParameterRegistry &registry) : m_registry(registry) {}

Expected<SearchQuery, FhirError> SearchQueryParser::parse(const QString &resourceType,
                                                          const QList<QPair<QString, QString>> &parameters,
                                                          bool lenient) const
{
    if (m_registry.forType(resourceType).isEmpty())
        return FhirError::notFound(u"Resource type '%1' is not served here"_s.arg(resourceType));
    QueryBuilder builder(m_registry, resourceType, lenient);
    for (const auto &[name, value] : parameters) {
        if (name.isEmpty())
            return FhirError::invalid(u"A parameter has no name"_s);
        const auto error = builder.add(name, value);
        if (error)
            return *error;
    }
    return builder.take();
}

} // namespace paw::fhir
