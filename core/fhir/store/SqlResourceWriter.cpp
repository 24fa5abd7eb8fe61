#include "fhir/store/SqlResourceWriter.h"

#include "platform/BackgroundThread.h"

#include <QDateTime>

#include <algorithm>
#include <future>
#include <utility>
#include <vector>

namespace paw::fhir {

namespace {

// Resources prepared (on every core) while the database thread writes the previous chunk.
constexpr qsizetype kChunk = 1000;

} // namespace

SqlResourceWriter::SqlResourceWriter(storage::Database &database, const ResourcePreparer &preparer)
    : m_database(database)
    , m_preparer(preparer)
{
}

Expected<WriteSummary, QString> SqlResourceWriter::write(const QList<QByteArray> &documents, qint64 nowMs,
                                                         const ResourceStore::Progress &progress)
{
    return writeAll(documents, nowMs, progress);
}

Expected<WriteSummary, QString> SqlResourceWriter::write(const QList<QJsonObject> &resources, qint64 nowMs,
                                                         const ResourceStore::Progress &progress)
{
    return writeAll(resources, nowMs, progress);
}

Expected<WriteSummary, QString> SqlResourceWriter::write(std::vector<PreparedResource> prepared, qint64 nowMs,
                                                         const ResourceStore::Progress &progress)
{
    const qsizetype total = qsizetype(prepared.size());
    return writeChunks(total, [&prepared] { return std::exchange(prepared, {}); }, nowMs, progress);
}

template<typename Document>
Expected<WriteSummary, QString> SqlResourceWriter::writeAll(const QList<Document> &resources, qint64 nowMs,
                                                            const ResourceStore::Progress &progress)
{
    // A pipeline: while this thread writes one chunk (SQLite has one writer), the next chunk is
    // prepared on every core. Returning (even early, on an error) waits for the chunk in flight.
    const auto prepareChunk = [this, &resources](qsizetype from) {
        return std::async(std::launch::async, [this, &resources, from] {
            platform::BackgroundThread::markCurrent(); // this thread, the writer, comes first
            return m_preparer.prepareRange(resources, from, std::min(resources.size(), from + kChunk));
        });
    };
    std::future<std::vector<PreparedResource>> next;
    if (!resources.isEmpty())
        next = prepareChunk(0);
    qsizetype from = 0;
    return writeChunks(resources.size(), [&] {
        if (from >= resources.size())
            return std::vector<PreparedResource>();
        std::vector<PreparedResource> chunk = next.get();
        from += kChunk;
        if (from < resources.size())
            next = prepareChunk(from);
        return chunk;
    }, nowMs, progress);
}

Expected<WriteSummary, QString> SqlResourceWriter::writeChunks(qsizetype total, const NextChunk &nextChunk, qint64 nowMs,
                                                               const ResourceStore::Progress &progress)
{
    const QByteArray nowJson = '"' + QDateTime::fromMSecsSinceEpoch(nowMs, Qt::UTC).toString(Qt::ISODateWithMs).toLatin1() + '"';
    // The first failing resource in order ends the batch and the transaction is rolled back, so a
    // bad resource anywhere still writes nothing.
    std::unique_ptr<storage::SqlSession> writer = m_database.sqlSession();
    if (!writer)
        return QString(QStringLiteral("the database is not open: ") + m_database.connectionError());
    const auto fail = [&writer](const QString &message) -> Expected<WriteSummary, QString> {
        writer->rollback();
        return message;
    };
    for (const QString &setup : m_database.dialect().bulkWriteSetup()) {
        const auto statement = writer->prepare(setup);
        const auto ran = statement ? (*statement)->exec({}) : Expected<bool, QString>(statement.error());
        if (!ran)
            return QString(QStringLiteral("cannot prepare the database for writing: ") + ran.error());
        (*statement)->finish();
    }
    if (const QString error = writer->begin(); !error.isEmpty())
        return fail(QStringLiteral("cannot start a transaction: ") + error);
    QString prepareError;
    const auto checked = [&prepareError](Expected<storage::SqlSession::Statement *, QString> prepared) -> storage::SqlSession::Statement * {
        if (!prepared) {
            if (prepareError.isEmpty())
                prepareError = prepared.error();
            return nullptr;
        }
        return *prepared;
    };
    const auto statement = [&writer, &checked](const QString &sql) { return checked(writer->prepare(sql)); };
    auto *find = statement(QStringLiteral("SELECT seq, version, content_hash FROM resource WHERE rtype = ? AND id = ?"));
    // New resources (most of an import) are inserted without a lookup first; a resource that is
    // already there returns no seq and takes the update path.
    auto *insert = checked(writer->prepareInsert(QStringLiteral("INSERT INTO resource (rtype, id, version, last_updated, content_hash, json)"
                                                                " VALUES (?, ?, 1, ?, ?, ?) ON CONFLICT (rtype, id) DO NOTHING"),
                                                 QStringLiteral("seq")));
    // The version an update replaces moves to the history; the current one lives in `resource` only.
    auto *keep = statement(QStringLiteral("INSERT INTO resource_history (rtype, id, version, last_updated, json)"
                                          " SELECT rtype, id, version, last_updated, json FROM resource WHERE seq = ?"));
    auto *update = statement(QStringLiteral("UPDATE resource SET version = ?, last_updated = ?, content_hash = ?,"
                                            " json = ? WHERE seq = ?"));
    QList<storage::SqlSession::Statement *> clear;
    for (const char *table : {"idx_token", "idx_string", "idx_date", "idx_ref"})
        clear << statement(QStringLiteral("DELETE FROM ") + QLatin1String(table) + QStringLiteral(" WHERE seq = ?"));
    if (!prepareError.isEmpty())
        return fail(prepareError);
    auto *tokens = writer->inserter(QStringLiteral("idx_token"), {QStringLiteral("seq"), QStringLiteral("rtype"), QStringLiteral("param"), QStringLiteral("system"), QStringLiteral("code"), QStringLiteral("text")});
    auto *strings = writer->inserter(QStringLiteral("idx_string"), {QStringLiteral("seq"), QStringLiteral("rtype"), QStringLiteral("param"), QStringLiteral("norm"), QStringLiteral("exact")});
    auto *dates = writer->inserter(QStringLiteral("idx_date"), {QStringLiteral("seq"), QStringLiteral("rtype"), QStringLiteral("param"), QStringLiteral("lo"), QStringLiteral("hi")});
    auto *references = writer->inserter(QStringLiteral("idx_ref"), {QStringLiteral("seq"), QStringLiteral("rtype"), QStringLiteral("param"), QStringLiteral("ttype"), QStringLiteral("tid"), QStringLiteral("url")});
    const auto flushIndexes = [&]() -> QString {
        for (auto *inserter : {tokens, strings, dates, references}) {
            if (QString error = inserter->flush(); !error.isEmpty())
                return error;
        }
        return {};
    };

    WriteSummary summary;
    QByteArray json;
    // Freeing a written chunk's buffers is left to another thread: on this one it cost ~5%.
    std::future<void> disposal;
    for (std::vector<PreparedResource> prepared = nextChunk(); !prepared.empty(); prepared = nextChunk()) {
        for (const PreparedResource &p : prepared) {
            if (!p.error.isEmpty())
                return fail(p.error);
        }
        for (const PreparedResource &p : prepared) {
            if (progress && p.position % 1000 == 0)
                progress(p.position, total);
            json = p.resource.stored("\"1\"", nowJson);
            const auto inserted = insert->exec({p.typeUtf8, p.idUtf8, nowMs, p.resource.hash, storage::SqlValue::document(json)});
            if (!inserted)
                return fail(p.where() + QStringLiteral(": ") + inserted.error());
            qint64 seq = 0;
            if (*inserted) {
                seq = insert->intValue(0);
                insert->finish();
                ++summary.created;
            } else {
                const auto found = find->exec({p.typeUtf8, p.idUtf8});
                if (!found || !*found)
                    return fail(p.where() + QStringLiteral(": ") + (found ? QStringLiteral("neither inserted nor found") : found.error()));
                seq = find->intValue(0);
                const qint64 version = find->intValue(1) + 1;
                const bool unchanged = find->textValue(2) == p.resource.hash;
                find->finish();
                if (unchanged) {
                    ++summary.unchanged;
                    continue;
                }
                json = p.resource.stored(QByteArray('"' + QByteArray::number(version) + '"'), nowJson);
                // Pending index rows may belong to this resource: write them before clearing.
                if (const QString error = flushIndexes(); !error.isEmpty())
                    return fail(p.where() + QStringLiteral(": the search index could not be written: ") + error);
                if (const auto kept = keep->exec({seq}); !kept)
                    return fail(p.where() + QStringLiteral(": ") + kept.error());
                if (const auto updated = update->exec({version, nowMs, p.resource.hash, storage::SqlValue::document(json), seq}); !updated)
                    return fail(p.where() + QStringLiteral(": ") + updated.error());
                for (auto *q : std::as_const(clear)) {
                    if (const auto cleared = q->exec({seq}); !cleared)
                        return fail(p.where() + QStringLiteral(": ") + cleared.error());
                }
                ++summary.updated;
            }

            QString error;
            for (const auto &e : p.tokens) {
                if (error.isEmpty())
                    error = tokens->add({seq, p.typeUtf8, e[0], e[1], e[2], e[3]});
            }
            for (const auto &e : p.strings) {
                if (error.isEmpty())
                    error = strings->add({seq, p.typeUtf8, e[0], e[1], e[2]});
            }
            for (const auto &e : p.dates) {
                if (error.isEmpty())
                    error = dates->add({seq, p.typeUtf8, e.param, e.low, e.high});
            }
            for (const auto &e : p.references) {
                if (error.isEmpty())
                    error = references->add({seq, p.typeUtf8, e[0], e[1], e[2], e[3]});
            }
            if (!error.isEmpty())
                return fail(p.where() + QStringLiteral(": the search index could not be written: ") + error);
        }
        if (disposal.valid())
            disposal.wait();
        disposal = std::async(std::launch::async, [done = std::move(prepared)]() mutable { done.clear(); });
    }
    if (const QString error = flushIndexes(); !error.isEmpty())
        return fail(QStringLiteral("the search index could not be written: ") + error);
    if (const QString error = writer->commit(); !error.isEmpty())
        return fail(QStringLiteral("cannot commit: ") + error);
    if (progress)
        progress(total, total);
    return summary;
}

} // namespace paw::fhir
