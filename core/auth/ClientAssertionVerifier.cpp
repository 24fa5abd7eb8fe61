#include "auth/ClientAssertionVerifier.h"

#include "auth/jose/Base64Url.h"
#include "auth/jose/JwtClaimsCheck.h"
#include "auth/jose/JwtVerifier.h"
#include "auth/jose/PublicKeySet.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

namespace paw::auth {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("ClientAssertionVerifier", text);
}

constexpr qsizetype kMaxJtiLength = 256;

} // namespace

ClientAssertionVerifier::ClientAssertionVerifier(AssertionJtiStore &jtis, const platform::Clock &clock, QString audience,
                                                 JwksFetcher *jwks)
    : m_jtis(jtis)
    , m_clock(clock)
    , m_audience(std::move(audience))
    , m_jwks(jwks)
{
}

QString ClientAssertionVerifier::claimedClient(QByteArrayView assertion)
{
    if (assertion.size() > JwtVerifier::kMaxTokenBytes)
        return {};
    const QList<QByteArray> parts = assertion.toByteArray().split('.');
    const auto payload = parts.size() == 3 ? Base64Url::decode(parts.at(1)) : Expected<QByteArray, QString>(QString());
    return payload ? QJsonDocument::fromJson(*payload).object().value(QLatin1String("sub")).toString() : QString();
}

QString ClientAssertionVerifier::verify(QByteArrayView assertion, const Client &client)
{
    // RS256 is left out on purpose: SMART asks assertions to be signed RS384 or ES384.
    const QList<JwsAlgorithm> algorithms{JwsAlgorithm::RS384, JwsAlgorithm::ES384};
    auto keys = clientKeys(client, false);
    if (!keys)
        return keys.error();
    auto decoded = JwtVerifier::verify(assertion, keys.value(), algorithms);
    // A key the fetched set does not hold: the client may have rotated its keys since.
    if (!decoded && decoded.error().kind == JwtError::Kind::Key && client.jwks.isEmpty()) {
        keys = clientKeys(client, true);
        if (!keys)
            return keys.error();
        decoded = JwtVerifier::verify(assertion, keys.value(), algorithms);
    }
    if (!decoded)
        return tr("the client assertion is refused: %1").arg(decoded.error().reason);
    const QJsonObject &claims = decoded->claims;

    // RFC 7523 §3: for client authentication, iss and sub MUST both be the client_id.
    if (claims.value(QLatin1String("sub")).toString() != client.clientId)
        return tr("the client assertion's sub is not the client id");
    const auto failed = JwtClaimsCheck(client.clientId, m_audience, m_clock).setSkewSeconds(kSkewSeconds).check(claims);
    if (failed)
        return tr("the client assertion is refused: %1").arg(failed->reason);

    // SMART Backend Services: exp "no more than five minutes in the future"; a long-lived
    // assertion would be a reusable password.
    const qint64 now = m_clock.nowMs();
    const qint64 expMs = qint64(std::floor(claims.value(QLatin1String("exp")).toDouble() * 1000.0));
    if (expMs > now + kMaxLifetimeMs + kSkewSeconds * 1000LL)
        return tr("the client assertion expires more than five minutes from now");

    // RFC 7523 §3, item 7: the server "MAY ensure that JWTs are not replayed by maintaining the
    // set of used jti values for the length of time for which the JWT would be considered valid".
    const QJsonValue jti = claims.value(QLatin1String("jti"));
    if (!jti.isString() || jti.toString().isEmpty() || jti.toString().size() > kMaxJtiLength)
        return tr("the client assertion has no usable jti");
    const auto fresh = m_jtis.remember(client.clientId, jti.toString(), expMs + kSkewSeconds * 1000LL);
    if (!fresh)
        return tr("the client assertion could not be recorded: %1").arg(fresh.error());
    if (!fresh.value())
        return tr("the client assertion was already used (jti)");
    return {};
}

Expected<PublicKeySet, QString> ClientAssertionVerifier::clientKeys(const Client &client, bool refresh)
{
    QByteArray json = client.jwks.toUtf8();
    if (json.isEmpty()) {
        if (client.jwksUri.isEmpty())
            return tr("the client has no registered keys");
        if (!m_jwks)
            return tr("this server does not fetch jwks_uri: register the client's JWKS itself");
        auto fetched = m_jwks->fetch(client.jwksUri, refresh);
        if (!fetched)
            return tr("the client's jwks_uri could not be read: %1").arg(fetched.error());
        json = *fetched;
    }
    const auto keys = PublicKeySet::parse(json);
    if (!keys)
        return tr("the client's JWKS cannot be read: %1").arg(keys.error());
    return *keys;
}

} // namespace paw::auth
