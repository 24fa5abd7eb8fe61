#pragma once

#include "auth/TokenServiceConfig.h"
#include "http/Router.h"

namespace paw::auth {

/// Puts the token side on a worker's router: POST /auth/token, POST /auth/introspect,
/// POST /auth/revoke, GET and POST /auth/userinfo. Call it in the HttpService's router factory,
/// on the worker thread: the endpoints it makes own that thread's stores, and share only
/// `config.keys`. /auth/jwks is DiscoveryRoutes' (give it `config.keys->jwksJson()`).
class TokenRoutes
{
public:
    static void registerRoutes(http::Router &router, const TokenServiceConfig &config);
};

} // namespace paw::auth
