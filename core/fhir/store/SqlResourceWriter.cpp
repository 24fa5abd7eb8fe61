#include "fhir/store/SqlResourceWriter.h"

#include <QDateTime>

#include <algorithm>
#include <array>
#include <future>
#include <thread>
#include <vector>

#include "fhir/search/FhirReference.h"
#include "fhir/store/SqlSearchBuilder.h"

namespace paw::fhir {

namespace {

// Resources prepared (on every core) while the database thread writes the previous chunk.
constexpr qsizetype kChunk = 1000;

QByteArray utf8(const QString &value)
{
    return value.toUtf8();
}

QString describe(qsizetype position, const QString &type, const QString &id)
{
    if (type.isEmpty())
        return QStringLiteral("resource %1").arg(position + 1);
    return QStringLiteral("resource %1 (%2/%3)").arg(position + 1).arg(type, id);
}

} // namespace

struct SqlResourceWriter::Prepared
{
    qsizetype position = 0;
    QString error;
    IncomingResource resource; // json and hash, with placeholders for the version and lastUpdated
    QByteArray typeUtf8;
    QByteArray idUtf8;
    // The index rows, already UTF-8 so that the database thread only binds them.
    QList<std::array<QByteArray, 4>> tokens; // param, system, code, text
    QList<std::array<QByteArray, 3>> strings; // param, norm, exact
    struct Date
    {
        QByteArray param;
        qint64 low;
        qint64 high;
    };
    QList<Date> dates;
    QList<std::array<QByteArray, 4>> references; // param, ttype, tid, url

