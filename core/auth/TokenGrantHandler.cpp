#include "auth/TokenGrantHandler.h"

#include <QCoreApplication>

#include <algorithm>

namespace paw::auth {

Expected<TokenSubject, OAuthError> TokenGrantHandler::subjectOf(const QString &username, const QString &patientId) const
{
    const QDate today = m_context.clock.now().toUTC().date();
    auto subject = TokenSubject::resolve(m_context.personas, username, patientId, today);
    if (!subject)
        return OAuthError::invalidGrant(subject.error());
    return std::move(subject.value());
}

Expected<TokenResponse, OAuthError> TokenGrantHandler::tokensFor(const Grant &grant, const TokenSubject &subject,
                                                                 const ScopeSet &scope, const QString &nonce) const
{
    auto response = m_context.issuer.issue(grant, subject, scope, nonce);
    if (!response)
        return OAuthError::serverError(QCoreApplication::translate("TokenGrantHandler", "the tokens could not be signed"));
    response->username = subject.username;
    return std::move(response.value());
}

qint64 TokenGrantHandler::refreshExpiryMs(const Grant &grant) const
{
    return std::min(m_context.clock.nowMs() + m_context.issuer.lifetimes().refreshMs, grant.expiresMs);
}

} // namespace paw::auth
