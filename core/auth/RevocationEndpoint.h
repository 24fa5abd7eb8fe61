#pragma once

#include "auth/PresentedTokenEndpoint.h"
#include "http/HttpResponse.h"

namespace paw::auth {

/// POST /auth/revoke (RFC 7009). Revoking either kind of token ends its whole grant: for a
/// refresh token RFC 7009 §2.1 asks for the grant's access tokens to go too, and an access
/// token's revocation is done the same way, as PAW's access tokens are checked against their
/// grant on every request (there is no per-token deny list). Unknown, dead and other clients'
/// tokens get the same 200 and change nothing (§2.2).
class RevocationEndpoint : public PresentedTokenEndpoint
{
public:
    explicit RevocationEndpoint(const TokenServiceConfig &config) : PresentedTokenEndpoint(config) {}

    http::HttpResponse handle(const http::HttpRequest &request);
};

} // namespace paw::auth
