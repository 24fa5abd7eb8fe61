#include "auth/DiscoveryRoutes.h"

#include <QJsonDocument>

namespace paw::auth {

namespace {

http::HttpResponse json(const QByteArray &body)
{
    http::HttpResponse response = http::HttpResponse::withBody(200, "application/json", body);
    // Clients fetch these before every launch; a short cache spares the round trip without
    // hiding a key rotation for long.
    response.setHeader("Cache-Control", "public, max-age=300");
    return response;
}

} // namespace

void DiscoveryRoutes::registerRoutes(const DiscoveryDocuments &documents, std::function<QByteArray()> jwksJson,
                                     http::Router &router)
{
    const QByteArray smart = QJsonDocument(documents.smartConfiguration()).toJson(QJsonDocument::Compact);
    const QByteArray openId = QJsonDocument(documents.openIdConfiguration()).toJson(QJsonDocument::Compact);
    router.route({"GET"}, QStringLiteral("/fhir/.well-known/smart-configuration"),
                 [smart](const http::HttpRequest &, const QStringList &) { return json(smart); });
    router.route({"GET"}, QStringLiteral("/auth/.well-known/openid-configuration"),
                 [openId](const http::HttpRequest &, const QStringList &) { return json(openId); });
    if (jwksJson) {
        router.route({"GET"}, QStringLiteral("/auth/jwks"), [jwksJson](const http::HttpRequest &, const QStringList &) {
            http::HttpResponse response = http::HttpResponse::withBody(200, "application/json", jwksJson());
            response.setHeader("Cache-Control", "public, max-age=300");
            return response;
        });
    }
}

} // namespace paw::auth
