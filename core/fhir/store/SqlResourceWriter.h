#pragma once

#include "Expected.h"
#include "fhir/store/PreparedResource.h"
#include "fhir/store/ResourcePreparer.h"
#include "fhir/store/ResourceStore.h"
#include "storage/Database.h"

#include <QJsonObject>
#include <QList>

#include <functional>
#include <vector>

namespace paw::fhir {

/// Writes a batch of resources in one transaction: the current version in `resource`, the
/// version it replaces in `resource_history`, and the search index rows.
///
/// The CPU work (ResourcePreparer: parsing, serialization, content hash, index extraction) runs
/// on every core, a chunk ahead of the database work, which runs on this thread (SQLite has one
/// writer) through the database's storage::SqlSession; or it was done by the caller beforehand.
class SqlResourceWriter
{
public:
    SqlResourceWriter(storage::Database &database, const ResourcePreparer &preparer);

    /// Each document is one resource's JSON text (IncomingResource says what it must be).
    Expected<WriteSummary, QString> write(const QList<QByteArray> &documents, qint64 nowMs,
                                          const ResourceStore::Progress &progress);
    /// The same for resources built as objects (stored as their compact text would be).
    Expected<WriteSummary, QString> write(const QList<QJsonObject> &resources, qint64 nowMs,
                                          const ResourceStore::Progress &progress);
    /// Resources a ResourcePreparer made, in order.
    Expected<WriteSummary, QString> write(std::vector<PreparedResource> prepared, qint64 nowMs,
                                          const ResourceStore::Progress &progress);

private:
    /// The next chunk to write; empty when there is none.
    using NextChunk = std::function<std::vector<PreparedResource>()>;
    template<typename Document>
    Expected<WriteSummary, QString> writeAll(const QList<Document> &documents, qint64 nowMs,
                                             const ResourceStore::Progress &progress);
    Expected<WriteSummary, QString> writeChunks(qsizetype total, const NextChunk &nextChunk, qint64 nowMs,
                                                const ResourceStore::Progress &progress);

    storage::Database &m_database;
    const ResourcePreparer &m_preparer;
};

} // namespace paw::fhir
