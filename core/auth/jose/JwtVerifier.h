#pragma once

#include "Expected.h"
#include "auth/jose/DecodedJwt.h"
#include "auth/jose/JwsAlgorithm.h"
#include "auth/jose/JwtError.h"
#include "auth/jose/PublicKeySet.h"

#include <QByteArrayView>
#include <QList>

namespace paw::auth {

/// Checks a compact JWS against a key set: form, algorithm, key, signature, in that order.
/// Claims (iss, aud, exp, nbf) are JwtClaimsCheck's job, after this.
///
/// The algorithm comes from the allow-list, never from the token alone: "none" and HS* are
/// refused by name (a verifier that honours them accepts forged tokens), and the key chosen by
/// kid must be of the type the algorithm needs, so an RSA public key is never used as an HMAC
/// secret nor an EC key asked to check an RSA signature.
class JwtVerifier
{
public:
    /// Tokens longer than this are refused before any decoding.
    static constexpr qsizetype kMaxTokenBytes = 64 * 1024;

    static Expected<DecodedJwt, JwtError> verify(QByteArrayView token, const PublicKeySet &keys,
                                                 const QList<JwsAlgorithm> &allowedAlgorithms);
};

} // namespace paw::auth
