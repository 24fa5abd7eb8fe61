#pragma once

#include "Expected.h"
#include "auth/AccessTokenReader.h"
#include "auth/Grant.h"
#include "auth/GrantStore.h"
#include "auth/RefreshTokenStore.h"

#include <QJsonObject>
#include <QString>

#include <optional>

namespace paw::auth {

/// What introspection and revocation ask of a token a client presents: is it a live token of
/// this server, of which kind, and under which grant. Refresh tokens are base64url without
/// dots and access tokens JWTs, so the token's form says where to look; token_type_hint is
/// not needed.
class TokenLookup
{
public:
    struct Found
    {
        enum class Type { Access, Refresh };
        Type type;
        Grant grant;          // active
        QString clientId;     // the client it was issued to
        QString scope;
        qint64 issuedAt = 0;  // seconds since the epoch
        qint64 expiresAt = 0; // seconds since the epoch
        QJsonObject claims;   // an access token's claims
    };

    TokenLookup(const AccessTokenReader &accessTokens, const RefreshTokenStore &refreshTokens, const GrantStore &grants,
                const platform::Clock &clock);

    /// The token when it is live (unexpired, unspent, its grant active); nothing for anything
    /// else. The error is a database failure only.
    Expected<std::optional<Found>, QString> find(const QString &token) const;

private:
    Expected<std::optional<Found>, QString> findRefreshToken(const QString &token) const;

    const AccessTokenReader &m_accessTokens;
    const RefreshTokenStore &m_refreshTokens;
    const GrantStore &m_grants;
    const platform::Clock &m_clock;
};

} // namespace paw::auth
