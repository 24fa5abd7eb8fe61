#pragma once

#include "fhir/search/AccessConstraints.h"
#include "fhir/search/SearchParameterRegistry.h"
#include "fhir/search/SearchQueryParser.h"
#include "fhir/store/ResourceStore.h"
#include "http/Router.h"
#include "platform/Clock.h"

#include <QByteArray>
#include <QJsonObject>
#include <memory>

namespace paw::access {
class FhirAccessGuard;
}

namespace paw::fhir {

/// The read-only FHIR R4 REST API for apps: read, vread, history, search (GET and POST
/// `_search`) and `metadata`, with content negotiation, ETags and conditional reads.
/// With an access guard, every request but `metadata` needs an access token and is answered
/// within what the token allows; without one the API is open to anyone (`paw serve --open`).
/// One instance per worker thread (it owns that thread's store).
class FhirRestApi
{
public:
    /// `baseUrl`: the public FHIR base, e.g. "http://127.0.0.1:8640/fhir"; its path is the route prefix.
    FhirRestApi(std::unique_ptr<ResourceStore> store, const SearchParameterRegistry &registry,
                const platform::Clock &clock, QString baseUrl);

    /// From now on, tokens decide (access::FhirAccessGuard): a missing or invalid token is a 401,
    /// a type no scope covers a 403, a resource outside the token's reach a 404 or absent from a
    /// search; every request is audited. The guard must belong to this API's worker thread.
    void setAccessGuard(std::shared_ptr<access::FhirAccessGuard> guard);

    /// Adds the API's routes to `router`; the routes keep `api` alive.
    static void registerRoutes(const std::shared_ptr<FhirRestApi> &api, http::Router &router);

    /// The CapabilityStatement's rest.security (the SMART service and oauth-uris); set it when
    /// the API runs behind the authorization server.
    void setRestSecurity(const QJsonObject &security);

    http::HttpResponse metadata(const http::HttpRequest &request) const;
    http::HttpResponse read(const http::HttpRequest &request, const QString &type, const QString &id) const;
    http::HttpResponse vread(const http::HttpRequest &request, const QString &type, const QString &id,
                             const QString &version) const;
    http::HttpResponse history(const http::HttpRequest &request, const QString &type, const QString &id) const;
    http::HttpResponse search(const http::HttpRequest &request, const QString &type, bool post) const;
    /// 404 OperationOutcome for a path the API does not know.
    static http::HttpResponse notFound(const http::HttpRequest &request);

private:
    using Access = std::shared_ptr<const AccessConstraints>; // null without a guard
    struct Answer
    {
        http::HttpResponse response;
        int resultCount = 0; // resources returned, for the audit
    };
    /// Runs a request through the guard: admission (401), `refuse` (format, type, id checks),
    /// the scope for `type` (403), then `handle` with the request's access; audits the answer.
    template <class Refuse, class Handle>
    http::HttpResponse guarded(const http::HttpRequest &request, const QString &interaction, const QString &type,
                               AccessInteraction need, const Refuse &refuse, const Handle &handle) const;
    /// guarded() for a request on one resource (`type`/`id`).
    template <class Handle>
    http::HttpResponse guardedInstance(const http::HttpRequest &request, const QString &interaction,
                                       const QString &type, const QString &id, const Handle &handle) const;
    /// Whether `resource` (of a read, vread or history) is within `access` for reads.
    bool isVisible(const Access &access, const StoredResource &resource) const;

    /// 406 when neither Accept nor _format allows FHIR JSON; nullopt when fine.
    std::optional<http::HttpResponse> negotiate(const http::HttpRequest &request) const;
    std::optional<FhirError> checkType(const QString &type) const;
    /// The refusal of a request for `type`/`id` (format, unknown type, malformed id), if any.
    std::optional<http::HttpResponse> refuseInstance(const http::HttpRequest &request, const QString &type,
                                                     const QString &id) const;
    http::HttpResponse resourceResponse(const http::HttpRequest &request, const StoredResource &resource) const;
    Answer resourceAnswer(const http::HttpRequest &request, const StoredResource &resource) const;

    std::unique_ptr<ResourceStore> m_store;
    const SearchParameterRegistry &m_registry;
    SearchQueryParser m_parser;
    const platform::Clock &m_clock;
    QString m_baseUrl;
    QByteArray m_metadata; // built once: it only depends on the registry
    std::shared_ptr<access::FhirAccessGuard> m_guard;
};

} // namespace paw::fhir
