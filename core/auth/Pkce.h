#pragma once

#include <QString>

namespace paw::auth {

/// Proof Key for Code Exchange (RFC 7636), S256 only: `plain` would let whoever intercepts the
/// authorization request also redeem the code, so this server refuses it.
class Pkce
{
public:
    /// Empty when the authorization request's challenge is acceptable; else the reason, for an
    /// `invalid_request` redirect. `method` defaults to plain when absent (RFC 7636 §4.3): refused.
    static QString checkChallenge(const QString &challenge, const QString &method);
    /// Whether `verifier` (from the token request) is well formed (43-128 unreserved characters,
    /// RFC 7636 §4.1) and hashes to `challenge`. The comparison takes the same time wherever
    /// the strings differ.
    static bool verify(const QString &verifier, const QString &challenge);
    /// BASE64URL(SHA256(verifier)): what a client sends as the challenge.
    static QString challengeFor(const QString &verifier);
};

} // namespace paw::auth
