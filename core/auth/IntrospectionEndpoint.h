#pragma once

#include "auth/PersonaStore.h"
#include "auth/PresentedTokenEndpoint.h"
#include "http/HttpResponse.h"

namespace paw::auth {

/// POST /auth/introspect (RFC 7662): `active` false for anything not live or not the caller's;
/// else active with scope, client_id, sub, patient, fhirUser, exp, iat, iss and token_type
/// (Bearer for an access token, refresh_token for a refresh token). A token whose delegation
/// has ended is not active: it can no longer be used.
class IntrospectionEndpoint : public PresentedTokenEndpoint
{
public:
    explicit IntrospectionEndpoint(const TokenServiceConfig &config);

    http::HttpResponse handle(const http::HttpRequest &request);

private:
    PersonaStore m_personas;
    QString m_issuer;
    QString m_fhirBase;
};

} // namespace paw::auth
