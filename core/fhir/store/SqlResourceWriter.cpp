#include "fhir/store/SqlResourceWriter.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QJsonDocument>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>

#include <algorithm>
#include <future>
#include <thread>

#include "fhir/search/FhirReference.h"

namespace paw::fhir {

namespace {

// Stand-ins serialized in place of meta.versionId and meta.lastUpdated, so one serialization
// gives both the content hash (which must not depend on them) and, once replaced, the stored JSON.
const QString kVersionMark = QStringLiteral("\u0001paw-version\u0001");
const QString kUpdatedMark = QStringLiteral("\u0001paw-updated\u0001");
const QByteArray kVersionMarkJson = "\"\\u0001paw-version\\u0001\"";
const QByteArray kUpdatedMarkJson = "\"\\u0001paw-updated\\u0001\"";

constexpr int kRowsPerInsert = 64;

QJsonObject withMeta(QJsonObject resource, const QString &version, const QString &updated)
{
    QJsonObject meta = resource.value(QLatin1String("meta")).toObject();
    meta.insert(QLatin1String("versionId"), version);
    meta.insert(QLatin1String("lastUpdated"), updated);
    resource.insert(QLatin1String("meta"), meta);
    return resource;
}

QByteArray serializedWithMarks(const QJsonObject &resource)
{
    return QJsonDocument(withMeta(resource, kVersionMark, kUpdatedMark)).toJson(QJsonDocument::Compact);
}

QByteArray hashOf(const QByteArray &json)
{
    return QCryptographicHash::hash(json, QCryptographicHash::Sha256).toHex();
}

QVariant text(const QString &value)
{
    // Qt binds a null QString as SQL NULL; "none" is '' in the index tables.
    return value.isNull() ? QVariant(QStringLiteral("")) : QVariant(value);
}

// Inserts rows of one index table many at a time: one statement per kRowsPerInsert rows.
class BatchInsert
{
public:
    BatchInsert(QSqlDatabase db, QString table, QStringList columns)
        : m_db(std::move(db)), m_table(std::move(table)), m_columns(std::move(columns)), m_full(m_db)
    {
        m_full.prepare(sql(kRowsPerInsert));
    }

    bool add(QVariantList row)
    {
        m_rows << row;
        return m_rows.size() < kRowsPerInsert || flush();
    }

    bool flush()
    {
        if (m_rows.isEmpty())
            return true;
        QSqlQuery partial(m_db);
        QSqlQuery &q = m_rows.size() == kRowsPerInsert ? m_full : partial;
        if (&q == &partial)
            partial.prepare(sql(int(m_rows.size())));
        int i = 0;
        for (const QVariantList &row : std::as_const(m_rows)) {
            for (const QVariant &value : row)
                q.bindValue(i++, value);
        }
        m_rows.clear();
        if (!q.exec()) {
            m_error = q.lastError().text();
            return false;
        }
        return true;
    }

    QString error() const { return m_error; }

private:
    QString sql(int rows) const
    {
        const QString one = QStringLiteral("(") + QStringList(m_columns.size(), QStringLiteral("?")).join(u',') + QStringLiteral(")");
        return QStringLiteral("INSERT INTO ") + m_table + QStringLiteral(" (") + m_columns.join(u',')
               + QStringLiteral(") VALUES ") + QStringList(rows, one).join(u',')
               // The indexer removes duplicates; this only guards the primary key.
               + QStringLiteral(" ON CONFLICT DO NOTHING");
    }

