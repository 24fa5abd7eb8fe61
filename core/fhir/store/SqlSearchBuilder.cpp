#include "fhir/store/SqlSearchBuilder.h"

#include "fhir/search/AccessConstraints.h"

#include <QStringList>
#include <limits>

namespace paw::fhir {

namespace {

QString tableFor(const SearchParameter &parameter)
{
    // Shaped like the index table of the parameter's type; SQLite flattens these into a query
    // on `resource` that its (rtype, id) and (rtype, last_updated) indexes serve.
    if (parameter.name == QLatin1String("_id"))
        return QStringLiteral("(SELECT seq, rtype, '_id' AS param, '' AS system, id AS code, '' AS text FROM resource)");
    if (parameter.name == QLatin1String("_lastUpdated"))
        return QStringLiteral("(SELECT seq, rtype, '_lastUpdated' AS param, last_updated AS lo, last_updated AS hi FROM resource)");
    switch (parameter.type) {
    case SearchParamType::Token: return QStringLiteral("idx_token");
    case SearchParamType::String: return QStringLiteral("idx_string");
    case SearchParamType::Date: return QStringLiteral("idx_date");
    case SearchParamType::Reference: return QStringLiteral("idx_ref");
    default: return {};
    }
}

// The largest code point: appended to a prefix it bounds every string that starts with it.
const QString kPrefixEnd = QString::fromUcs4(U"\U0010FFFF");

constexpr qint64 kDayMs = 24LL * 3600 * 1000;

} // namespace

QString escapeLike(const QString &text)
{
    QString out;
    out.reserve(text.size());
    for (const QChar c : text) {
        if (c == u'%' || c == u'_' || c == u'\\')
            out += u'\\';
        out += c;
    }
    return out;
}

SqlFragment localReference(const QString &alias, const QString &baseUrl)
{
    if (baseUrl.isEmpty())
        return {alias + QStringLiteral("url = ''"), {}};
    const QString prefix = baseUrl + QLatin1Char('/');
    return {QStringLiteral("(") + alias + QStringLiteral("url = '' OR substr(") + alias
                + QStringLiteral("url, 1, ?) = ?)"),
            {prefix.size(), prefix}};
}

bool SqlSearchBuilder::isResourceColumn(const QString &parameter)
{
    return parameter == QLatin1String("_id") || parameter == QLatin1String("_lastUpdated");
}

SqlSearchBuilder::SqlSearchBuilder(const storage::SqlDialect &dialect, QString baseUrl, qint64 nowMs)
    : m_dialect(dialect)
    , m_baseUrl(std::move(baseUrl))
    , m_nowMs(nowMs)
{
}

SqlFragment SqlSearchBuilder::where(const SearchQuery &query, qint64 snapshot) const
{
    SqlFragment criteria = conjunction(query.resourceType, query.criteria, false);
    if (!criteria.sql.isEmpty())
        criteria.sql.prepend(QStringLiteral(" AND "));
    if (query.access) {
        const SqlFragment limits =
            access(query.resourceType, query.access->ruleFor(query.resourceType, AccessInteraction::Search));
        criteria.sql += limits.sql;
        criteria.bindings += limits.bindings;
        criteria.selective = criteria.selective || limits.selective;
    }
    // With a selective criterion (an IN subquery), let it drive the plan rather than the scan of
    // the whole type.
    const QString type = criteria.selective ? m_dialect.notIndexed(QStringLiteral("r.rtype")) : QStringLiteral("r.rtype");
    SqlFragment out{type + QStringLiteral(" = ? AND r.seq <= ?"), {query.resourceType, snapshot}};
    out.sql += criteria.sql;
    out.bindings += criteria.bindings;
    return out;
}

SqlFragment SqlSearchBuilder::access(const QString &resourceType, const AccessRule &rule) const
{
    if (rule.denied)
        return {QStringLiteral(" AND 1 = 0"), {}};
    SqlFragment out = conjunction(resourceType, rule.all, true);
    if (!out.sql.isEmpty())
        out.sql.prepend(QStringLiteral(" AND "));
    if (rule.anyOf.isEmpty())
        return out;
    // Alternatives are ORed, so none of them alone names the rows: they never make the query selective.
    QStringList alternatives;
    for (const QList<SearchCriterion> &criteria : rule.anyOf) {
        const SqlFragment part = conjunction(resourceType, criteria, true);
        alternatives << (part.sql.isEmpty() ? QStringLiteral("1 = 1") : QStringLiteral("(") + part.sql + QStringLiteral(")"));
        out.bindings += part.bindings;
    }
    out.sql += QStringLiteral(" AND (") + alternatives.join(QStringLiteral(" OR ")) + QStringLiteral(")");
    return out;
}

SqlFragment SqlSearchBuilder::conjunction(const QString &resourceType, const QList<SearchCriterion> &criteria,
                                          bool failClosed) const
{
    SqlFragment out;
    QStringList parts;
    for (const SearchCriterion &c : criteria) {
        const SqlFragment part = criterion(resourceType, c);
        if (part.sql.isEmpty()) {
            // A query's criterion without SQL (a type the index lacks) keeps everything; an access
            // rule's keeps nothing, as ResourceMatcher does in memory.
            if (failClosed)
                parts << QStringLiteral("1 = 0");
            continue;
        }
        out.selective = out.selective || part.selective;
        parts << part.sql;
        out.bindings += part.bindings;
    }
    out.sql = parts.join(QStringLiteral(" AND "));
    return out;
}

SqlFragment SqlSearchBuilder::orderBy(const SearchQuery &query) const
{
    SqlFragment out{QStringLiteral(" ORDER BY "), {}};
    for (const SortSpec &sort : query.sort) {
        const QString direction = sort.descending ? QStringLiteral(" DESC, ") : QStringLiteral(" ASC, ");
        if (sort.parameter == QLatin1String("_lastUpdated")) {
            out.sql += QStringLiteral("r.last_updated") + direction;
        } else if (sort.parameter == QLatin1String("_id")) {
            out.sql += QStringLiteral("r.id") + direction;
        } else {
            // A resource with several dates sorts by its earliest (ascending) or latest (descending);
            // one without a value sorts last either way (FHIR leaves this to the server).
            const QString aggregate = sort.descending ? QStringLiteral("MAX(d.hi)") : QStringLiteral("MIN(d.lo)");
            const QString value = QStringLiteral("(SELECT ") + aggregate
                                  + QStringLiteral(" FROM idx_date d WHERE d.seq = r.seq AND d.param = ?)");
            out.sql += QStringLiteral("CASE WHEN ") + value + QStringLiteral(" IS NULL THEN 1 ELSE 0 END, ")
                       + value + direction;
            out.bindings << sort.parameter << sort.parameter;
        }
    }
    out.sql += QStringLiteral("r.seq ASC");
    return out;
}

SqlFragment SqlSearchBuilder::criterion(const QString &resourceType, const SearchCriterion &c) const
{
    const QString table = tableFor(*c.parameter);
    if (table.isEmpty() || c.anyOf.isEmpty())
        return {};
    // The rows of the parameter, and how a resource is tested against them. idx_date has no index
    // by value: dates are random, and such an index made every large import rewrite most of its
    // pages (2.4x slower at 600k resources). A date criterion tests each candidate's own rows (the
    // table's key starts with seq); the other criteria, or the scan of the type, choose the
    // candidates. Patient Access searches are always for one patient.
    const bool perCandidate = c.parameter->type == SearchParamType::Date && !isResourceColumn(c.parameter->name);
    const QString rows = perCandidate
                             ? QStringLiteral("SELECT 1 FROM idx_date d WHERE d.seq = r.seq AND d.param = ?")
                             : QStringLiteral("SELECT seq FROM ") + table + QStringLiteral(" WHERE rtype = ? AND param = ?");
    const QVariantList rowBindings = perCandidate ? QVariantList{c.parameter->name} : QVariantList{resourceType, c.parameter->name};
    const auto has = [perCandidate](bool present) {
        if (perCandidate)
            return present ? QStringLiteral("EXISTS (") : QStringLiteral("NOT EXISTS (");
        return present ? QStringLiteral("r.seq IN (") : QStringLiteral("r.seq NOT IN (");
    };

    if (c.modifier == Modifier::Missing) {
        // :missing=true: no index row for the parameter; :missing=false: at least one.
        // Several values ORed: true,false matches everything.
        bool wantMissing = false, wantPresent = false;
        for (const SearchValue &value : c.anyOf) {
            if (const auto *m = std::get_if<MissingValue>(&value))
                (m->missing ? wantMissing : wantPresent) = true;
        }
        if (wantMissing && wantPresent)
            return {QStringLiteral("1 = 1"), {}};
        return {has(!wantMissing) + rows + QStringLiteral(")"), rowBindings, !wantMissing && !perCandidate};
    }

    const bool present = c.modifier != Modifier::Not;
    SqlFragment out{has(present) + rows + QStringLiteral(" AND ("), rowBindings, present && !perCandidate};
    QStringList ors;
    for (const SearchValue &value : c.anyOf) {
        const SqlFragment condition = valueCondition(c, value);
        if (condition.sql.isEmpty())
            continue;
        ors << QStringLiteral("(") + condition.sql + QStringLiteral(")");
        out.bindings += condition.bindings;
    }
    if (ors.isEmpty())
        ors << QStringLiteral("1 = 0");
    out.sql += ors.join(QStringLiteral(" OR ")) + QStringLiteral("))");
    return out;
}

SqlFragment SqlSearchBuilder::valueCondition(const SearchCriterion &c, const SearchValue &value) const
{
    switch (c.parameter->type) {
    case SearchParamType::Token: {
        if (c.modifier == Modifier::Text) {
            // R4: ":text ... the search parameter is processed as a string that searches text associated
            // with the code/value" and a string matches when the value "equals or starts with" it. The
            // text is matched from the start of any of its words (a display is a phrase), never mid-word.
            QString text;
            if (const auto *s = std::get_if<StringValue>(&value))
                text = s->normalized;
            else if (const auto *t = std::get_if<TokenValue>(&value))
                text = t->code.toLower();
            const QString pattern = escapeLike(text) + QStringLiteral("%");
            return {QStringLiteral("text LIKE ? ESCAPE '\\' OR text LIKE ? ESCAPE '\\'"),
                    {pattern, QString(QStringLiteral("% ") + pattern)}};
        }
        const auto *t = std::get_if<TokenValue>(&value);
        if (!t)
            return {};
        if (!t->system)
            return {QStringLiteral("code = ?"), {t->code}};
        if (t->code.isEmpty())
            return {QStringLiteral("system = ?"), {*t->system}};
        return {QStringLiteral("code = ? AND system = ?"), {t->code, *t->system}};
    }
    case SearchParamType::String: {
        const auto *s = std::get_if<StringValue>(&value);
        if (!s)
            return {};
        if (c.modifier == Modifier::Exact)
            return {QStringLiteral("exact = ?"), {s->raw}};
        if (c.modifier == Modifier::Contains)
            return {QStringLiteral("norm LIKE ? ESCAPE '\\'"), {QString(QStringLiteral("%") + escapeLike(s->normalized) + QStringLiteral("%"))}};
        // Default: starts with, as a range so that the index is used.
        return {QStringLiteral("norm >= ? AND norm < ?"), {s->normalized, QString(s->normalized + kPrefixEnd)}};
    }
    case SearchParamType::Date: {
        const auto *d = std::get_if<DateValue>(&value);
        if (!d)
            return {};
        const qint64 lo = d->low, hi = d->high;
        switch (d->prefix) {
        // eq: the range of the search value fully contains the range of the target value.
        case Prefix::Eq: return {QStringLiteral("lo >= ? AND hi <= ?"), {lo, hi}};
        case Prefix::Ne: return {QStringLiteral("NOT (lo >= ? AND hi <= ?)"), {lo, hi}};
        // gt: the range above the search value intersects the range of the target value.
        case Prefix::Gt: return {QStringLiteral("hi > ?"), {hi}};
        // lt: the range below the search value intersects the range of the target value.
        case Prefix::Lt: return {QStringLiteral("lo < ?"), {lo}};
        // ge/le: as gt/lt, or the search value's range fully contains the target's.
        case Prefix::Ge: return {QStringLiteral("hi > ? OR (lo >= ? AND hi <= ?)"), {hi, lo, hi}};
        case Prefix::Le: return {QStringLiteral("lo < ? OR (lo >= ? AND hi <= ?)"), {lo, lo, hi}};
        // sa/eb: the target starts after / ends before the search value's range.
        case Prefix::Sa: return {QStringLiteral("lo > ?"), {hi}};
        case Prefix::Eb: return {QStringLiteral("hi < ?"), {lo}};
        case Prefix::Ap: {
            // ap: within 10% of the gap between now and the value, at least a day each side.
            const qint64 gap = std::max(std::abs(m_nowMs - lo), std::abs(m_nowMs - hi));
            const qint64 margin = std::max(kDayMs, gap / 10);
            const qint64 from = lo > std::numeric_limits<qint64>::min() + margin ? lo - margin : lo;
            const qint64 to = hi < std::numeric_limits<qint64>::max() - margin ? hi + margin : hi;
            return {QStringLiteral("lo <= ? AND hi >= ?"), {to, from}};
        }
        }
        return {};
    }
    case SearchParamType::Reference: {
        const auto *ref = std::get_if<ReferenceValue>(&value);
        if (!ref)
            return {};
        // An id, Type/id or URL of this server names a local resource; an index row from a URL on
        // another server that ends in the same Type/id does not point at it.
        const SqlFragment local = localReference(QString(), m_baseUrl);
        const auto localTarget = [&local](const QString &sql, QVariantList bindings) {
            return SqlFragment{sql + QStringLiteral(" AND ") + local.sql, bindings + local.bindings};
        };
        if (c.modifier == Modifier::Type)
            return localTarget(QStringLiteral("tid = ? AND ttype = ?"), {ref->id, c.modifierType});
        const bool isLocal = ref->url.isEmpty()
                             || (!m_baseUrl.isEmpty() && ref->url.startsWith(m_baseUrl + QLatin1Char('/')));
        if (!isLocal || ref->id.isEmpty())
            return {QStringLiteral("url <> '' AND url = ?"), {ref->url}}; // the first term lets idx_ref_url's WHERE apply
        if (ref->type.isEmpty())
            return localTarget(QStringLiteral("tid = ?"), {ref->id});
        return localTarget(QStringLiteral("tid = ? AND ttype = ?"), {ref->id, ref->type});
    }
    default:
        return {};
    }
}

} // namespace paw::fhir
