#include "auth/RevocationEndpoint.h"

#include "auth/TokenResponseHeaders.h"

namespace paw::auth {

http::HttpResponse RevocationEndpoint::handle(const http::HttpRequest &request)
{
    const auto presented = read(request);
    access::AuditEvent event;
    event.interaction = QStringLiteral("revoke");
    http::HttpResponse response;
    if (!presented) {
        response = presented.error().toResponse();
        event.outcome = presented.error().error;
    } else {
        event.clientId = presented->caller.client.clientId;
        event.outcome = QStringLiteral("ok");
        response = TokenResponseHeaders::empty(200);
        if (presented->token) {
            event.username = presented->token->grant.username;
            event.patientId = presented->token->grant.patientId;
            event.tokenId = presented->token->claims.value(QLatin1String("jti")).toString();
            if (!m_grants.revoke(presented->token->grant.grantId).isEmpty()) {
                response = OAuthError::serverError(QStringLiteral("the grant could not be revoked")).toResponse();
                event.outcome = QStringLiteral("server_error");
            }
        }
    }
    event.status = response.status;
    m_audit.record(event);
    return response;
}

} // namespace paw::auth
