#pragma once

#include <QString>

namespace paw::auth {

/// A pending authorization: what a code stands for between the consent page and the token
/// request (RFC 6749 §4.1.2), bound to its client, redirect URI, PKCE challenge and nonce.
struct AuthorizationCode
{
    QString clientId;
    QString redirectUri;
    QString codeChallenge; // S256
    QString nonce;         // may be empty
    QString username;
    QString patientId;
    QString scope;         // what the user granted
    qint64 authTimeMs = 0; // when the user signed in (OpenID Connect auth_time)
    qint64 expiresMs = 0;
};

} // namespace paw::auth
