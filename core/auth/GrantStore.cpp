#include "auth/GrantStore.h"

#include "auth/ClientSecret.h"
#include "platform/SecureRandom.h"
#include "storage/SqlText.h"

#include <QCoreApplication>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace paw::auth {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("GrantStore", text);
}

const QString kGrantColumns = QStringLiteral("grant_id, client_id, username, patient_id, scope, created, expires, last_used, revoked,"
                                             " auth_time");

Grant grantFrom(const QSqlQuery &q)
{
    Grant g;
    g.grantId = q.value(0).toString();
    g.clientId = q.value(1).toString();
    g.username = q.value(2).toString();
    g.patientId = q.value(3).toString();
    g.scope = q.value(4).toString();
    g.createdMs = q.value(5).toLongLong();
    g.expiresMs = q.value(6).toLongLong();
    g.lastUsedMs = q.value(7).toLongLong();
    g.revokedMs = q.value(8).isNull() ? 0 : q.value(8).toLongLong();
    g.authTimeMs = q.value(9).toLongLong();
    return g;
}

} // namespace

GrantStore::GrantStore(std::shared_ptr<storage::Database> database, const platform::Clock &clock)
    : m_database(database)
    , m_clock(clock)
    , m_statements(std::move(database))
{
}

Expected<GrantStore::IssuedCode, QString> GrantStore::issueCode(const AuthorizationCode &pending)
{
    IssuedCode issued{QString::fromLatin1(platform::SecureRandom::token(32))};
    if (issued.code.isEmpty())
        return tr("no random value could be made for the code");
    QSqlQuery q(m_database->connection());
    q.prepare(QStringLiteral("INSERT INTO auth_code (code_hash, client_id, redirect_uri, code_challenge, nonce, username,"
                             " patient_id, scope, expires, auth_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    for (const QString &value : {ClientSecret::hash(issued.code), pending.clientId, pending.redirectUri, pending.codeChallenge,
                                 pending.nonce, pending.username, pending.patientId, pending.scope})
        q.addBindValue(storage::sqlText(value));
    q.addBindValue(pending.expiresMs);
    q.addBindValue(pending.authTimeMs);
    if (!q.exec())
        return q.lastError().text();
    return issued;
}

QString GrantStore::newGrantId()
{
    return QString::fromLatin1(platform::SecureRandom::token(32));
}

Expected<AuthorizationCode, GrantStore::RedeemError> GrantStore::redeem(const QString &code, const QString &grantId)
{
    using Kind = RedeemError::Kind;
    const QString hash = ClientSecret::hash(code);
    const qint64 now = m_clock.nowMs();
    // Marking it used is the one atomic step: of two concurrent redemptions only one changes the row.
    auto q = m_statements.exec(QStringLiteral("UPDATE auth_code SET used = ?, grant_id = ? WHERE code_hash = ? AND used IS NULL"
                                              " RETURNING client_id, redirect_uri, code_challenge, nonce, username, patient_id,"
                                              " scope, expires, auth_time"),
                               {now, storage::sqlText(grantId), hash});
    if (!q.ok())
        return RedeemError{Kind::Database, q->lastError().text()};
    if (!q->next()) {
        q->finish();
        return refuseRedemption(hash, now);
    }
    AuthorizationCode out;
    out.clientId = q->value(0).toString();
    out.redirectUri = q->value(1).toString();
    out.codeChallenge = q->value(2).toString();
    out.nonce = q->value(3).toString();
    out.username = q->value(4).toString();
    out.patientId = q->value(5).toString();
    out.scope = q->value(6).toString();
    out.expiresMs = q->value(7).toLongLong();
    out.authTimeMs = q->value(8).toLongLong();
    q->finish(); // ends the statement, and so its write transaction
    if (now >= out.expiresMs)
        return RedeemError{Kind::Expired, tr("the authorization code has expired")};
    return out;
}

