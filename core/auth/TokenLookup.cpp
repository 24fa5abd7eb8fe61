#include "auth/TokenLookup.h"

namespace paw::auth {

TokenLookup::TokenLookup(const AccessTokenReader &accessTokens, const RefreshTokenStore &refreshTokens,
                         const GrantStore &grants, const platform::Clock &clock)
    : m_accessTokens(accessTokens)
    , m_refreshTokens(refreshTokens)
    , m_grants(grants)
    , m_clock(clock)
{
}

Expected<std::optional<TokenLookup::Found>, QString> TokenLookup::find(const QString &token) const
{
    if (!token.contains(u'.'))
        return findRefreshToken(token);
    const auto live = m_accessTokens.read(token.toLatin1());
    if (!live)
        return std::optional<Found>();
    const QJsonObject &claims = live->claims;
    return std::optional<Found>(Found{Found::Type::Access, live->grant, claims.value(QLatin1String("client_id")).toString(),
                                      claims.value(QLatin1String("scope")).toString(),
                                      claims.value(QLatin1String("iat")).toInteger(),
                                      claims.value(QLatin1String("exp")).toInteger(), claims});
}

Expected<std::optional<TokenLookup::Found>, QString> TokenLookup::findRefreshToken(const QString &token) const
{
    const auto record = m_refreshTokens.find(token);
    if (!record)
        return record.error();
    const qint64 now = m_clock.nowMs();
    if (!record.value() || (*record)->isSpent() || now >= (*record)->expiresMs)
        return std::optional<Found>();
    const auto grant = m_grants.find((*record)->grantId);
    if (!grant)
        return grant.error();
    if (!grant.value() || !(*grant)->isActive(now))
        return std::optional<Found>();
    return std::optional<Found>(Found{Found::Type::Refresh, **grant, (*record)->clientId, (*record)->scope,
                                      (*record)->createdMs / 1000, (*record)->expiresMs / 1000, {}});
}

} // namespace paw::auth
