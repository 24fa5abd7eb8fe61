#pragma once

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

    /// `r.rtype = ? AND r.seq <= ? AND <criteria>`.
    SqlFragment where(const SearchQuery &query, qint64 snapshot) const;
    /// `ORDER BY ...` ending with r.seq so that the order is total and stable.
    SqlFragment orderBy(const SearchQuery &query) const;

private:
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
