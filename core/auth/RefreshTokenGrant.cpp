#include "auth/RefreshTokenGrant.h"

#include <QCoreApplication>

namespace paw::auth {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("RefreshTokenGrant", text);
}

OAuthError refused(const RefreshTokenStore::UseError &error)
{
    if (error.kind == RefreshTokenStore::UseError::Kind::Database)
        return OAuthError::serverError(tr("the refresh token could not be read"));
    return OAuthError::invalidGrant(error.message);
}

} // namespace

Expected<TokenResponse, OAuthError> RefreshTokenGrant::handle(const FormParameters &form, const Client &client)
{
    const QString token = form.value(QStringLiteral("refresh_token"));
    if (token.isNull())
        return OAuthError::invalidRequest(tr("refresh_token is required"));
    // Refuses another client's token, an expired one and a spent one (which revokes the grant).
    const auto record = m_context.refreshTokens.check(token, client.clientId);
    if (!record)
        return refused(record.error());

    const ScopeSet granted = ScopeSet::parse(record->scope);
    ScopeSet scope = granted;
    if (form.has(QStringLiteral("scope"))) {
        scope = ScopeSet::parse(form.value(QStringLiteral("scope")));
        // RFC 6749 §6: "The requested scope MUST NOT include any scope not originally granted by
        // the resource owner".
        if (!scope.dropped().isEmpty() || scope.isEmpty() || !scope.isNarrowingOf(granted))
            return OAuthError::invalidScope(tr("the requested scope is wider than the grant"));
    }

    const auto grant = m_context.grants.find(record->grantId);
    if (!grant)
        return OAuthError::serverError(tr("the grant could not be read"));
    if (!grant.value() || !(*grant)->isActive(m_context.clock.nowMs()))
        return OAuthError::invalidGrant(tr("the grant was revoked or has expired"));
    const auto subject = subjectOf((*grant)->username, (*grant)->patientId);
    if (!subject)
        return subject.error();
    (void)m_context.grants.markUsed((*grant)->grantId, m_context.clock.nowMs()); // "last used" only: never fatal

    const auto successor = m_context.refreshTokens.rotate(token, refreshExpiryMs(**grant));
    if (!successor)
        return refused(successor.error());
    // OpenID Connect Core §12.2: an ID token from a refresh carries no nonce.
    auto response = tokensFor(**grant, subject.value(), scope, QString());
    if (!response)
        return response.error();
    response->refreshToken = successor->token;
    return response;
}

} // namespace paw::auth
