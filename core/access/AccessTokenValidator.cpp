#include "access/AccessTokenValidator.h"

#include "auth/SigningKeyRing.h"
#include "auth/jose/JwtVerifier.h"

using namespace Qt::StringLiterals;

namespace paw::access {

namespace {

// The claims enforcement cannot do without, as strings.
constexpr const char16_t *kRequiredClaims[] = {u"grant_id", u"sub", u"client_id", u"patient", u"scope", u"jti"};

// A retired signing key stays published until its tokens' exp plus this skew: the two must agree,
// or a token still accepted here would name a key that is gone.
static_assert(AccessTokenValidator::kSkewSeconds == auth::SigningKeyRing::kVerifierSkewSeconds);

} // namespace

AccessTokenValidator::AccessTokenValidator(std::function<auth::PublicKeySet()> keys, QString issuer, QString audience,
                                           const platform::Clock &clock)
    : m_keys(std::move(keys))
    , m_clock(clock)
    , m_claimsCheck(std::move(issuer), std::move(audience), clock)
{
    m_claimsCheck.setSkewSeconds(kSkewSeconds).setRequireExpiry(true);
}

Expected<std::shared_ptr<const AccessToken>, AccessRefusal> AccessTokenValidator::validate(QByteArrayView token)
{
    const qint64 now = m_clock.nowMs();
    const QByteArray key = VerifiedTokenCache::keyOf(token);
    if (auto known = m_cache.find(key, now)) {
        // Verified before: only time has moved since (exp, nbf).
        if (const auto error = m_claimsCheck.check(known->claims))
            return AccessRefusal::invalidToken(error->reason);
        return known;
    }
    auto verified = verify(token);
    if (verified)
        m_cache.insert(key, *verified, now);
    return verified;
}

Expected<std::shared_ptr<const AccessToken>, AccessRefusal> AccessTokenValidator::verify(QByteArrayView token) const
{
    // RFC 8725 §3.1: the algorithm comes from our allow-list (RS256, as issued), never from the token.
    auto decoded = auth::JwtVerifier::verify(token, m_keys(), {auth::JwsAlgorithm::RS256});
    if (!decoded)
        return AccessRefusal::invalidToken(decoded.error().reason);
    if (const auto error = m_claimsCheck.check(decoded->claims))
        return AccessRefusal::invalidToken(error->reason);
    // RFC 9068 §4: "Resource servers MUST verify that the typ header value is at+jwt or
    // application/at+jwt": an ID token signed by the same key is not an access token.
    const QString typ = decoded->header.value(u"typ"_s).toString().toLower();
    if (typ != u"at+jwt" && typ != u"application/at+jwt")
        return AccessRefusal::invalidToken(u"the token is not an access token (typ is not at+jwt)"_s);

    const QJsonObject &claims = decoded->claims;
    for (const char16_t *name : kRequiredClaims) {
        const QJsonValue value = claims.value(QStringView(name));
        if (!value.isString() || value.toString().isEmpty())
            return AccessRefusal::invalidToken(u"the token has no %1 claim"_s.arg(QStringView(name)));
    }
    auto out = std::make_shared<AccessToken>();
    out->tokenId = claims.value(u"jti"_s).toString();
    out->subject = claims.value(u"sub"_s).toString();
    out->actor = claims.value(u"act"_s).toObject().value(u"sub"_s).toString();
    out->clientId = claims.value(u"client_id"_s).toString();
    out->patientId = claims.value(u"patient"_s).toString();
    out->grantId = claims.value(u"grant_id"_s).toString();
    out->scopes = auth::ScopeSet::parse(claims.value(u"scope"_s).toString());
    out->claims = claims;
    return std::shared_ptr<const AccessToken>(std::move(out));
}

} // namespace paw::access
