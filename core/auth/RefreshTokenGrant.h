#pragma once

#include "auth/TokenGrantHandler.h"

namespace paw::auth {

/// grant_type=refresh_token (RFC 6749 §6) with rotation (OAuth 2.0 Security BCP §4.14.2): the
/// token must be this client's, unspent and unexpired, its grant active and its user still
/// allowed to act for the patient; a `scope` may narrow the new access token, never widen it.
/// The token is spent and a successor issued; the successor keeps the grant's full scope, so a
/// narrowed request does not narrow later ones.
class RefreshTokenGrant : public TokenGrantHandler
{
public:
    using TokenGrantHandler::TokenGrantHandler;

    Expected<TokenResponse, OAuthError> handle(const FormParameters &form, const Client &client) override;
};

} // namespace paw::auth
