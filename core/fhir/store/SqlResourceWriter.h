#pragma once

#include "Expected.h"
#include "fhir/search/SearchIndexer.h"
#include "fhir/store/IncomingResource.h"
#include "fhir/store/IndexProjection.h"
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
/// The CPU work (parsing, serialization, content hash, index extraction) runs on every core,
/// a chunk ahead of the database work, which runs on this thread (SQLite has one writer) through
/// the database's storage::SqlSession.
class SqlResourceWriter
{
public:
    SqlResourceWriter(storage::Database &database, const SearchIndexer &indexer, QSet<QString> servedTypes);

    /// Each document is one resource's JSON text (IncomingResource says what it must be).
    Expected<WriteSummary, QString> write(const QList<QByteArray> &documents, qint64 nowMs,
                                          const ResourceStore::Progress &progress);
    /// The same for resources built as objects (stored as their compact text would be).
    Expected<WriteSummary, QString> write(const QList<QJsonObject> &resources, qint64 nowMs,
                                          const ResourceStore::Progress &progress);

private:
    struct Prepared;
    Prepared prepare(const QByteArray &document, qsizetype position) const;
    Prepared prepare(const QJsonObject &resource, qsizetype position) const;
    Prepared prepared(Expected<IncomingResource, QString> incoming, qsizetype position) const;
    template<typename Document>
    std::vector<Prepared> prepareRange(const QList<Document> &documents, qsizetype from, qsizetype to) const;
    template<typename Document>
    Expected<WriteSummary, QString> writeAll(const QList<Document> &documents, qint64 nowMs,
                                             const ResourceStore::Progress &progress);

    storage::Database &m_database;
    const SearchIndexer &m_indexer;
    const IndexProjection m_projection;
    QSet<QString> m_types;
};

} // namespace paw::fhir
