#pragma once

#include "http/HttpResponse.h"

#include <QString>

namespace paw::auth {

/// An OAuth 2.0 error response (RFC 6749 §5.2): the code a client branches on, a description
/// safe to show (never a token, code or secret), and the HTTP status.
struct OAuthError
{
    QString error;
    QString description;
    int status = 400;
    bool basicChallenge = false; // answer with WWW-Authenticate: Basic (the client used it)

    static OAuthError invalidRequest(const QString &description);
    /// 401: unknown client, failed authentication, or a method the client may not use.
    static OAuthError invalidClient(const QString &description, bool basicChallenge = false);
    static OAuthError invalidGrant(const QString &description);
    static OAuthError unauthorizedClient(const QString &description);
    static OAuthError unsupportedGrantType(const QString &description);
    static OAuthError invalidScope(const QString &description);
    /// 500: the database or the signing failed; the description says what, not how.
    static OAuthError serverError(const QString &description);

    /// The JSON body with `Cache-Control: no-store` and `Pragma: no-cache`.
    http::HttpResponse toResponse() const;
};

} // namespace paw::auth