    QString where() const { return describe(position, resource.type, resource.id); }
};

SqlResourceWriter::SqlResourceWriter(storage::Database &database, const SearchIndexer &indexer, QSet<QString> servedTypes)
    : m_database(database)
    , m_indexer(indexer)
    , m_projection(indexer)
    , m_types(std::move(servedTypes))
{
}

SqlResourceWriter::Prepared SqlResourceWriter::prepare(const QByteArray &document, qsizetype position) const
{
    return prepared(IncomingResource::parse(document, m_projection), position);
}

SqlResourceWriter::Prepared SqlResourceWriter::prepare(const QJsonObject &resource, qsizetype position) const
{
    return prepared(IncomingResource::fromObject(resource, m_projection), position);
}

SqlResourceWriter::Prepared SqlResourceWriter::prepared(Expected<IncomingResource, QString> incoming, qsizetype position) const
{
    Prepared p;
    p.position = position;
    if (!incoming) {
        p.error = describe(position, {}, {}) + QStringLiteral(": ") + incoming.error();
        return p;
    }
    p.resource = std::move(incoming).value();
    if (!m_types.contains(p.resource.type)) {
        p.error = p.where() + QStringLiteral(": resourceType '%1' is not served by PAW").arg(p.resource.type);
        return p;
    }
    if (!FhirReference::isValidId(p.resource.id)) {
        p.error = p.where() + QStringLiteral(": id must be 1-64 characters of A-Z, a-z, 0-9, '-' and '.'");
        return p;
    }
    p.typeUtf8 = utf8(p.resource.type);
    p.idUtf8 = utf8(p.resource.id);
    const IndexEntries entries = m_indexer.extract(p.resource.indexed);
    p.resource.indexed = QJsonObject(); // not needed any more: free it on this thread, not the writer's
    // _id and _lastUpdated are columns of `resource` (SqlSearchBuilder reads them there).
    p.tokens.reserve(entries.tokens.size());
    for (const auto &e : entries.tokens) {
        if (!SqlSearchBuilder::isResourceColumn(e.param))
            p.tokens.append({utf8(e.param), utf8(e.system), utf8(e.code), utf8(e.text)});
    }
    p.strings.reserve(entries.strings.size());
    for (const auto &e : entries.strings)
        p.strings.append({utf8(e.param), utf8(e.normalized), utf8(e.exact)});
    p.dates.reserve(entries.dates.size());
    for (const auto &e : entries.dates) {
        if (!SqlSearchBuilder::isResourceColumn(e.param))
            p.dates.append({utf8(e.param), e.low, e.high});
    }
    p.references.reserve(entries.references.size());
    for (const auto &e : entries.references)
        p.references.append({utf8(e.param), utf8(e.targetType), utf8(e.targetId), utf8(e.url)});
    return p;
}

template<typename Document>
std::vector<SqlResourceWriter::Prepared> SqlResourceWriter::prepareRange(const QList<Document> &resources,
                                                                         qsizetype from, qsizetype to) const
{
    std::vector<Prepared> prepared(to - from);
    const qsizetype threads = std::clamp<qsizetype>(std::thread::hardware_concurrency(), 1, 8);
    const qsizetype slice = (prepared.size() + threads - 1) / threads;
    const auto work = [&](qsizetype start, qsizetype end) {
        for (qsizetype i = start; i < end; ++i)
            prepared[i - from] = prepare(resources.at(i), i);
    };
    std::vector<std::future<void>> jobs;
    for (qsizetype start = from + slice; start < to; start += slice)
        jobs.push_back(std::async(std::launch::async, work, start, std::min(to, start + slice)));
    work(from, std::min(to, from + slice));
    for (auto &job : jobs)
        job.get();
    return prepared;
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

template<typename Document>
Expected<WriteSummary, QString> SqlResourceWriter::writeAll(const QList<Document> &resources, qint64 nowMs,
                                                            const ResourceStore::Progress &progress)
{
    const QByteArray nowJson = '"' + QDateTime::fromMSecsSinceEpoch(nowMs, Qt::UTC).toString(Qt::ISODateWithMs).toLatin1() + '"';

    // A pipeline: while this thread writes one chunk (SQLite has one writer), the next chunk is
    // prepared on every core. The first failing resource in file order ends the batch, and the
    // transaction is rolled back, so a bad resource anywhere still writes nothing.
    const auto prepareChunk = [this, &resources](qsizetype from) {
        return std::async(std::launch::async, [this, &resources, from] {
            return prepareRange(resources, from, std::min(resources.size(), from + kChunk));
        });
    };
    std::future<std::vector<Prepared>> next;
    if (!resources.isEmpty())
        next = prepareChunk(0);

    std::unique_ptr<storage::SqlSession> writer = m_database.sqlSession();
    if (!writer)
        return QString(QStringLiteral("the database is not open: ") + m_database.connectionError());
    // Waits for the preparation still running before the futures' data goes away.
    const auto fail = [&writer, &next](const QString &message) -> Expected<WriteSummary, QString> {
        writer->rollback();
        if (next.valid())
            next.wait();
        return message;
    };
    if (const QString error = writer->begin(); !error.isEmpty())
        return fail(QStringLiteral("cannot start a transaction: ") + error);
    QString prepareError;
    const auto statement = [&writer, &prepareError](const QString &sql) -> storage::SqlSession::Statement * {
        auto prepared = writer->prepare(sql);
        if (!prepared) {
            if (prepareError.isEmpty())
                prepareError = prepared.error();
            return nullptr;
        }
        return *prepared;
    };
    auto *find = statement(QStringLiteral("SELECT seq, version, content_hash FROM resource WHERE rtype = ? AND id = ?"));
    // New resources (most of an import) are inserted without a lookup first; a resource that is
    // already there returns no seq and takes the update path.
    auto *insert = statement(QStringLiteral("INSERT INTO resource (rtype, id, version, last_updated, content_hash, json)"
                                            " VALUES (?, ?, 1, ?, ?, ?) ON CONFLICT (rtype, id) DO NOTHING RETURNING seq"));
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
    for (qsizetype from = 0; from < resources.size(); from += kChunk) {
        std::vector<Prepared> prepared = next.get();
        if (from + kChunk < resources.size())
            next = prepareChunk(from + kChunk);
        for (const Prepared &p : prepared) {
            if (!p.error.isEmpty())
                return fail(p.error);
        }
        for (const Prepared &p : prepared) {
            if (progress && p.position % 1000 == 0)
                progress(p.position, resources.size());
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
        progress(resources.size(), resources.size());
    return summary;
}

} // namespace paw::fhir
