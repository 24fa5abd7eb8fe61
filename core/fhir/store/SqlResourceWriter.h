#pragma once

#include "Expected.h"
#include "fhir/search/SearchIndexer.h"
#include "fhir/store/ResourceStore.h"
#include "storage/Database.h"

#include <QJsonObject>
#include <QList>
#include <QSet>

#include <vector>

namespace paw::fhir {

/// Writes a batch of resources in one transaction: the current version in `resource`, the
/// version it replaces in `resource_history`, and the search index rows.
///
/// The CPU work (validation, serialization, content hash, index extraction) runs on every core,
/// a chunk ahead of the database work, which runs on this thread (SQLite has one writer) through
/// the database's storage::SqlSession.
class SqlResourceWriter
{
public:
    SqlResourceWriter(storage::Database &database, const SearchIndexer &indexer, QSet<QString> servedTypes);

    Expected<WriteSummary, QString> write(const QList<QJsonObject> &resources, qint64 nowMs,
                                          const ResourceStore::Progress &progress);

private:
    struct Prepared;
    Prepared prepare(const QJsonObject &resource, qsizetype position, const QString &nowText) const;
    std::vector<Prepared> prepareRange(const QList<QJsonObject> &resources, qsizetype from, qsizetype to,
                                       const QString &nowText) const;

    storage::Database &m_database;
    const SearchIndexer &m_indexer;
    QSet<QString> m_types;
};

} // namespace paw::fhir
