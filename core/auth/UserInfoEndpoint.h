#pragma once

#include "auth/AccessTokenReader.h"
#include "auth/GrantStore.h"
#include "auth/PersonaStore.h"
#include "auth/TokenServiceConfig.h"
#include "http/HttpRequest.h"
#include "http/HttpResponse.h"

namespace paw::auth {

/// GET or POST /auth/userinfo (OpenID Connect Core §5.3) with a Bearer access token
/// (RFC 6750 §2.1): `sub`, `fhirUser` with the fhirUser scope, `name` with profile. A missing or
/// dead token is 401 invalid_token; a live one without openid is 403 insufficient_scope
/// (RFC 6750 §3.1), both with `WWW-Authenticate: Bearer`.
class UserInfoEndpoint
{
public:
    explicit UserInfoEndpoint(const TokenServiceConfig &config);
    UserInfoEndpoint(const UserInfoEndpoint &) = delete;
    UserInfoEndpoint &operator=(const UserInfoEndpoint &) = delete;

    http::HttpResponse handle(const http::HttpRequest &request);

private:
    const platform::Clock &m_clock;
    GrantStore m_grants;
    PersonaStore m_personas;
    AccessTokenReader m_accessTokens;
    QString m_fhirBase;
};

} // namespace paw::auth
