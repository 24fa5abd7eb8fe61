#include "fhir/store/SqlResourceStore.h"

#include "fhir/search/AccessConstraints.h"
#include "fhir/search/FhirReference.h"
#include "fhir/store/SqlResourceWriter.h"
#include "fhir/store/SqlSearchBuilder.h"

#include <QJsonDocument>
#include <QLoggingCategory>
#include <QSet>
#include <QSqlError>
#include <QSqlQuery>

Q_LOGGING_CATEGORY(lcStore, "paw.fhir.store")

namespace paw::fhir {

namespace {

const QString kColumns = QStringLiteral("r.seq, r.rtype, r.id, r.version, r.last_updated, r.json");

StoredResource rowToResource(const QSqlQuery &q)
{
    return StoredResource{q.value(0).toLongLong(), q.value(1).toString(), q.value(2).toString(),
                          q.value(3).toLongLong(), q.value(4).toLongLong(), q.value(5).toByteArray()};
}

FhirError databaseError(const QSqlQuery &q)
{
    qCWarning(lcStore) << "database error:" << q.lastError().text();
    return FhirError::of(500, QStringLiteral("exception"), QStringLiteral("the database failed: ") + q.lastError().text());
}

QString placeholders(qsizetype n)
{
    QString out;
    out.reserve(n * 3);
    for (qsizetype i = 0; i < n; ++i)
        out += i ? QStringLiteral(", ?") : QStringLiteral("?");
    return out;
}

// Qt's SQL drivers bind a null QString as SQL NULL: the NOT NULL columns refuse it and `col = NULL`
// never holds. An empty system, text or url is a value in this schema ("none"), so it is bound as ''.
bool execWith(QSqlQuery &q, const QVariantList &bindings)
{
    for (qsizetype i = 0; i < bindings.size(); ++i) {
        const QVariant &value = bindings.at(i);
        const bool nullText = value.typeId() == QMetaType::QString && value.toString().isNull();
        q.bindValue(int(i), nullText ? QVariant(QStringLiteral("")) : value);
    }
    return q.exec();
}

} // namespace

struct SqlResourceStore::Statements
{
    explicit Statements(const storage::Database &database)
        : vread(database.connection())
        , native(database.sqlSession())
    {
        // The current version lives in `resource`, the versions it replaced in `resource_history`.
        vread.prepare(QStringLiteral("SELECT seq, rtype, id, version, last_updated, json FROM resource"
                                     " WHERE rtype = ? AND id = ? AND version = ?"
                                     " UNION ALL SELECT 0, rtype, id, version, last_updated, json FROM resource_history"
                                     " WHERE rtype = ? AND id = ? AND version = ?"));
        // Read by id is the hottest path of the API: it runs on the database's native statements
        // (no QVariant per column, and SQLite hands back the stored JSON bytes as they are).
        if (native) {
            auto prepared = native->prepare(QStringLiteral("SELECT seq, version, last_updated, json FROM resource"
                                                           " WHERE rtype = ? AND id = ?"));
            if (prepared)
                read = *prepared;
            else
                readError = prepared.error();
        } else {
            readError = database.connectionError();
        }
    }
    QSqlQuery vread;
    std::unique_ptr<storage::SqlSession> native;
    storage::SqlSession::Statement *read = nullptr;
    QString readError;
};

SqlResourceStore::SqlResourceStore(std::shared_ptr<storage::Database> database,
                                   const SearchParameterRegistry &registry, const platform::Clock &clock,
                                   QString baseUrl)
    : m_database(std::move(database))
    , m_registry(registry)
    , m_indexer(registry)
    , m_preparer(m_indexer, [&registry] {
        const QStringList types = registry.resourceTypes();
        return QSet<QString>(types.cbegin(), types.cend());
    }())
    , m_matcher(m_indexer, baseUrl)
    , m_clock(clock)
    , m_baseUrl(std::move(baseUrl))
{
}

SqlResourceStore::~SqlResourceStore() = default;

SqlResourceStore::Statements &SqlResourceStore::statements() const
{
    if (!m_statements)
        m_statements = std::make_unique<Statements>(*m_database);
    return *m_statements;
}

bool SqlResourceStore::isValidId(const QString &id)
{
    // Not a ^...$ regular expression: its $ also matches before a final newline ("abc\n").
    return FhirReference::isValidId(id);
}

Expected<StoredResource, FhirError> SqlResourceStore::read(const QString &type, const QString &id) const
{
    Statements &s = statements();
    if (!s.read)
        return FhirError::of(500, QStringLiteral("exception"), QStringLiteral("the database failed: ") + s.readError);
    const QByteArray typeUtf8 = type.toUtf8(), idUtf8 = id.toUtf8();
    const auto found = s.read->exec({typeUtf8, idUtf8});
    if (!found) {
        qCWarning(lcStore) << "database error:" << found.error();
        return FhirError::of(500, QStringLiteral("exception"), QStringLiteral("the database failed: ") + found.error());
    }
    if (!*found)
        return FhirError::notFound(QStringLiteral("%1/%2 is not known").arg(type, id));
    StoredResource resource{s.read->intValue(0), type, id, s.read->intValue(1), s.read->intValue(2), s.read->textValue(3)};
    s.read->finish();
    return resource;
}

Expected<StoredResource, FhirError> SqlResourceStore::vread(const QString &type, const QString &id,
                                                            qint64 version) const
{
    QSqlQuery &q = statements().vread;
    for (int i : {0, 3}) {
        q.bindValue(i, type);
        q.bindValue(i + 1, id);
        q.bindValue(i + 2, version);
    }
    if (!q.exec())
        return databaseError(q);
    if (!q.next())
        return FhirError::notFound(QStringLiteral("%1/%2 has no version %3").arg(type, id).arg(version));
    StoredResource resource = rowToResource(q);
    q.finish();
    return resource;
}

Expected<QList<StoredResource>, FhirError> SqlResourceStore::history(const QString &type, const QString &id) const
{
    auto versions = fetch(QStringLiteral("SELECT seq, rtype, id, version, last_updated, json FROM resource"
                                         " WHERE rtype = ? AND id = ?"
                                         " UNION ALL SELECT 0, rtype, id, version, last_updated, json FROM resource_history"
                                         " WHERE rtype = ? AND id = ? ORDER BY 4 DESC"),
                          {type, id, type, id});
    if (versions && versions->isEmpty())
        return FhirError::notFound(QStringLiteral("%1/%2 is not known").arg(type, id));
    return versions;
}

bool SqlResourceStore::allows(const AccessRule &rule, const StoredResource &resource) const
{
    return m_matcher.matches(resource.json, rule, m_clock.nowMs());
}

Expected<QList<StoredResource>, FhirError> SqlResourceStore::fetch(const QString &sql, const QVariantList &bindings) const
{
    QSqlQuery q(m_database->connection());
    q.setForwardOnly(true);
    if (!q.prepare(sql) || !execWith(q, bindings))
        return databaseError(q);
    QList<StoredResource> out;
    while (q.next())
        out << rowToResource(q);
    return out;
}

Expected<SearchPage, FhirError> SqlResourceStore::search(const SearchQuery &query) const
{
    QSqlQuery q(m_database->connection());
    q.setForwardOnly(true);
    SearchPage page;
    if (query.snapshot) {
        page.snapshot = *query.snapshot;
    } else {
        if (!q.exec(QStringLiteral("SELECT COALESCE(MAX(seq), 0) FROM resource")) || !q.next())
            return databaseError(q);
        page.snapshot = q.value(0).toLongLong();
        q.finish();
    }

    const SqlSearchBuilder builder(m_database->dialect(), m_baseUrl, m_clock.nowMs());
    const SqlFragment where = builder.where(query, page.snapshot);

    if (query.total != TotalMode::None || query.summaryCount) {
        if (!q.prepare(QStringLiteral("SELECT COUNT(*) FROM resource r WHERE ") + where.sql)
            || !execWith(q, where.bindings) || !q.next())
            return databaseError(q);
        page.total = q.value(0).toLongLong();
        q.finish();
    }
    if (query.summaryCount || query.count <= 0)
        return page;

    const SqlFragment order = builder.orderBy(query);
    QVariantList bindings = where.bindings + order.bindings;
    bindings << query.count + 1 << query.offset;
    auto rows = fetch(QStringLiteral("SELECT ") + kColumns + QStringLiteral(" FROM resource r WHERE ") + where.sql
                          + order.sql + QStringLiteral(" LIMIT ? OFFSET ?"),
                      bindings);
    if (!rows)
        return rows.error();
    page.matches = std::move(rows).value();
    if (page.matches.size() > query.count) {
        page.hasMore = true;
        page.matches.resize(query.count);
    }
    const QString error = includeResources(query, page);
    if (!error.isEmpty())
        return FhirError::of(500, QStringLiteral("exception"), error);
    return page;
}

QString SqlResourceStore::includeResources(const SearchQuery &query, SearchPage &page) const
{
    if (query.includes.isEmpty() && query.revIncludes.isEmpty())
        return {};
    QSet<QString> seen;
    for (const StoredResource &r : std::as_const(page.matches))
        seen.insert(r.type + QLatin1Char('/') + r.id);

    const auto referenceParameters = [this](const QString &type, const QString &parameter) {
        QVariantList names;
        for (const SearchParameter *p : m_registry.forType(type)) {
            if (p->type == SearchParamType::Reference && (parameter == QLatin1String("*") || p->name == parameter))
                names << p->name;
        }
        return names;
    };
    const auto add = [&](const StoredResource &r, QList<StoredResource> &added) {
        if (seen.contains(r.type + QLatin1Char('/') + r.id))
            return;
        seen.insert(r.type + QLatin1Char('/') + r.id);
        added << r;
    };

    const SqlSearchBuilder builder(m_database->dialect(), m_baseUrl, m_clock.nowMs());
    // Only references to this server's resources are followed (see localReference).
    const SqlFragment local = localReference(QString(), m_baseUrl);
    const SqlFragment localX = localReference(QStringLiteral("x."), m_baseUrl);

    // Round 0 follows every include from the matches; later rounds follow :iterate ones from
    // what the previous round added. Three rounds bound the work on cyclic references.
    QList<StoredResource> frontier = page.matches;
    for (int round = 0; round < 4 && !frontier.isEmpty(); ++round) {
        QList<StoredResource> added;
        for (const IncludeSpec &spec : query.includes) {
            if (round > 0 && !spec.iterate)
                continue;
            QVariantList seqs;
            for (const StoredResource &r : std::as_const(frontier)) {
                if (r.type == spec.sourceType)
                    seqs << r.seq;
            }
            const QVariantList params = referenceParameters(spec.sourceType, spec.parameter);
            if (seqs.isEmpty() || params.isEmpty())
                continue;
            QString sql = QStringLiteral("SELECT DISTINCT ttype, tid FROM idx_ref WHERE seq IN (") + placeholders(seqs.size())
                          + QStringLiteral(") AND rtype = ? AND param IN (") + placeholders(params.size())
                          + QStringLiteral(") AND tid <> '' AND ") + local.sql;
            QVariantList bindings = seqs;
            bindings << spec.sourceType;
            bindings += params;
            bindings += local.bindings;
            if (!spec.targetType.isEmpty()) {
                sql += QStringLiteral(" AND ttype = ?");
                bindings << spec.targetType;
            }
            QSqlQuery q(m_database->connection());
            if (!q.prepare(sql) || !execWith(q, bindings))
                return q.lastError().text();
            QList<QPair<QString, QString>> targets;
            while (q.next())
                targets << qMakePair(q.value(0).toString(), q.value(1).toString());
            for (const auto &[type, id] : std::as_const(targets)) {
                if (type.isEmpty() || seen.contains(type + QLatin1Char('/') + id))
                    continue;
                // A reference followed is a read: the target must be readable on its own.
                auto target = read(type, id);
                if (target && (!query.access || allows(query.access->ruleFor(type, AccessInteraction::Read), *target)))
                    add(*target, added);
            }
        }
        for (const IncludeSpec &spec : query.revIncludes) {
            if (round > 0 && !spec.iterate)
                continue;
            const QVariantList params = referenceParameters(spec.sourceType, spec.parameter);
            QHash<QString, QVariantList> idsByType;
            for (const StoredResource &r : std::as_const(frontier)) {
                if (spec.targetType.isEmpty() || r.type == spec.targetType)
                    idsByType[r.type] << r.id;
            }
            // The sources are what a search of their type would find: they must be searchable.
            const SqlFragment limits = query.access ? builder.access(spec.sourceType,
                                                                     query.access->ruleFor(spec.sourceType, AccessInteraction::Search))
                                                    : SqlFragment{};
            for (auto it = idsByType.cbegin(); it != idsByType.cend() && !params.isEmpty(); ++it) {
                QVariantList bindings{spec.sourceType};
                bindings += params;
                bindings << it.key();
                bindings += it.value();
                bindings += localX.bindings;
                auto rows = fetch(QStringLiteral("SELECT DISTINCT ") + kColumns
                                      + QStringLiteral(" FROM resource r JOIN idx_ref x ON x.seq = r.seq"
                                                       " WHERE x.rtype = ? AND x.param IN (")
                                      + placeholders(params.size()) + QStringLiteral(") AND x.ttype = ? AND x.tid IN (")
                                      + placeholders(it.value().size()) + QStringLiteral(") AND ")
                                      + localX.sql + limits.sql + QStringLiteral(" ORDER BY r.seq"),
                                  bindings + limits.bindings);
                if (!rows)
                    return rows.error().diagnostics;
                for (const StoredResource &r : std::as_const(*rows))
                    add(r, added);
            }
        }
        page.included += added;
        frontier = added;
    }
    return {};
}

Expected<WriteSummary, QString> SqlResourceStore::writeJson(const QList<QByteArray> &documents, const Progress &progress)
{
    return SqlResourceWriter(*m_database, m_preparer).write(documents, m_clock.nowMs(), progress);
}

Expected<WriteSummary, QString> SqlResourceStore::writePrepared(std::vector<PreparedResource> prepared, const Progress &progress)
{
    return SqlResourceWriter(*m_database, m_preparer).write(std::move(prepared), m_clock.nowMs(), progress);
}

Expected<WriteSummary, QString> SqlResourceStore::write(const QList<QJsonObject> &resources, const Progress &progress)
{
    return SqlResourceWriter(*m_database, m_preparer).write(resources, m_clock.nowMs(), progress);
}

QHash<QString, qint64> SqlResourceStore::countByType() const
{
    QHash<QString, qint64> counts;
    QSqlQuery q(m_database->connection());
    if (q.exec(QStringLiteral("SELECT rtype, COUNT(*) FROM resource GROUP BY rtype"))) {
        while (q.next())
            counts.insert(q.value(0).toString(), q.value(1).toLongLong());
    }
    return counts;
}

QString SqlResourceStore::forEach(const QString &type, const std::function<bool(const StoredResource &)> &sink) const
{
    QSqlQuery q(m_database->connection());
    q.setForwardOnly(true);
    if (!q.prepare(QStringLiteral("SELECT ") + kColumns + QStringLiteral(" FROM resource r WHERE r.rtype = ? ORDER BY r.seq"))
        || !execWith(q, {type}))
        return q.lastError().text();
    while (q.next()) {
        if (!sink(rowToResource(q)))
            break;
    }
    return {};
}

} // namespace paw::fhir
