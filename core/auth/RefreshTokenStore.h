#pragma once

#include "Expected.h"
#include "auth/RefreshToken.h"
#include "platform/Clock.h"
#include "storage/Database.h"

#include <memory>
#include <optional>

namespace paw::auth {

/// Refresh tokens in the database (table `refresh_token`, schema step 6), rotated on every use.
///
///     issue ──> check (client, expiry, not spent) ──> rotate: spent, successor issued ──> ...
///                  └─ a spent token presented again: refused, and its whole grant revoked
///
/// Tokens are opaque (256 random bits, base64url) and kept only as hashes, so a copy of the
/// database refreshes nothing. The grant (GrantStore) is what a refresh token lives under:
/// revoking it ends them all.
class RefreshTokenStore
{
public:
    struct Issued
    {
        QString token;
        qint64 expiresMs = 0;
    };
    struct UseError
    {
        enum class Kind { Unknown, OtherClient, Expired, Reused, Database };
        Kind kind;
        QString message; // for error_description; never the token
    };

    RefreshTokenStore(std::shared_ptr<storage::Database> database, const platform::Clock &clock);

    /// A new token for `grantId`, bound to `clientId`, exchangeable for at most `scope`.
    Expected<Issued, QString> issue(const QString &grantId, const QString &clientId, const QString &scope, qint64 expiresMs);

    /// The token's record when `clientId` may use it now. A spent token fails as Reused and
    /// revokes its grant (OAuth 2.0 Security BCP §4.14.2: refresh token rotation).
    Expected<RefreshToken, UseError> check(const QString &token, const QString &clientId);
    /// Spends `token` and stores its successor (same grant, client and scope) in one
    /// transaction. Of two concurrent rotations one wins; the other fails as Reused and revokes
    /// the grant, as a replay would.
    Expected<Issued, UseError> rotate(const QString &token, qint64 successorExpiresMs);

    /// The record, whatever its state; nothing changes (for introspection).
    Expected<std::optional<RefreshToken>, QString> find(const QString &token) const;

private:
    /// The record, or Unknown.
    Expected<RefreshToken, UseError> stored(const QString &token) const;
    UseError reused(const QString &grantId);

    std::shared_ptr<storage::Database> m_database;
    const platform::Clock &m_clock;
};

} // namespace paw::auth
