#pragma once

#include "http/HttpResponse.h"

#include <QJsonObject>

namespace paw::auth {

/// A JSON answer of the token side. Every one may carry a token or say whether one is live, so
/// none may be cached (RFC 6749 §5.1: Cache-Control no-store and Pragma no-cache).
class TokenResponseHeaders
{
public:
    static http::HttpResponse json(int status, const QJsonObject &body);
    /// No body (a revocation's 200).
    static http::HttpResponse empty(int status);
};

} // namespace paw::auth
