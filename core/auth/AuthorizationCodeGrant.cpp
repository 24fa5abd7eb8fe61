#include "auth/AuthorizationCodeGrant.h"

#include "auth/Pkce.h"

#include <QCoreApplication>

namespace paw::auth {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("AuthorizationCodeGrant", text);
}

} // namespace

qint64 AuthorizationCodeGrant::grantLifetimeMs(const ScopeSet &scope) const
{
    const TokenLifetimes &lifetimes = m_context.issuer.lifetimes();
    if (scope.offline())
        return lifetimes.refreshMs;
    if (scope.online())
        return lifetimes.onlineMs;
    // No refresh token: the grant ends with its access token, so nothing outlives what the user allowed.
    return lifetimes.accessMs;
}

Expected<TokenResponse, OAuthError> AuthorizationCodeGrant::handle(const FormParameters &form, const Client &client)
{
    const QString code = form.value(QStringLiteral("code"));
    const QString redirectUri = form.value(QStringLiteral("redirect_uri"));
    const QString verifier = form.value(QStringLiteral("code_verifier"));
    if (code.isNull())
        return OAuthError::invalidRequest(tr("code is required"));
    if (redirectUri.isNull())
        return OAuthError::invalidRequest(tr("redirect_uri is required"));
    // RFC 7636 §4.5 (and SMART App Launch): every client sends a code_verifier.
    if (verifier.isNull())
        return OAuthError::invalidRequest(tr("code_verifier is required (PKCE)"));

    // RFC 6749 §10.5: "Authorization codes MUST be short lived and single-use"; a second
    // redemption revokes what the first one got (GrantStore::redeem).
    const QString grantId = GrantStore::newGrantId();
    if (grantId.isEmpty())
        return OAuthError::serverError(tr("no random value could be made for the grant"));
    const auto redeemed = m_context.grants.redeem(code, grantId);
    if (!redeemed) {
        if (redeemed.error().kind == GrantStore::RedeemError::Kind::Database)
            return OAuthError::serverError(tr("the authorization code could not be read"));
        return OAuthError::invalidGrant(redeemed.error().message);
    }
    const AuthorizationCode &authorization = redeemed.value();
    // RFC 6749 §4.1.3: "ensure that the authorization code was issued to the authenticated confidential
    // client, or if the client is public, ensure that the code was issued to client_id in the request".
    if (authorization.clientId != client.clientId)
        return OAuthError::invalidGrant(tr("the authorization code was issued to another client"));
    // RFC 6749 §4.1.3: redirect_uri must be identical to the authorization request's.
    if (authorization.redirectUri != redirectUri)
        return OAuthError::invalidGrant(tr("redirect_uri does not match the authorization request"));
    // RFC 7636 §4.6: BASE64URL(SHA256(code_verifier)) must equal code_challenge; a verifier
    // outside 43-128 unreserved characters, or the challenge itself, never does.
    if (!Pkce::verify(verifier, authorization.codeChallenge))
        return OAuthError::invalidGrant(tr("code_verifier does not match the code_challenge"));

    const auto subject = subjectOf(authorization.username, authorization.patientId);
    if (!subject)
        return subject.error();
    const ScopeSet scope = ScopeSet::parse(authorization.scope);
    Grant draft;
    draft.grantId = grantId;
    draft.clientId = client.clientId;
    draft.username = authorization.username;
    draft.patientId = authorization.patientId;
    draft.scope = scope.toString();
    draft.authTimeMs = authorization.authTimeMs;
    const auto grant = m_context.grants.createGrant(draft, grantLifetimeMs(scope));
    if (!grant)
        return OAuthError::serverError(tr("the grant could not be recorded"));

    auto response = tokensFor(grant.value(), subject.value(), scope, authorization.nonce);
    if (!response)
        return response.error();
    if (scope.offline() || scope.online()) {
        const auto refresh = m_context.refreshTokens.issue(grant->grantId, client.clientId, grant->scope,
                                                           refreshExpiryMs(grant.value()));
        if (!refresh)
            return OAuthError::serverError(tr("the refresh token could not be recorded"));
        response->refreshToken = refresh->token;
    }
    return response;
}

} // namespace paw::auth