    QSqlDatabase m_db;
    QString m_table;
    QStringList m_columns;
    QSqlQuery m_full;
    QList<QVariantList> m_rows;
    QString m_error;
};

} // namespace

struct SqlResourceWriter::Prepared
{
    QString type;
    QString id;
    QString where; // "resource 3 (Patient/x)"
    QString error;
    QByteArray json; // with the version and lastUpdated marks
    QByteArray hash;
    IndexEntries entries;
};

SqlResourceWriter::SqlResourceWriter(storage::Database &database, const SearchIndexer &indexer, QSet<QString> servedTypes)
    : m_database(database)
    , m_indexer(indexer)
    , m_types(std::move(servedTypes))
{
}

QByteArray SqlResourceWriter::contentHash(const QJsonObject &resource)
{
    return hashOf(serializedWithMarks(resource));
}

SqlResourceWriter::Prepared SqlResourceWriter::prepare(const QJsonObject &resource, qsizetype position,
                                                       const QString &nowText) const
{
    Prepared p;
    p.type = resource.value(QLatin1String("resourceType")).toString();
    p.id = resource.value(QLatin1String("id")).toString();
    p.where = QStringLiteral("resource %1 (%2/%3)").arg(position + 1).arg(p.type, p.id);
    if (!m_types.contains(p.type)) {
        p.error = p.where + QStringLiteral(": resourceType '%1' is not served by PAW").arg(p.type);
        return p;
    }
    if (!FhirReference::isValidId(p.id)) {
        p.error = p.where + QStringLiteral(": id must be 1-64 characters of A-Z, a-z, 0-9, '-' and '.'");
        return p;
    }
    p.json = serializedWithMarks(resource);
    p.hash = hashOf(p.json);
    p.entries = m_indexer.extract(withMeta(resource, QString(), nowText));
    return p;
}

Expected<WriteSummary, QString> SqlResourceWriter::write(const QList<QJsonObject> &resources, qint64 nowMs,
                                                         const ResourceStore::Progress &progress)
{
    const QString nowText = QDateTime::fromMSecsSinceEpoch(nowMs, Qt::UTC).toString(Qt::ISODateWithMs);
    const QByteArray nowJson = '"' + nowText.toLatin1() + '"';

    // CPU work on every core: each thread prepares a contiguous slice.
    QList<Prepared> prepared(resources.size());
    const qsizetype threads = std::clamp<qsizetype>(std::thread::hardware_concurrency(), 1, 8);
    const qsizetype slice = (resources.size() + threads - 1) / threads;
    std::vector<std::future<void>> jobs;
    for (qsizetype start = 0; start < resources.size(); start += slice) {
        const qsizetype end = std::min(resources.size(), start + slice);
        jobs.push_back(std::async(std::launch::async, [&, start, end] {
            for (qsizetype i = start; i < end; ++i)
                prepared[i] = prepare(resources.at(i), i, nowText);
        }));
    }
    for (auto &job : jobs)
        job.get();
    for (const Prepared &p : std::as_const(prepared)) {
        if (!p.error.isEmpty())
            return p.error;
    }

    QSqlDatabase db = m_database.connection();
    if (!db.isOpen())
        return QString(QStringLiteral("the database is not open: ") + m_database.connectionError());
    if (!db.transaction())
        return QString(QStringLiteral("cannot start a transaction: ") + db.lastError().text());
    const auto statement = [&db](const QString &sql) {
        QSqlQuery q(db);
        q.prepare(sql);
        return q;
    };
    QSqlQuery find = statement(QStringLiteral("SELECT seq, version, content_hash FROM resource WHERE rtype = ? AND id = ?"));
    QSqlQuery insert = statement(QStringLiteral("INSERT INTO resource (rtype, id, version, last_updated, content_hash, json)"
                                                " VALUES (?, ?, ?, ?, ?, ?) RETURNING seq"));
    // The version an update replaces moves to the history; the current one lives in `resource` only.
    QSqlQuery keep = statement(QStringLiteral("INSERT INTO resource_history (rtype, id, version, last_updated, json)"
                                              " SELECT rtype, id, version, last_updated, json FROM resource WHERE seq = ?"));
    QSqlQuery update = statement(QStringLiteral("UPDATE resource SET version = ?, last_updated = ?, content_hash = ?,"
                                                " json = ? WHERE seq = ?"));
    QList<QSqlQuery> clear;
    for (const char *table : {"idx_token", "idx_string", "idx_date", "idx_ref"})
        clear << statement(QStringLiteral("DELETE FROM ") + QLatin1String(table) + QStringLiteral(" WHERE seq = ?"));
    BatchInsert tokens(db, QStringLiteral("idx_token"), {QStringLiteral("seq"), QStringLiteral("rtype"), QStringLiteral("param"), QStringLiteral("system"), QStringLiteral("code"), QStringLiteral("text")});
    BatchInsert strings(db, QStringLiteral("idx_string"), {QStringLiteral("seq"), QStringLiteral("rtype"), QStringLiteral("param"), QStringLiteral("norm"), QStringLiteral("exact")});
    BatchInsert dates(db, QStringLiteral("idx_date"), {QStringLiteral("seq"), QStringLiteral("rtype"), QStringLiteral("param"), QStringLiteral("lo"), QStringLiteral("hi")});
    BatchInsert references(db, QStringLiteral("idx_ref"), {QStringLiteral("seq"), QStringLiteral("rtype"), QStringLiteral("param"), QStringLiteral("ttype"), QStringLiteral("tid"), QStringLiteral("url")});
    const auto flushIndexes = [&]() -> QString {
        for (BatchInsert *batch : {&tokens, &strings, &dates, &references}) {
            if (!batch->flush())
                return batch->error();
        }
        return {};
    };

    const auto fail = [&db](const QString &message) -> Expected<WriteSummary, QString> {
        db.rollback();
        return message;
    };
    const auto run = [](QSqlQuery &q, const QVariantList &bindings) {
        for (qsizetype i = 0; i < bindings.size(); ++i)
            q.bindValue(int(i), bindings.at(i));
        return q.exec();
    };

    WriteSummary summary;
    for (qsizetype i = 0; i < prepared.size(); ++i) {
        if (progress && i % 1000 == 0)
            progress(i, prepared.size());
        const Prepared &p = prepared.at(i);
        if (!run(find, {p.type, p.id}))
            return fail(p.where + QStringLiteral(": ") + find.lastError().text());
        qint64 seq = 0, version = 0;
        if (find.next()) {
            seq = find.value(0).toLongLong();
            version = find.value(1).toLongLong();
            const bool same = find.value(2).toByteArray() == p.hash;
            find.finish();
            if (same) {
                ++summary.unchanged;
                continue;
            }
        }
        find.finish();
        ++version;
        QByteArray json = p.json;
        json.replace(kVersionMarkJson, QByteArray('"' + QByteArray::number(version) + '"'));
        json.replace(kUpdatedMarkJson, nowJson);

        if (seq == 0) {
            if (!run(insert, {p.type, p.id, version, nowMs, QString::fromLatin1(p.hash), json}) || !insert.next())
                return fail(p.where + QStringLiteral(": ") + insert.lastError().text());
            seq = insert.value(0).toLongLong();
            insert.finish();
            ++summary.created;
        } else {
            // Pending index rows may belong to this resource: write them before clearing.
            if (const QString error = flushIndexes(); !error.isEmpty())
                return fail(p.where + QStringLiteral(": the search index could not be written: ") + error);
            if (!run(keep, {seq}))
                return fail(p.where + QStringLiteral(": ") + keep.lastError().text());
            if (!run(update, {version, nowMs, QString::fromLatin1(p.hash), json, seq}))
                return fail(p.where + QStringLiteral(": ") + update.lastError().text());
            for (QSqlQuery &q : clear) {
                if (!run(q, {seq}))
                    return fail(p.where + QStringLiteral(": ") + q.lastError().text());
            }
            ++summary.updated;
        }

        bool ok = true;
        for (const auto &e : p.entries.tokens)
            ok = ok && tokens.add({seq, p.type, e.param, text(e.system), text(e.code), text(e.text)});
        for (const auto &e : p.entries.strings)
            ok = ok && strings.add({seq, p.type, e.param, text(e.normalized), text(e.exact)});
        for (const auto &e : p.entries.dates)
            ok = ok && dates.add({seq, p.type, e.param, e.low, e.high});
        for (const auto &e : p.entries.references)
            ok = ok && references.add({seq, p.type, e.param, text(e.targetType), text(e.targetId), text(e.url)});
        if (!ok) {
            QString error;
            for (BatchInsert *batch : {&tokens, &strings, &dates, &references})
                error += batch->error();
            return fail(p.where + QStringLiteral(": the search index could not be written: ") + error);
        }
    }
    if (const QString error = flushIndexes(); !error.isEmpty())
        return fail(QStringLiteral("the search index could not be written: ") + error);
    if (!db.commit())
        return fail(QStringLiteral("cannot commit: ") + db.lastError().text());
    if (progress)
        progress(prepared.size(), prepared.size());
    return summary;
}

} // namespace paw::fhir
