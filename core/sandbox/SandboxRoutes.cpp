#include "sandbox/SandboxRoutes.h"

#include "access/FhirAccessGuard.h"
#include "auth/AuthorizeEndpoint.h"
#include "auth/DiscoveryRoutes.h"
#include "auth/ScopeSet.h"
#include "auth/TokenRoutes.h"
#include "fhir/rest/FhirResponses.h"
#include "fhir/rest/FhirRestApi.h"
#include "fhir/store/SqlResourceStore.h"

namespace paw::sandbox {

http::Router SandboxRoutes::build(const Shared &shared, const QString &root)
{
    const QString fhirBase = root + QStringLiteral("/fhir");
    const fhir::SearchParameterRegistry &registry = fhir::SearchParameterRegistry::builtIn();
    const QStringList servedTypes = registry.resourceTypes();
    const auth::DiscoveryDocuments discovery(root, auth::ScopeSet::scopesSupported(servedTypes));
    const std::shared_ptr<auth::SigningKeyRing> keys = shared.keys;
    http::Router router;
    auth::DiscoveryRoutes::registerRoutes(discovery, [keys] { return keys->jwksJson(); }, router);

    auth::TokenServiceConfig tokens;
    tokens.database = shared.database;
    tokens.keys = keys;
    tokens.clock = shared.clock;
    tokens.root = root;
    tokens.lifetimes = shared.lifetimes;
    tokens.audit = shared.audit;
    tokens.jwks = shared.jwks;
    auth::TokenRoutes::registerRoutes(router, tokens);

    auth::AuthorizeEndpoint::Settings authorize;
    authorize.root = root;
    authorize.servedTypes = servedTypes;
    authorize.codeLifetimeMs = shared.lifetimes.codeMs;
    authorize.accessLifetimeMs = shared.lifetimes.accessMs;
    authorize.refreshLifetimeMs = shared.lifetimes.refreshMs;
    auth::AuthorizeEndpoint::registerRoutes(
        std::make_shared<auth::AuthorizeEndpoint>(shared.database, *shared.clock, shared.authorizeState, authorize), router);

    auto store = std::make_unique<fhir::SqlResourceStore>(shared.database, registry, *shared.clock, fhirBase);
    auto api = std::make_shared<fhir::FhirRestApi>(std::move(store), registry, *shared.clock, fhirBase);
    api->setRestSecurity(discovery.restSecurity());
    // One guard per worker: its caches are the worker's own.
    if (!shared.open) {
        api->setAccessGuard(std::make_shared<access::FhirAccessGuard>(
            shared.database, [keys] { return keys->jwks(); }, discovery.issuer(), fhirBase, registry, *shared.clock,
            shared.audit));
    }
    fhir::FhirRestApi::registerRoutes(api, router);
    router.setNotFoundHandler([](const http::HttpRequest &request, const QStringList &) {
        return fhir::FhirRestApi::notFound(request);
    });
    router.setMethodNotAllowedHandler([](const http::HttpRequest &request, const QStringList &) {
        return fhir::errorResponse(fhir::FhirError::notSupported(
            QStringLiteral("%1 is not allowed on %2: the API is read-only for apps")
                .arg(QString::fromLatin1(request.method), request.path), 405));
    });
    return router;
}

} // namespace paw::sandbox
