#include "auth/TokenRoutes.h"

#include "auth/IntrospectionEndpoint.h"
#include "auth/RevocationEndpoint.h"
#include "auth/TokenEndpoint.h"
#include "auth/UserInfoEndpoint.h"

#include <memory>

namespace paw::auth {

namespace {

// The router copies handlers; the endpoint they share lives as long as the last copy.
template<typename Endpoint>
http::Router::Handler handlerOf(std::shared_ptr<Endpoint> endpoint)
{
    return [endpoint](const http::HttpRequest &request, const QStringList &) { return endpoint->handle(request); };
}

} // namespace

void TokenRoutes::registerRoutes(http::Router &router, const TokenServiceConfig &config)
{
    // Literal paths, as the authorize and discovery routes register theirs.
    router.route({"POST"}, QStringLiteral("/auth/token"), handlerOf(std::make_shared<TokenEndpoint>(config)));
    router.route({"POST"}, QStringLiteral("/auth/introspect"), handlerOf(std::make_shared<IntrospectionEndpoint>(config)));
    router.route({"POST"}, QStringLiteral("/auth/revoke"), handlerOf(std::make_shared<RevocationEndpoint>(config)));
    router.route({"GET", "POST"}, QStringLiteral("/auth/userinfo"), handlerOf(std::make_shared<UserInfoEndpoint>(config)));
}

} // namespace paw::auth