GrantStore::RedeemError GrantStore::refuseRedemption(const QString &codeHash, qint64 now)
{
    using Kind = RedeemError::Kind;
    // Unknown, or spent: then the grant it named is revoked. If that grant is not recorded yet
    // (the first redemption is still on its way), it is recorded revoked here, so that the first
    // one's createGrant fails instead of handing out tokens.
    auto q = m_statements.exec(QStringLiteral("INSERT INTO auth_grant (") + kGrantColumns
                                   + QStringLiteral(") SELECT grant_id, client_id, username, patient_id, scope, ?, ?, ?, ?, auth_time"
                                                    " FROM auth_code WHERE code_hash = ? AND grant_id IS NOT NULL"
                                                    " ON CONFLICT (grant_id) DO UPDATE"
                                                    " SET revoked = COALESCE(auth_grant.revoked, excluded.revoked)"),
                               {now, now, now, now, codeHash});
    if (!q.ok())
        return RedeemError{Kind::Database, q->lastError().text()};
    if (q->numRowsAffected() == 0) {
        auto known = m_statements.exec(QStringLiteral("SELECT 1 FROM auth_code WHERE code_hash = ?"), {codeHash});
        if (!known.ok())
            return RedeemError{Kind::Database, known->lastError().text()};
        if (!known->next())
            return RedeemError{Kind::Unknown, tr("the authorization code is not valid")};
    }
    return RedeemError{Kind::Reused, tr("the authorization code was already used; the tokens issued for it are revoked")};
}

Expected<Grant, QString> GrantStore::createGrant(Grant draft, qint64 lifetimeMs)
{
    if (draft.grantId.isEmpty())
        draft.grantId = newGrantId();
    if (draft.grantId.isEmpty())
        return tr("no random value could be made for the grant id");
    draft.createdMs = m_clock.nowMs();
    draft.lastUsedMs = draft.createdMs;
    draft.expiresMs = draft.createdMs + lifetimeMs;
    draft.revokedMs = 0;
    auto q = m_statements.exec(QStringLiteral("INSERT INTO auth_grant (") + kGrantColumns
                                   + QStringLiteral(") VALUES (?, ?, ?, ?, ?, ?, ?, ?, NULL, ?) ON CONFLICT (grant_id) DO NOTHING"),
                               {draft.grantId, storage::sqlText(draft.clientId), storage::sqlText(draft.username),
                                storage::sqlText(draft.patientId), storage::sqlText(draft.scope), draft.createdMs,
                                draft.expiresMs, draft.lastUsedMs, draft.authTimeMs});
    if (!q.ok())
        return q->lastError().text();
    if (q->numRowsAffected() != 1)
        return tr("the grant was revoked before it was recorded: its authorization code was used twice");
    return draft;
}

QString GrantStore::revoke(const QString &grantId)
{
    QSqlQuery q(m_database->connection());
    q.prepare(QStringLiteral("UPDATE auth_grant SET revoked = ? WHERE grant_id = ? AND revoked IS NULL"));
    q.addBindValue(m_clock.nowMs());
    q.addBindValue(grantId);
    if (!q.exec())
        return q.lastError().text();
    return {};
}

QString GrantStore::markUsed(const QString &grantId, qint64 nowMs)
{
    auto q = m_statements.exec(QStringLiteral("UPDATE auth_grant SET last_used = ? WHERE grant_id = ? AND last_used <= ?"),
                               {nowMs, grantId, nowMs - kLastUsedResolutionMs});
    return q.ok() ? QString() : q->lastError().text();
}

Expected<std::optional<Grant>, QString> GrantStore::find(const QString &grantId) const
{
    auto q = m_statements.exec(QStringLiteral("SELECT ") + kGrantColumns + QStringLiteral(" FROM auth_grant WHERE grant_id = ?"),
                               {grantId});
    if (!q.ok())
        return q->lastError().text();
    if (!q->next())
        return std::optional<Grant>();
    return std::optional<Grant>(grantFrom(q.query()));
}

Expected<QList<Grant>, QString> GrantStore::activeGrants(const QString &patientId) const
{
    QSqlQuery q(m_database->connection());
    q.prepare(QStringLiteral("SELECT ") + kGrantColumns
              + QStringLiteral(" FROM auth_grant WHERE revoked IS NULL AND expires > ? AND (? = '' OR patient_id = ?)"
                               " ORDER BY created DESC, grant_id"));
    q.addBindValue(m_clock.nowMs());
    q.addBindValue(storage::sqlText(patientId));
    q.addBindValue(storage::sqlText(patientId));
    if (!q.exec())
        return q.lastError().text();
    QList<Grant> grants;
    while (q.next())
        grants << grantFrom(q);
    return grants;
}

} // namespace paw::auth
