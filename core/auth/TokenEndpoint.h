#pragma once

#include "auth/AuthorizationCodeGrant.h"
#include "auth/ClientAuthenticator.h"
#include "auth/RefreshTokenGrant.h"
#include "auth/TokenAudit.h"
#include "auth/TokenServiceConfig.h"
#include "http/HttpRequest.h"
#include "http/HttpResponse.h"

namespace paw::auth {

/// POST /auth/token (RFC 6749 §3.2): reads the form, authenticates the client, hands the request
/// to the handler of its grant_type and answers the tokens (§5.1) or the error (§5.2), never
/// cacheable. Every answer is audited with the access token's jti, never a token value.
///
/// One per worker thread: it owns its stores (each uses its thread's database connection).
class TokenEndpoint
{
public:
    explicit TokenEndpoint(const TokenServiceConfig &config);
    TokenEndpoint(const TokenEndpoint &) = delete;
    TokenEndpoint &operator=(const TokenEndpoint &) = delete;

    http::HttpResponse handle(const http::HttpRequest &request);

private:
    Expected<TokenResponse, OAuthError> exchange(const http::HttpRequest &request, QString &clientId, QString &grantType);

    TokenAudit m_audit;
    ClientAuthenticator m_clients;
    GrantStore m_grants;
    RefreshTokenStore m_refreshTokens;
    PersonaStore m_personas;
    TokenIssuer m_issuer;
    AuthorizationCodeGrant m_codeGrant;
    RefreshTokenGrant m_refreshGrant;
};

} // namespace paw::auth
