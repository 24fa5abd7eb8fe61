#include "access/AuditLogStore.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <QVariant>

namespace paw::access {

AuditLogStore::AuditLogStore(std::shared_ptr<storage::Database> database)
    : m_database(std::move(database))
{
}

AuditLogStore::~AuditLogStore() = default;

QString AuditLogStore::insert(const QList<AuditEvent> &events)
{
    if (events.isEmpty())
        return {};
    if (!m_session) {
        m_session = m_database->sqlSession();
        if (!m_session)
            return m_database->connectionError();
        m_inserter = m_session->inserter(QStringLiteral("audit_event"),
                                         {QStringLiteral("event_time"), QStringLiteral("kind"), QStringLiteral("client_id"),
                                          QStringLiteral("username"), QStringLiteral("patient_id"), QStringLiteral("interaction"),
                                          QStringLiteral("query"), QStringLiteral("result_count"), QStringLiteral("status"),
                                          QStringLiteral("outcome"), QStringLiteral("token_id")});
    }
    if (QString error = m_session->begin(); !error.isEmpty())
        return error;
    for (const AuditEvent &e : events) {
        // SqlValue views its bytes: they must live until add() returns.
        const QByteArray kind = AuditEvent::kindName(e.kind).toUtf8();
        const QByteArray client = e.clientId.toUtf8();
        const QByteArray username = e.username.toUtf8();
        const QByteArray patient = e.patientId.toUtf8();
        const QByteArray interaction = e.interaction.toUtf8();
        const QByteArray query = e.query.toUtf8();
        const QByteArray outcome = e.outcome.toUtf8();
        const QByteArray token = e.tokenId.toUtf8();
        const QString error = m_inserter->add({e.timeMs, kind, client, username, patient, interaction, query,
                                               qint64(e.resultCount), qint64(e.status), outcome, token});
        if (!error.isEmpty())
            return abandon(error);
    }
    if (QString error = m_session->commit(); !error.isEmpty())
        return abandon(error);
    return {};
}

QString AuditLogStore::abandon(const QString &error)
{
    // A statement that failed to prepare (the table was missing) would fail for ever: the next
    // insert starts with a new session.
    m_session->rollback();
    m_inserter = nullptr;
    m_session.reset();
    return error;
}

Expected<QList<AuditEvent>, QString> AuditLogStore::select(const AuditLogQuery &query) const
{
    QStringList where;
    QVariantList values;
    if (!query.patientId.isEmpty()) {
        where << QStringLiteral("patient_id = ?");
        values << query.patientId;
    }
    if (!query.clientId.isEmpty()) {
        where << QStringLiteral("client_id = ?");
        values << query.clientId;
    }
    if (query.sinceMs > 0) {
        where << QStringLiteral("event_time >= ?");
        values << query.sinceMs;
    }
    if (query.untilMs > 0) {
        where << QStringLiteral("event_time < ?");
        values << query.untilMs;
    }
    values << qMax(1, query.limit);
    QSqlQuery q(m_database->connection());
    q.prepare(QStringLiteral("SELECT event_time, kind, client_id, username, patient_id, interaction, query, result_count,"
                             " status, outcome, token_id FROM audit_event")
              + (where.isEmpty() ? QString() : QStringLiteral(" WHERE ") + where.join(QStringLiteral(" AND ")))
              + QStringLiteral(" ORDER BY event_time DESC, seq DESC LIMIT ?"));
    for (const QVariant &value : std::as_const(values))
        q.addBindValue(value);
    if (!q.exec())
        return q.lastError().text();
    QList<AuditEvent> out;
    while (q.next()) {
        AuditEvent e;
        e.timeMs = q.value(0).toLongLong();
        e.kind = q.value(1).toString() == QLatin1String("token") ? AuditEvent::Kind::Token : AuditEvent::Kind::Fhir;
        e.clientId = q.value(2).toString();
        e.username = q.value(3).toString();
        e.patientId = q.value(4).toString();
        e.interaction = q.value(5).toString();
        e.query = q.value(6).toString();
        e.resultCount = q.value(7).toInt();
        e.status = q.value(8).toInt();
        e.outcome = q.value(9).toString();
        e.tokenId = q.value(10).toString();
        out.append(e);
    }
    return out;
}

} // namespace paw::access
