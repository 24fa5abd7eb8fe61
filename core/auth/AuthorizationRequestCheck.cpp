#include "auth/AuthorizationRequestCheck.h"

#include "auth/Pkce.h"

namespace paw::auth {

namespace {

QString withoutTrailingSlash(QString url)
{
    while (url.endsWith(u'/'))
        url.chop(1);
    return url;
}

} // namespace

AuthorizationRequestCheck::AuthorizationRequestCheck(const ClientStore &clients, QString fhirBase, QStringList servedTypes)
    : m_clients(clients)
    , m_fhirBase(withoutTrailingSlash(std::move(fhirBase)))
    , m_servedTypes(std::move(servedTypes))
{
}

AuthorizationRequestCheck::Result AuthorizationRequestCheck::check(const AuthorizationRequest &request) const
{
    if (request.repeated.contains(QLatin1String("client_id")) || request.repeated.contains(QLatin1String("redirect_uri")))
        return ErrorPage{400, QStringLiteral("The request names its client or redirect URI more than once.")};
    if (request.clientId.isEmpty())
        return ErrorPage{400, QStringLiteral("The request names no client (client_id is missing).")};
    const auto found = m_clients.find(request.clientId);
    if (!found)
        return ErrorPage{500, QStringLiteral("The client registry could not be read.")};
    if (!found->has_value())
        return ErrorPage{400, QStringLiteral("No app is registered with this client_id.")};
    const Client &client = **found;
    if (client.status != Client::Status::Active)
        return ErrorPage{400, QStringLiteral("This app is disabled.")};
    // RFC 6749 §3.1.2.3 and the Security BCP: the redirect URI must equal a registered one exactly;
    // an unverified one is never redirected to (§4.1.2.1).
    if (request.redirectUri.isEmpty() || !client.redirectUris.contains(request.redirectUri))
        return ErrorPage{400, QStringLiteral("The redirect_uri is not registered for this app.")};

    const auto refuse = [&request](const char *error, const QString &description) -> Result {
        return RedirectError{request.redirectUri, QLatin1String(error), description, request.state};
    };
    if (!request.repeated.isEmpty())
        return refuse("invalid_request", QStringLiteral("parameters sent more than once: ") + request.repeated.join(u", "));
    if (request.responseType.isEmpty())
        return refuse("invalid_request", QStringLiteral("response_type is missing"));
    if (request.responseType != u"code")
        return refuse("unsupported_response_type", QStringLiteral("only response_type=code is supported"));
    // RFC 7636 §4.4.1 and SMART 2.0: PKCE with S256 is required of every client; plain is refused.
    if (request.codeChallenge.isEmpty())
        return refuse("invalid_request", QStringLiteral("code_challenge is missing: PKCE (S256) is required"));
    if (const QString problem = Pkce::checkChallenge(request.codeChallenge, request.codeChallengeMethod); !problem.isEmpty())
        return refuse("invalid_request", problem);
    // SMART App Launch: aud names the FHIR server the token is for; a token for another server
    // would be a token an attacker's server could replay here.
    if (request.aud.isEmpty())
        return refuse("invalid_request", QStringLiteral("aud is missing: it must be the FHIR base URL ") + m_fhirBase);
    if (withoutTrailingSlash(request.aud) != m_fhirBase)
        return refuse("invalid_request", QStringLiteral("aud is not this server's FHIR base URL ") + m_fhirBase);
    // OpenID Connect Core §3.1.2.1: max_age is a number of seconds.
    if (request.hasBadMaxAge())
        return refuse("invalid_request", QStringLiteral("max_age must be a number of seconds"));
    // Unknown scopes are dropped, not fatal (RFC 6749 §3.3 lets the server grant less).
    const ScopeSet scopes = allowedFor(client, ScopeSet::parse(request.scope, m_servedTypes));
    if (scopes.isEmpty())
        return refuse("invalid_scope", QStringLiteral("none of the requested scopes can be granted to this app"));
    return Accepted{client, request, scopes};
}

ScopeSet AuthorizationRequestCheck::allowedFor(const Client &client, const ScopeSet &requested) const
{
    if (client.allowedScopes.isEmpty())
        return requested;
    const ScopeSet allowed = ScopeSet::parse(client.allowedScopes.join(u' '), m_servedTypes);
    QStringList kept;
    for (const SmartScope &scope : requested.scopes()) {
        if (ScopeSet::parse(scope.canonical(), m_servedTypes).isNarrowingOf(allowed))
            kept.append(scope.canonical());
    }
    return ScopeSet::parse(kept.join(u' '), m_servedTypes);
}

} // namespace paw::auth
