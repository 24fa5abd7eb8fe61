#include "auth/TokenEndpoint.h"

#include "auth/TokenResponseHeaders.h"

#include <QCoreApplication>

namespace paw::auth {

TokenEndpoint::TokenEndpoint(const TokenServiceConfig &config)
    : m_audit(config.audit, *config.clock)
    , m_clients(config.database, *config.clock, config.tokenEndpoint(), config.jwks.get())
    , m_grants(config.database, *config.clock)
    , m_refreshTokens(config.database, *config.clock)
    , m_personas(config.database)
    , m_issuer(config.keys, config.root, *config.clock, config.lifetimes)
    , m_codeGrant({m_grants, m_refreshTokens, m_personas, m_issuer, *config.clock})
    , m_refreshGrant({m_grants, m_refreshTokens, m_personas, m_issuer, *config.clock})
{
}

Expected<TokenResponse, OAuthError> TokenEndpoint::exchange(const http::HttpRequest &request, QString &clientId,
                                                            QString &grantType)
{
    const auto form = FormParameters::parse(request);
    if (!form)
        return OAuthError::invalidRequest(form.error());
    grantType = form->value(QStringLiteral("grant_type"));
    clientId = form->value(QStringLiteral("client_id"));
    const auto caller = m_clients.authenticate(request, form.value());
    if (!caller)
        return caller.error();
    clientId = caller->client.clientId;
    TokenGrantHandler *handler = grantType == QLatin1String("authorization_code") ? static_cast<TokenGrantHandler *>(&m_codeGrant)
                                 : grantType == QLatin1String("refresh_token")    ? &m_refreshGrant
                                                                                  : nullptr;
    if (grantType.isNull())
        return OAuthError::invalidRequest(QCoreApplication::translate("TokenEndpoint", "grant_type is required"));
    if (!handler)
        return OAuthError::unsupportedGrantType(
            QCoreApplication::translate("TokenEndpoint", "grant_type must be authorization_code or refresh_token"));
    return handler->handle(form.value(), caller->client);
}

http::HttpResponse TokenEndpoint::handle(const http::HttpRequest &request)
{
    QString clientId;
    QString grantType;
    const auto result = exchange(request, clientId, grantType);
    const http::HttpResponse response = result ? TokenResponseHeaders::json(200, result->toJson()) : result.error().toResponse();
    access::AuditEvent event;
    event.clientId = clientId;
    event.interaction = grantType;
    event.status = response.status;
    event.outcome = result ? QStringLiteral("ok") : result.error().error;
    if (result) {
        event.username = result->username;
        event.patientId = result->patientId;
        event.query = result->scope;
        event.tokenId = result->tokenId;
    }
    m_audit.record(event);
    return response;
}

} // namespace paw::auth
