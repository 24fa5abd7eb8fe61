#include "auth/PresentedTokenEndpoint.h"

#include <QCoreApplication>

namespace paw::auth {

PresentedTokenEndpoint::PresentedTokenEndpoint(const TokenServiceConfig &config)
    : m_clock(*config.clock)
    , m_audit(config.audit, *config.clock)
    , m_clients(config.database, *config.clock, config.tokenEndpoint(), config.jwks.get())
    , m_grants(config.database, *config.clock)
    , m_refreshTokens(config.database, *config.clock)
    , m_accessTokens(config.keys, config.root, m_grants, *config.clock)
    , m_lookup(m_accessTokens, m_refreshTokens, m_grants, *config.clock)
{
}

Expected<PresentedTokenEndpoint::Presented, OAuthError> PresentedTokenEndpoint::read(const http::HttpRequest &request)
{
    const auto form = FormParameters::parse(request);
    if (!form)
        return OAuthError::invalidRequest(form.error());
    auto caller = m_clients.authenticate(request, form.value());
    if (!caller)
        return caller.error();
    const QString token = form->value(QStringLiteral("token"));
    if (token.isNull())
        return OAuthError::invalidRequest(QCoreApplication::translate("PresentedTokenEndpoint", "token is required"));
    const auto found = m_lookup.find(token);
    if (!found)
        return OAuthError::serverError(QCoreApplication::translate("PresentedTokenEndpoint", "the token could not be looked up"));
    Presented presented{std::move(caller.value()), found.value()};
    if (presented.token && presented.token->clientId != presented.caller.client.clientId)
        presented.token.reset();
    return presented;
}

} // namespace paw::auth
