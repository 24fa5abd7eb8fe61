#pragma once

#include "auth/TokenGrantHandler.h"

namespace paw::auth {

/// grant_type=authorization_code (RFC 6749 §4.1.3 with PKCE, RFC 7636 §4.5-4.6): redeems the
/// code once, checks that it was issued to this client for this redirect URI and that the
/// verifier hashes to its challenge, records the grant, and issues its tokens: a refresh token
/// only when offline_access or online_access was granted.
///
/// A code is spent by any redemption, even one refused afterwards (wrong client, redirect URI or
/// verifier): whoever holds a stolen code gets one try, and the rightful client's later try
/// fails as a reuse.
class AuthorizationCodeGrant : public TokenGrantHandler
{
public:
    using TokenGrantHandler::TokenGrantHandler;

    Expected<TokenResponse, OAuthError> handle(const FormParameters &form, const Client &client) override;

private:
    /// How long a grant of `scope` lasts: its refresh tokens' life for offline_access, a working
    /// day for online_access, else only as long as its one access token.
    qint64 grantLifetimeMs(const ScopeSet &scope) const;
};

} // namespace paw::auth
