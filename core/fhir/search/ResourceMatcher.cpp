#include "fhir/search/ResourceMatcher.h"

#include <simdjson.h>

#include <algorithm>
#include <limits>

namespace paw::fhir {

namespace {

constexpr qint64 kDayMs = 24LL * 3600 * 1000;

QStringList parameterNames(const AccessRule &rule)
{
    QStringList names;
    const auto add = [&names](const QList<SearchCriterion> &criteria) {
        for (const SearchCriterion &c : criteria) {
            if (c.parameter && !names.contains(c.parameter->name))
                names.append(c.parameter->name);
        }
    };
    add(rule.all);
    for (const QList<SearchCriterion> &alternative : rule.anyOf)
        add(alternative);
    return names;
}

// Whether the parameter has any index entry in `entries`, for :missing.
bool hasEntry(const IndexEntries &entries, const SearchParameter &parameter)
{
    const auto named = [&parameter](const auto &entry) { return entry.param == parameter.name; };
    switch (parameter.type) {
    case SearchParamType::Token: return std::any_of(entries.tokens.cbegin(), entries.tokens.cend(), named);
    case SearchParamType::String: return std::any_of(entries.strings.cbegin(), entries.strings.cend(), named);
    case SearchParamType::Date: return std::any_of(entries.dates.cbegin(), entries.dates.cend(), named);
    case SearchParamType::Reference: return std::any_of(entries.references.cbegin(), entries.references.cend(), named);
    default: return false;
    }
}

// SqlSearchBuilder::valueCondition's date prefixes, for one index range.
bool dateMatches(const DateValue &d, const IndexEntries::Date &e, qint64 nowMs)
{
    const qint64 lo = d.low, hi = d.high;
    const bool within = e.low >= lo && e.high <= hi;
    switch (d.prefix) {
    case Prefix::Eq: return within;
    case Prefix::Ne: return !within;
    case Prefix::Gt: return e.high > hi;
    case Prefix::Lt: return e.low < lo;
    case Prefix::Ge: return e.high > hi || within;
    case Prefix::Le: return e.low < lo || within;
    case Prefix::Sa: return e.low > hi;
    case Prefix::Eb: return e.high < lo;
    case Prefix::Ap: {
        const qint64 gap = std::max(std::abs(nowMs - lo), std::abs(nowMs - hi));
        const qint64 margin = std::max(kDayMs, gap / 10);
        const qint64 from = lo > std::numeric_limits<qint64>::min() + margin ? lo - margin : lo;
        const qint64 to = hi < std::numeric_limits<qint64>::max() - margin ? hi + margin : hi;
        return e.low <= to && e.high >= from;
    }
    }
    return false;
}

bool tokenMatches(const TokenValue &t, const IndexEntries::Token &e)
{
    if (!t.system)
        return e.code == t.code;
    if (t.code.isEmpty())
        return e.system == *t.system;
    return e.code == t.code && e.system == *t.system;
}

} // namespace

ResourceMatcher::ResourceMatcher(const SearchIndexer &indexer, QString baseUrl)
    : m_indexer(indexer)
    , m_baseUrl(std::move(baseUrl))
    , m_parser(std::make_unique<simdjson::dom::parser>())
{
}

ResourceMatcher::~ResourceMatcher() = default;

bool ResourceMatcher::matches(const QByteArray &json, const AccessRule &rule, qint64 nowMs) const
{
    if (rule.denied)
        return false;
    if (rule.isUnrestricted())
        return true;
    simdjson::dom::element root;
    if (m_parser->parse(json.constData(), std::size_t(json.size())).get(root))
        return false;
    return matches(m_indexer.extract(root, parameterNames(rule)), rule, nowMs);
}

bool ResourceMatcher::matches(const IndexEntries &entries, const AccessRule &rule, qint64 nowMs) const
{
    if (rule.denied)
        return false;
    const auto meetsAll = [&](const QList<SearchCriterion> &criteria) {
        return std::all_of(criteria.cbegin(), criteria.cend(),
                           [&](const SearchCriterion &c) { return matches(entries, c, nowMs); });
    };
    if (!meetsAll(rule.all))
        return false;
    return rule.anyOf.isEmpty() || std::any_of(rule.anyOf.cbegin(), rule.anyOf.cend(), meetsAll);
}

bool ResourceMatcher::matches(const IndexEntries &entries, const SearchCriterion &c, qint64 nowMs) const
{
    // As in SQL (SqlSearchBuilder::access): a criterion without values keeps nothing.
    if (!c.parameter || c.anyOf.isEmpty())
        return false;
    if (c.modifier == Modifier::Missing) {
        bool wantMissing = false, wantPresent = false;
        for (const SearchValue &value : c.anyOf) {
            if (const auto *m = std::get_if<MissingValue>(&value))
                (m->missing ? wantMissing : wantPresent) = true;
        }
        const bool present = hasEntry(entries, *c.parameter);
        return (wantMissing && !present) || (wantPresent && present);
    }
    const bool any = std::any_of(c.anyOf.cbegin(), c.anyOf.cend(),
                                 [&](const SearchValue &value) { return matchesValue(entries, c, value, nowMs); });
    // :not keeps the resources none of whose entries match any value (SQL: NOT IN).
    return c.modifier == Modifier::Not ? !any : any;
}

bool ResourceMatcher::matchesValue(const IndexEntries &entries, const SearchCriterion &c, const SearchValue &value,
                                   qint64 nowMs) const
{
    const QString &name = c.parameter->name;
    switch (c.parameter->type) {
    case SearchParamType::Token:
        for (const IndexEntries::Token &e : entries.tokens) {
            if (e.param != name)
                continue;
            if (c.modifier == Modifier::Text) {
                const auto *s = std::get_if<StringValue>(&value);
                const QString text = s ? s->normalized : QString();
                if (!text.isEmpty() && (e.text.startsWith(text) || e.text.contains(QLatin1Char(' ') + text)))
                    return true;
            } else if (const auto *t = std::get_if<TokenValue>(&value); t && tokenMatches(*t, e)) {
                return true;
            }
        }
        return false;
    case SearchParamType::String: {
        const auto *s = std::get_if<StringValue>(&value);
        if (!s)
            return false;
        return std::any_of(entries.strings.cbegin(), entries.strings.cend(), [&](const IndexEntries::String &e) {
            if (e.param != name)
                return false;
            if (c.modifier == Modifier::Exact)
                return e.exact == s->raw;
            if (c.modifier == Modifier::Contains)
                return e.normalized.contains(s->normalized);
            return e.normalized.startsWith(s->normalized);
        });
    }
    case SearchParamType::Date: {
        const auto *d = std::get_if<DateValue>(&value);
        return d && std::any_of(entries.dates.cbegin(), entries.dates.cend(), [&](const IndexEntries::Date &e) {
                   return e.param == name && dateMatches(*d, e, nowMs);
               });
    }
    case SearchParamType::Reference: {
        const auto *ref = std::get_if<ReferenceValue>(&value);
        if (!ref)
            return false;
        const bool valueIsLocal = ref->url.isEmpty() || isLocal(ref->url);
        return std::any_of(entries.references.cbegin(), entries.references.cend(), [&](const IndexEntries::Reference &e) {
            if (e.param != name)
                return false;
            const bool entryIsLocal = e.url.isEmpty() || isLocal(e.url);
            if (c.modifier == Modifier::Type)
                return e.targetId == ref->id && e.targetType == c.modifierType && entryIsLocal;
            if (!valueIsLocal || ref->id.isEmpty())
                return !e.url.isEmpty() && e.url == ref->url;
            return e.targetId == ref->id && (ref->type.isEmpty() || e.targetType == ref->type) && entryIsLocal;
        });
    }
    default:
        return false;
    }
}

bool ResourceMatcher::isLocal(const QString &url) const
{
    return !m_baseUrl.isEmpty() && url.size() > m_baseUrl.size() && url.startsWith(m_baseUrl)
           && url.at(m_baseUrl.size()) == QLatin1Char('/');
}

} // namespace paw::fhir
