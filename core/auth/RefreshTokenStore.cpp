#include "auth/RefreshTokenStore.h"

#include "auth/ClientSecret.h"
#include "auth/GrantStore.h"
#include "platform/SecureRandom.h"
#include "storage/SqlText.h"

#include <QCoreApplication>
#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

Q_LOGGING_CATEGORY(lcRefreshTokens, "paw.auth.refresh")

namespace paw::auth {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("RefreshTokenStore", text);
}

using Kind = RefreshTokenStore::UseError::Kind;


} // namespace

RefreshTokenStore::RefreshTokenStore(std::shared_ptr<storage::Database> database, const platform::Clock &clock)
    : m_database(std::move(database))
    , m_clock(clock)
{
}

Expected<RefreshTokenStore::Issued, QString> RefreshTokenStore::issue(const QString &grantId, const QString &clientId,
                                                                      const QString &scope, qint64 expiresMs)
{
    Issued issued{QString::fromLatin1(platform::SecureRandom::token(32)), expiresMs};
    if (issued.token.isEmpty())
        return tr("no random value could be made for the refresh token");
    QSqlQuery q(m_database->connection());
    q.prepare(QStringLiteral("INSERT INTO refresh_token (token_hash, grant_id, client_id, scope, created, expires)"
                             " VALUES (?, ?, ?, ?, ?, ?)"));
    for (const QString &value : {ClientSecret::hash(issued.token), grantId, clientId, scope})
        q.addBindValue(storage::sqlText(value));
    q.addBindValue(m_clock.nowMs());
    q.addBindValue(expiresMs);
    if (!q.exec())
        return q.lastError().text();
    return issued;
}

Expected<std::optional<RefreshToken>, QString> RefreshTokenStore::find(const QString &token) const
{
    QSqlQuery q(m_database->connection());
    q.prepare(QStringLiteral("SELECT grant_id, client_id, scope, created, expires, used FROM refresh_token WHERE token_hash = ?"));
    q.addBindValue(ClientSecret::hash(token));
    if (!q.exec())
        return q.lastError().text();
    if (!q.next())
        return std::optional<RefreshToken>();
    RefreshToken t;
    t.grantId = q.value(0).toString();
    t.clientId = q.value(1).toString();
    t.scope = q.value(2).toString();
    t.createdMs = q.value(3).toLongLong();
    t.expiresMs = q.value(4).toLongLong();
    t.usedMs = q.value(5).isNull() ? 0 : q.value(5).toLongLong();
    return std::optional<RefreshToken>(t);
}

RefreshTokenStore::UseError RefreshTokenStore::reused(const QString &grantId)
{
    // Either the client or an attacker holds a copy of a spent token: whichever it is, every
    // token of the grant is suspect, so the grant ends.
    const QString error = GrantStore(m_database, m_clock).revoke(grantId);
    if (!error.isEmpty())
        return {Kind::Database, error};
    qCWarning(lcRefreshTokens) << "a spent refresh token was presented again: grant" << grantId << "revoked";
    return {Kind::Reused, tr("the refresh token was already used; every token of its grant is revoked")};
}

Expected<RefreshToken, RefreshTokenStore::UseError> RefreshTokenStore::stored(const QString &token) const
{
    const auto found = find(token);
    if (!found)
        return UseError{Kind::Database, found.error()};
    if (!found.value())
        return UseError{Kind::Unknown, tr("the refresh token is not valid")};
    return **found;
}

Expected<RefreshToken, RefreshTokenStore::UseError> RefreshTokenStore::check(const QString &token, const QString &clientId)
{
    const auto found = stored(token);
    if (!found)
        return found.error();
    const RefreshToken &record = found.value();
    // RFC 6749 §6: the server must "ensure that the refresh token was issued to the authenticated client".
    if (record.clientId != clientId)
        return UseError{Kind::OtherClient, tr("the refresh token was not issued to this client")};
    if (record.isSpent())
        return reused(record.grantId);
    if (m_clock.nowMs() >= record.expiresMs)
        return UseError{Kind::Expired, tr("the refresh token has expired")};
    return record;
}

Expected<RefreshTokenStore::Issued, RefreshTokenStore::UseError> RefreshTokenStore::rotate(const QString &token,
                                                                                          qint64 successorExpiresMs)
{
    const Issued successor{QString::fromLatin1(platform::SecureRandom::token(32)), successorExpiresMs};
    if (successor.token.isEmpty())
        return UseError{Kind::Database, tr("no random value could be made for the refresh token")};
    const QString hash = ClientSecret::hash(token);
    const QString successorHash = ClientSecret::hash(successor.token);
    const qint64 now = m_clock.nowMs();
    QSqlDatabase db = m_database->connection();
    if (!db.transaction())
        return UseError{Kind::Database, db.lastError().text()};
    const auto rolledBack = [&db](const QSqlQuery &failed) {
        const UseError error{Kind::Database, failed.lastError().text()};
        db.rollback();
        return error;
    };
    // Spending is the one atomic step: of two concurrent rotations only one changes the row.
    QSqlQuery spend(db);
    spend.prepare(QStringLiteral("UPDATE refresh_token SET used = ?, replaced_by = ? WHERE token_hash = ? AND used IS NULL"));
    spend.addBindValue(now);
    spend.addBindValue(successorHash);
    spend.addBindValue(hash);
    if (!spend.exec())
        return rolledBack(spend);
    if (spend.numRowsAffected() != 1) {
        // Spent already: by a concurrent rotation or long ago, a second use either way.
        db.rollback();
        const auto found = stored(token);
        if (!found)
            return found.error();
        return reused(found->grantId);
    }
    QSqlQuery insert(db);
    insert.prepare(QStringLiteral("INSERT INTO refresh_token (token_hash, grant_id, client_id, scope, created, expires)"
                                  " SELECT ?, grant_id, client_id, scope, ?, ? FROM refresh_token WHERE token_hash = ?"));
    insert.addBindValue(successorHash);
    insert.addBindValue(now);
    insert.addBindValue(successorExpiresMs);
    insert.addBindValue(hash);
    if (!insert.exec())
        return rolledBack(insert);
    if (!db.commit())
        return UseError{Kind::Database, db.lastError().text()};
    return successor;
}

} // namespace paw::auth
