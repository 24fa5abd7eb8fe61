#include "auth/AccessTokenReader.h"

#include "auth/DiscoveryDocuments.h"
#include "auth/jose/JwtClaimsCheck.h"
#include "auth/jose/JwtVerifier.h"

#include <QCoreApplication>

namespace paw::auth {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("AccessTokenReader", text);
}

} // namespace

AccessTokenReader::AccessTokenReader(std::shared_ptr<SigningKeyRing> keys, const QString &root, const GrantStore &grants,
                                     const platform::Clock &clock)
    : m_keys(std::move(keys))
    , m_issuer(DiscoveryDocuments(root, {}).issuer())
    , m_audience(DiscoveryDocuments(root, {}).fhirBase())
    , m_grants(grants)
    , m_clock(clock)
{
}

Expected<AccessTokenReader::Live, QString> AccessTokenReader::read(QByteArrayView token) const
{
    // The server signs access tokens RS256 (docs/AUTHORIZATION.md); the ring's keys are its own.
    const auto decoded = JwtVerifier::verify(token, m_keys->jwks(), {JwsAlgorithm::RS256});
    if (!decoded)
        return decoded.error().reason;
    // RFC 9068 §4: resource servers "MUST verify that the typ header value is at+jwt".
    if (decoded->header.value(QLatin1String("typ")).toString().compare(QLatin1String("at+jwt"), Qt::CaseInsensitive) != 0)
        return tr("the token is not an access token (typ)");
    // This server's own tokens: no clock skew to allow for.
    if (const auto failed = JwtClaimsCheck(m_issuer, m_audience, m_clock).setSkewSeconds(0).check(decoded->claims))
        return failed->reason;
    const QString grantId = decoded->claims.value(QLatin1String("grant_id")).toString();
    const auto grant = grantId.isEmpty() ? Expected<std::optional<Grant>, QString>(std::optional<Grant>()) : m_grants.find(grantId);
    if (!grant)
        return grant.error();
    if (!grant.value() || !(*grant)->isActive(m_clock.nowMs()))
        return tr("the token's grant was revoked or has expired");
    if ((*grant)->clientId != decoded->claims.value(QLatin1String("client_id")).toString())
        return tr("the token's client is not its grant's");
    return Live{decoded->claims, **grant};
}

} // namespace paw::auth
