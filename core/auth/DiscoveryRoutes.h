#pragma once

#include "auth/DiscoveryDocuments.h"
#include "http/Router.h"

#include <functional>

namespace paw::auth {

/// Serves the discovery documents: SMART's `/fhir/.well-known/smart-configuration`, OpenID
/// Connect's `/auth/.well-known/openid-configuration`, and the public keys at `/auth/jwks`.
/// The documents are built once; the key set is asked for on each request (keys rotate).
class DiscoveryRoutes
{
public:
    static void registerRoutes(const DiscoveryDocuments &documents, std::function<QByteArray()> jwksJson,
                               http::Router &router);
};

} // namespace paw::auth
