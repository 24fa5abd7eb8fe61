#pragma once

#include "auth/AccessTokenReader.h"
#include "auth/ClientAuthenticator.h"
#include "auth/GrantStore.h"
#include "auth/RefreshTokenStore.h"
#include "auth/TokenAudit.h"
#include "auth/TokenLookup.h"
#include "auth/TokenServiceConfig.h"
#include "http/HttpRequest.h"

#include <optional>

namespace paw::auth {

/// What introspection (RFC 7662) and revocation (RFC 7009) share: a client authenticates as at
/// the token endpoint and presents a token in the `token` parameter; the token is looked up.
/// A token issued to another client is treated as unknown, so a client learns nothing about
/// tokens that are not its own.
class PresentedTokenEndpoint
{
public:
    PresentedTokenEndpoint(const PresentedTokenEndpoint &) = delete;
    PresentedTokenEndpoint &operator=(const PresentedTokenEndpoint &) = delete;

protected:
    struct Presented
    {
        ClientAuthenticator::Authenticated caller;
        std::optional<TokenLookup::Found> token; // live and the caller's, else nothing
    };

    explicit PresentedTokenEndpoint(const TokenServiceConfig &config);
    ~PresentedTokenEndpoint() = default;

    /// The caller and its token; invalid_client, or invalid_request without a token.
    Expected<Presented, OAuthError> read(const http::HttpRequest &request);

    const platform::Clock &m_clock;
    TokenAudit m_audit;
    ClientAuthenticator m_clients;
    GrantStore m_grants;
    RefreshTokenStore m_refreshTokens;
    AccessTokenReader m_accessTokens;
    TokenLookup m_lookup;
};

} // namespace paw::auth
