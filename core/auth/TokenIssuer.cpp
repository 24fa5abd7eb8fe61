#include "auth/TokenIssuer.h"

#include "auth/DiscoveryDocuments.h"
#include "auth/jose/Jwt.h"
#include "platform/SecureRandom.h"

#include <QCoreApplication>

#include <algorithm>

namespace paw::auth {

TokenIssuer::TokenIssuer(std::shared_ptr<SigningKeyRing> keys, const QString &root, const platform::Clock &clock,
                         TokenLifetimes lifetimes)
    : m_keys(std::move(keys))
    , m_issuer(DiscoveryDocuments(root, {}).issuer())
    , m_fhirBase(DiscoveryDocuments(root, {}).fhirBase())
    , m_clock(clock)
    , m_lifetimes(lifetimes)
{
}

qint64 TokenIssuer::nowSeconds() const
{
    return m_clock.nowMs() / 1000;
}

qint64 TokenIssuer::expirySeconds(const Grant &grant) const
{
    // A token never outlives its grant: enforcement would refuse it anyway, and expires_in must not promise more.
    return std::min(m_clock.nowMs() + m_lifetimes.accessMs, grant.expiresMs) / 1000;
}

Expected<TokenIssuer::AccessToken, QString> TokenIssuer::accessToken(const Grant &grant, const TokenSubject &subject,
                                                                     const ScopeSet &scope) const
{
    AccessToken out{{}, QString::fromLatin1(platform::SecureRandom::token(32)), expirySeconds(grant)};
    if (out.jti.isEmpty())
        return QCoreApplication::translate("TokenIssuer", "no random value could be made for the token id");
    const qint64 now = nowSeconds();
    QJsonObject claims{
        {QStringLiteral("iss"), m_issuer},
        {QStringLiteral("aud"), m_fhirBase},
        {QStringLiteral("sub"), subject.username},
        {QStringLiteral("client_id"), grant.clientId},
        {QStringLiteral("scope"), scope.toString()},
        {QStringLiteral("patient"), subject.patientId},
        {QStringLiteral("fhirUser"), absoluteFhirUser(subject)},
        {QStringLiteral("grant_id"), grant.grantId},
        {QStringLiteral("iat"), now},
        {QStringLiteral("nbf"), now},
        {QStringLiteral("exp"), out.expiresAt},
        {QStringLiteral("jti"), out.jti},
    };
    // RFC 8693 §4.1: the acting party, so that enforcement and audit see a delegate as one.
    if (subject.delegate)
        claims.insert(QStringLiteral("act"), QJsonObject{{QStringLiteral("sub"), subject.username}});
    // RFC 9068 §2.1: typ "at+jwt", so that an ID token is never taken for an access token.
    auto token = Jwt::sign({{QStringLiteral("typ"), QStringLiteral("at+jwt")}}, claims, m_keys->current());
    if (!token)
        return token.error();
    out.token = std::move(token.value());
    return out;
}

Expected<QByteArray, QString> TokenIssuer::idToken(const Grant &grant, const TokenSubject &subject, const ScopeSet &scope,
                                                   const QString &nonce) const
{
    // OpenID Connect Core §2: iss, sub, aud (the client), exp, iat; nonce as the request sent it.
    QJsonObject claims{
        {QStringLiteral("iss"), m_issuer},
        {QStringLiteral("sub"), subject.username},
        {QStringLiteral("aud"), grant.clientId},
        {QStringLiteral("iat"), nowSeconds()},
        {QStringLiteral("exp"), expirySeconds(grant)},
    };
    if (!nonce.isEmpty())
        claims.insert(QStringLiteral("nonce"), nonce);
    // OpenID Connect Core §2: auth_time, when the user signed in; the grant keeps the sign-in's
    // time, so a refresh repeats it (§12.2) rather than claiming a new sign-in.
    if (grant.authTimeMs > 0)
        claims.insert(QStringLiteral("auth_time"), grant.authTimeMs / 1000);
    // SMART App Launch: the fhirUser claim comes with the fhirUser scope.
    if (scope.hasFhirUser())
        claims.insert(QStringLiteral("fhirUser"), absoluteFhirUser(subject));
    if (scope.hasProfile() && !subject.displayName.isEmpty())
        claims.insert(QStringLiteral("name"), subject.displayName);
    return Jwt::sign({{QStringLiteral("typ"), QStringLiteral("JWT")}}, claims, m_keys->current());
}

Expected<TokenResponse, QString> TokenIssuer::issue(const Grant &grant, const TokenSubject &subject, const ScopeSet &scope,
                                                    const QString &nonce) const
{
    const auto access = accessToken(grant, subject, scope);
    if (!access)
        return access.error();
    TokenResponse response;
    response.accessToken = access->token;
    response.tokenId = access->jti;
    response.expiresIn = std::max<qint64>(0, access->expiresAt - nowSeconds());
    response.scope = scope.toString();
    response.patientId = subject.patientId;
    if (scope.hasOpenId()) {
        const auto id = idToken(grant, subject, scope, nonce);
        if (!id)
            return id.error();
        response.idToken = id.value();
    }
    return response;
}

} // namespace paw::auth
