#pragma once

#include "Expected.h"
#include "access/AccessRefusal.h"
#include "access/AccessToken.h"
#include "access/VerifiedTokenCache.h"
#include "auth/jose/JwtClaimsCheck.h"
#include "auth/jose/PublicKeySet.h"
#include "platform/Clock.h"

#include <QByteArrayView>
#include <QString>

#include <functional>
#include <memory>

namespace paw::access {

/// Checks an access token as docs/AUTHORIZATION.md defines it: an RS256 JWS whose kid names one
/// of the server's public keys (never alg none or HS*), typ at+jwt, iss the issuer, aud the FHIR
/// base, exp and nbf within 60 s of the injected clock, and the claims enforcement needs
/// (grant_id, sub, client_id, patient, scope, jti). A verified token is remembered
/// (VerifiedTokenCache) so that its signature is checked once, its times on every use.
/// Not thread-safe: one per worker.
class AccessTokenValidator
{
public:
    static constexpr int kSkewSeconds = 60;

    /// `keys` is asked for the key set on every signature check (the ring is shared and rotates).
    AccessTokenValidator(std::function<auth::PublicKeySet()> keys, QString issuer, QString audience,
                         const platform::Clock &clock);

    Expected<std::shared_ptr<const AccessToken>, AccessRefusal> validate(QByteArrayView token);

private:
    Expected<std::shared_ptr<const AccessToken>, AccessRefusal> verify(QByteArrayView token) const;

    std::function<auth::PublicKeySet()> m_keys;
    const platform::Clock &m_clock;
    auth::JwtClaimsCheck m_claimsCheck;
    VerifiedTokenCache m_cache;
};

} // namespace paw::access
