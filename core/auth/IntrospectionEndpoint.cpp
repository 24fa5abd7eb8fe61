#include "auth/IntrospectionEndpoint.h"

#include "auth/DiscoveryDocuments.h"
#include "auth/TokenResponseHeaders.h"
#include "auth/TokenSubject.h"

namespace paw::auth {

IntrospectionEndpoint::IntrospectionEndpoint(const TokenServiceConfig &config)
    : PresentedTokenEndpoint(config)
    , m_personas(config.database)
    , m_issuer(DiscoveryDocuments(config.root, {}).issuer())
    , m_fhirBase(DiscoveryDocuments(config.root, {}).fhirBase())
{
}

http::HttpResponse IntrospectionEndpoint::handle(const http::HttpRequest &request)
{
    const auto presented = read(request);
    if (!presented)
        return presented.error().toResponse();
    // RFC 7662 §2.2: for a token that is not active, "the authorization server MUST return a
    // response with the active field set to false" and should say nothing more.
    const QJsonObject inactive{{QStringLiteral("active"), false}};
    if (!presented->token)
        return TokenResponseHeaders::json(200, inactive);
    const TokenLookup::Found &token = *presented->token;
    const auto subject = TokenSubject::resolve(m_personas, token.grant.username, token.grant.patientId,
                                               m_clock.now().toUTC().date());
    if (!subject)
        return TokenResponseHeaders::json(200, inactive);
    const bool access = token.type == TokenLookup::Found::Type::Access;
    QJsonObject body{
        {QStringLiteral("active"), true},
        {QStringLiteral("scope"), token.scope},
        {QStringLiteral("client_id"), token.clientId},
        {QStringLiteral("sub"), token.grant.username},
        {QStringLiteral("patient"), token.grant.patientId},
        {QStringLiteral("fhirUser"), QString(m_fhirBase + u'/' + subject->fhirUser)},
        {QStringLiteral("exp"), token.expiresAt},
        {QStringLiteral("iat"), token.issuedAt},
        {QStringLiteral("iss"), m_issuer},
        {QStringLiteral("token_type"), access ? QStringLiteral("Bearer") : QStringLiteral("refresh_token")},
    };
    if (access) {
        body.insert(QStringLiteral("aud"), token.claims.value(QLatin1String("aud")));
        body.insert(QStringLiteral("jti"), token.claims.value(QLatin1String("jti")));
    }
    return TokenResponseHeaders::json(200, body);
}

} // namespace paw::auth
