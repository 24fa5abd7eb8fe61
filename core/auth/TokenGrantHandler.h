#pragma once

#include "Expected.h"
#include "auth/Client.h"
#include "auth/FormParameters.h"
#include "auth/Grant.h"
#include "auth/GrantStore.h"
#include "auth/OAuthError.h"
#include "auth/PersonaStore.h"
#include "auth/RefreshTokenStore.h"
#include "auth/TokenIssuer.h"
#include "auth/TokenResponse.h"

namespace paw::auth {

/// One grant type of the token endpoint (RFC 6749 §4.1.3, §6): given the form and the client
/// already authenticated, the tokens or the OAuth error. The stores and the issuer are the
/// endpoint's; each handler holds references to them.
class TokenGrantHandler
{
public:
    struct Context
    {
        GrantStore &grants;
        RefreshTokenStore &refreshTokens;
        const PersonaStore &personas;
        const TokenIssuer &issuer;
        const platform::Clock &clock;
    };

    explicit TokenGrantHandler(Context context) : m_context(context) {}
    virtual ~TokenGrantHandler() = default;

    /// On success `username` is set, for the audit.
    virtual Expected<TokenResponse, OAuthError> handle(const FormParameters &form, const Client &client) = 0;

protected:
    /// Who the grant's tokens speak for today; invalid_grant once a delegation has ended.
    Expected<TokenSubject, OAuthError> subjectOf(const QString &username, const QString &patientId) const;
    /// The access token and ID token of `grant` for `scope`; server_error if signing fails.
    Expected<TokenResponse, OAuthError> tokensFor(const Grant &grant, const TokenSubject &subject, const ScopeSet &scope,
                                                  const QString &nonce) const;
    /// When a refresh token issued now expires: its lifetime, but never after its grant.
    qint64 refreshExpiryMs(const Grant &grant) const;

    Context m_context;
};

} // namespace paw::auth
