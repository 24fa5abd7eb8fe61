#pragma once

#include "fhir/search/AccessRule.h"
#include "fhir/search/SearchQuery.h"
#include "storage/SqlDialect.h"

#include <QString>
#include <QVariantList>

namespace paw::fhir {

/// SQL text plus its `?` bindings, in order.
struct SqlFragment
{
    QString sql;
    QVariantList bindings;
    bool selective = false; // keeps only the rows a subquery names (`r.seq IN (...)`)
};

/// Turns a SearchQuery into SQL over the `resource` table (alias `r`) and the idx_* tables.
/// The search semantics of each parameter type live here (FHIR R4 §3.1.1.4 and following).
class SqlSearchBuilder
{
public:
    /// `_id` and `_lastUpdated` are read from the resource table's own columns: no index rows
    /// are written for them.
    static bool isResourceColumn(const QString &parameter);

    /// `baseUrl`: this server's FHIR base, so absolute references to it match local ids.
    /// `nowMs`: the present, for the `ap` prefix.
    SqlSearchBuilder(const storage::SqlDialect &dialect, QString baseUrl, qint64 nowMs);

    /// `r.rtype = ? AND r.seq <= ? AND <criteria> AND <access rule>`; the rule is the query's
    /// access constraints for its type, when it has some.
    SqlFragment where(const SearchQuery &query, qint64 snapshot) const;
    /// ` AND <condition>` on `r` that keeps what `rule` lets through (empty when it lets
    /// everything through). For other queries on `r` that return resources (reverse includes).
    SqlFragment access(const QString &resourceType, const AccessRule &rule) const;
    /// `ORDER BY ...` ending with r.seq so that the order is total and stable.
    SqlFragment orderBy(const SearchQuery &query) const;

private:
    /// The criteria joined by AND (empty for none); selective when one of them is. `failClosed`:
    /// a criterion that has no SQL form matches nothing (else it is left out).
    SqlFragment conjunction(const QString &resourceType, const QList<SearchCriterion> &criteria, bool failClosed) const;
    SqlFragment criterion(const QString &resourceType, const SearchCriterion &criterion) const;
    SqlFragment valueCondition(const SearchCriterion &criterion, const SearchValue &value) const;

    const storage::SqlDialect &m_dialect;
    QString m_baseUrl;
    qint64 m_nowMs;
};

/// Escapes `%`, `_` and `\` for a LIKE pattern with ESCAPE '\'.
QString escapeLike(const QString &text);

/// The idx_ref rows (columns prefixed by `alias`, e.g. "x.") whose target is a resource of this
/// server: relative references, and absolute URLs under `baseUrl`. A URL on another server also
/// gets a type and id in the index, but it names someone else's resource.
SqlFragment localReference(const QString &alias, const QString &baseUrl);

} // namespace paw::fhir
