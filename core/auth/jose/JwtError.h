#pragma once

#include <QString>

namespace paw::auth {

/// Why a token was refused: a kind for code to branch on and a reason a person understands.
/// The reason names headers and claims, never the token or key material.
struct JwtError
{
    enum class Kind {
        Malformed, // not a compact JWS: parts, base64url, JSON objects
        Algorithm, // alg none, HS*, or not allowed here
        Key, // no key for the kid, or a key that does not fit the alg
        Signature, // the signature does not verify
        Claims, // iss, aud, exp, nbf
    };

    Kind kind;
    QString reason;
};

} // namespace paw::auth
