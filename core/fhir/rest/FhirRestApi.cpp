#include "fhir/rest/FhirRestApi.h"

#include "access/FhirAccessGuard.h"
#include "fhir/rest/CapabilityStatementBuilder.h"
#include "fhir/rest/FhirResponses.h"
#include "fhir/rest/SearchBundleBuilder.h"
#include "fhir/store/SqlResourceStore.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QJsonDocument>
#include <QUrl>

namespace paw::fhir {

namespace {

// Parameters that shape the response format, not the search.
bool isFormatParameter(const QString &name)
{
    return name == QLatin1String("_format") || name == QLatin1String("_pretty");
}

bool acceptsFhirJson(const QByteArray &accept)
{
    if (accept.trimmed().isEmpty())
        return true;
    for (const QByteArray &item : accept.split(',')) {
        const QByteArray type = item.split(';').first().trimmed().toLower();
        if (type == "*/*" || type == "application/*" || type == "application/fhir+json" || type == "application/json"
            || type == "application/json+fhir")
            return true;
    }
    return false;
}

bool isJsonFormat(const QString &format)
{
    const QString f = format.section(u';', 0, 0).trimmed().toLower();
    return f == QLatin1String("json") || f == QLatin1String("application/json")
           || f == QLatin1String("application/fhir+json") || f == QLatin1String("application/json+fhir");
}

QByteArray etag(qint64 version)
{
    return "W/\"" + QByteArray::number(version) + '"';
}

// The audit's outcome of an answer that is not a refusal by the guard.
QString outcomeOf(int status)
{
    switch (status) {
    case 400: return QStringLiteral("invalid_request");
    case 404: return QStringLiteral("not_found");
    case 406: return QStringLiteral("not_acceptable");
    case 415: return QStringLiteral("unsupported_media_type");
    default: return status < 400 ? QStringLiteral("ok") : status >= 500 ? QStringLiteral("server_error") : QStringLiteral("error");
    }
}

// A resource the token may not see is answered as one that does not exist: a 404 that tells
// nothing about whose it is.
http::HttpResponse unknownResource(const QString &type, const QString &id)
{
    return errorResponse(FhirError::notFound(QStringLiteral("%1/%2 is not known").arg(type, id)));
}

} // namespace

FhirRestApi::FhirRestApi(std::unique_ptr<ResourceStore> store, const SearchParameterRegistry &registry,
                         const platform::Clock &clock, QString baseUrl)
    : m_store(std::move(store))
    , m_registry(registry)
    , m_parser(registry)
    , m_clock(clock)
    , m_baseUrl(std::move(baseUrl))
{
    setRestSecurity({});
}

void FhirRestApi::setRestSecurity(const QJsonObject &security)
{
    m_metadata = QJsonDocument(CapabilityStatementBuilder(m_registry, m_baseUrl, QCoreApplication::applicationVersion(),
                                                          m_clock.now().date())
                                   .setRestSecurity(security)
                                   .build()).toJson(QJsonDocument::Compact);
}

void FhirRestApi::setAccessGuard(std::shared_ptr<access::FhirAccessGuard> guard)
{
    m_guard = std::move(guard);
}

template <class Refuse, class Handle>
http::HttpResponse FhirRestApi::guarded(const http::HttpRequest &request, const QString &interaction, const QString &type,
                                        AccessInteraction need, const Refuse &refuse, const Handle &handle) const
{
    // Paths open to all (the SMART configuration, if it ever reaches these routes) are answered
    // as without a guard.
    if (!m_guard || m_guard->isPublic(request.path)) {
        if (std::optional<http::HttpResponse> refused = refuse())
            return *refused;
        return handle(Access()).response;
    }
    // The token first: without one, nothing is said about the request (not even its format).
    auto admitted = m_guard->admit(request);
    if (!admitted) {
        const access::AccessRefusal &refusal = admitted.error();
        m_guard->audit(request, refusal.token.get(), interaction, refusal.status, 0, refusal.outcome());
        return m_guard->refusalResponse(refusal);
    }
    const access::AccessToken *token = (*admitted)->token().get();
    if (std::optional<http::HttpResponse> refused = refuse()) {
        m_guard->audit(request, token, interaction, refused->status, 0, outcomeOf(refused->status));
        return *refused;
    }
    if (const auto refusal = m_guard->authorize(**admitted, type, need)) {
        m_guard->audit(request, token, interaction, refusal->status, 0, refusal->outcome());
        return m_guard->refusalResponse(*refusal);
    }
    Answer answer = handle(Access(*admitted));
    m_guard->audit(request, token, interaction, answer.response.status, answer.resultCount,
                   outcomeOf(answer.response.status));
    return std::move(answer.response);
}

template <class Handle>
http::HttpResponse FhirRestApi::guardedInstance(const http::HttpRequest &request, const QString &interaction,
                                                const QString &type, const QString &id, const Handle &handle) const
{
    // read, vread and history: the `r` permission (SMART v2: read covers vread and an instance's history).
    return guarded(request, interaction, type, AccessInteraction::Read,
                   [&] { return refuseInstance(request, type, id); }, handle);
}

bool FhirRestApi::isVisible(const Access &access, const StoredResource &resource) const
{
    return !access || m_store->allows(access->ruleFor(resource.type, AccessInteraction::Read), resource);
}

void FhirRestApi::registerRoutes(const std::shared_ptr<FhirRestApi> &api, http::Router &router)
{
    const QString prefix = QUrl(api->m_baseUrl).path();
    using http::HttpRequest;
    router.route({"GET"}, prefix + QStringLiteral("/metadata"),
                 [api](const HttpRequest &r, const QStringList &) { return api->metadata(r); });
    router.route({"GET"}, prefix + QStringLiteral("/{type}"),
                 [api](const HttpRequest &r, const QStringList &c) { return api->search(r, c.at(0), false); });
    router.route({"POST"}, prefix + QStringLiteral("/{type}/_search"),
                 [api](const HttpRequest &r, const QStringList &c) { return api->search(r, c.at(0), true); });
    router.route({"GET"}, prefix + QStringLiteral("/{type}/{id}"),
                 [api](const HttpRequest &r, const QStringList &c) { return api->read(r, c.at(0), c.at(1)); });
    router.route({"GET"}, prefix + QStringLiteral("/{type}/{id}/_history"),
                 [api](const HttpRequest &r, const QStringList &c) { return api->history(r, c.at(0), c.at(1)); });
    router.route({"GET"}, prefix + QStringLiteral("/{type}/{id}/_history/{version}"),
                 [api](const HttpRequest &r, const QStringList &c) { return api->vread(r, c.at(0), c.at(1), c.at(2)); });
}

http::HttpResponse FhirRestApi::notFound(const http::HttpRequest &request)
{
    return errorResponse(FhirError::notFound(QStringLiteral("no FHIR interaction at %1").arg(request.path)));
}

std::optional<http::HttpResponse> FhirRestApi::negotiate(const http::HttpRequest &request) const
{
    for (const auto &[name, value] : request.query) {
        if (name == QLatin1String("_format") && !isJsonFormat(value))
            return errorResponse(FhirError::notSupported(
                QStringLiteral("_format %1 is not supported: this server speaks FHIR JSON only").arg(value), 406));
    }
    if (!acceptsFhirJson(request.header("Accept")))
        return errorResponse(FhirError::notSupported(
            QStringLiteral("Accept %1 is not supported: this server speaks application/fhir+json only")
                .arg(QString::fromLatin1(request.header("Accept"))), 406));
    return std::nullopt;
}

std::optional<FhirError> FhirRestApi::checkType(const QString &type) const
{
    if (m_registry.servesType(type))
        return std::nullopt;
    return FhirError::notFound(QStringLiteral("resource type '%1' is not served here").arg(type));
}

http::HttpResponse FhirRestApi::metadata(const http::HttpRequest &request) const
{
    // Open to everyone, token or not (SMART discovery starts here); audited all the same.
    http::HttpResponse response = negotiate(request).value_or(fhirResponse(200, m_metadata));
    if (m_guard)
        m_guard->audit(request, nullptr, QStringLiteral("capabilities"), response.status, 0, outcomeOf(response.status));
    return response;
}

http::HttpResponse FhirRestApi::resourceResponse(const http::HttpRequest &request, const StoredResource &resource) const
{
    const QByteArray tag = etag(resource.version);
    const QByteArray lastModified = httpDate(resource.lastUpdatedMs);
    // If-None-Match wins over If-Modified-Since (RFC 7232 §6).
    const QByteArray ifNoneMatch = request.header("If-None-Match");
    bool notModified = false;
    if (!ifNoneMatch.isEmpty()) {
        for (const QByteArray &candidate : ifNoneMatch.split(',')) {
            const QByteArray c = candidate.trimmed();
            if (c == "*" || c == tag || c == tag.mid(2))
                notModified = true;
        }
    } else if (const QByteArray since = request.header("If-Modified-Since"); !since.isEmpty()) {
        const QDateTime time = parseHttpDate(since);
        notModified = time.isValid() && resource.lastUpdatedMs / 1000 <= time.toSecsSinceEpoch();
    }
    http::HttpResponse response = notModified ? http::HttpResponse{304, {}, {}} : fhirResponse(200, resource.json);
    response.setHeader("ETag", tag);
    response.setHeader("Last-Modified", lastModified);
    response.setHeader("Content-Location", (m_baseUrl + QLatin1Char('/') + resource.type + QLatin1Char('/') + resource.id
                                            + QStringLiteral("/_history/") + QString::number(resource.version)).toUtf8());
    return response;
}

FhirRestApi::Answer FhirRestApi::resourceAnswer(const http::HttpRequest &request, const StoredResource &resource) const
{
    http::HttpResponse response = resourceResponse(request, resource);
    const int count = response.status == 200 ? 1 : 0; // a 304 returns no resource
    return {std::move(response), count};
}

std::optional<http::HttpResponse> FhirRestApi::refuseInstance(const http::HttpRequest &request, const QString &type,
                                                              const QString &id) const
{
    if (auto refused = negotiate(request))
        return refused;
    if (auto error = checkType(type))
        return errorResponse(*error);
    if (!SqlResourceStore::isValidId(id))
        return errorResponse(FhirError::notFound(QStringLiteral("'%1' is not a valid resource id").arg(id)));
    return std::nullopt;
}

http::HttpResponse FhirRestApi::read(const http::HttpRequest &request, const QString &type, const QString &id) const
{
    return guardedInstance(request, QStringLiteral("read"), type, id, [&](const Access &access) -> Answer {
        auto resource = m_store->read(type, id);
        if (!resource)
            return {errorResponse(resource.error())};
        if (!isVisible(access, *resource))
            return {unknownResource(type, id)};
        return resourceAnswer(request, *resource);
    });
}

http::HttpResponse FhirRestApi::vread(const http::HttpRequest &request, const QString &type, const QString &id,
                                      const QString &version) const
{
    return guardedInstance(request, QStringLiteral("vread"), type, id, [&](const Access &access) -> Answer {
        bool ok = false;
        const qint64 number = version.toLongLong(&ok);
        if (!ok || number < 1)
            return {errorResponse(FhirError::notFound(
                QStringLiteral("%1/%2/_history/%3 does not exist").arg(type, id, version)))};
        auto resource = m_store->vread(type, id, number);
        if (!resource)
            return {errorResponse(resource.error())};
        // An old version is shown only while the resource itself is visible, and
        // only if that version is visible on its own (its labels may have differed).
        // The refusal reads as the store's for a version that does not exist.
        if (access) {
            const auto current = m_store->read(type, id);
            if (!current || !isVisible(access, *current) || !isVisible(access, *resource))
                return {errorResponse(FhirError::notFound(
                    QStringLiteral("%1/%2 has no version %3").arg(type, id).arg(number)))};
        }
        return resourceAnswer(request, *resource);
    });
}

http::HttpResponse FhirRestApi::history(const http::HttpRequest &request, const QString &type, const QString &id) const
{
    return guardedInstance(request, QStringLiteral("history"), type, id, [&](const Access &access) -> Answer {
        auto versions = m_store->history(type, id);
        if (!versions)
            return {errorResponse(versions.error())};
        if (access) {
            // Newest first: the current version decides whether the resource is visible at all.
            if (!isVisible(access, versions->constFirst()))
                return {unknownResource(type, id)};
            versions->removeIf([&](const StoredResource &v) { return !isVisible(access, v); });
        }
        const int count = int(versions->size());
        return {fhirResponse(200, SearchBundleBuilder(m_baseUrl, type, {}).history(*versions)), count};
    });
}

http::HttpResponse FhirRestApi::search(const http::HttpRequest &request, const QString &type, bool post) const
{
    return guarded(
        request, QStringLiteral("search"), type, AccessInteraction::Search,
        [&]() -> std::optional<http::HttpResponse> {
            if (auto refused = negotiate(request))
                return refused;
            if (auto error = checkType(type))
                return errorResponse(*error);
            return std::nullopt;
        },
        [&](const Access &access) -> Answer {
            QList<QPair<QString, QString>> parameters;
            for (const auto &pair : request.query) {
                if (!isFormatParameter(pair.first))
                    parameters << pair;
            }
            if (post) {
                const QByteArray contentType = request.header("Content-Type").split(';').first().trimmed().toLower();
                if (!request.body.isEmpty() && contentType != "application/x-www-form-urlencoded")
                    return {errorResponse(FhirError::of(
                        415, QStringLiteral("not-supported"),
                        QStringLiteral("POST _search takes an application/x-www-form-urlencoded body")))};
                for (const auto &pair : http::decodeFormUrlEncoded(request.body)) {
                    if (!isFormatParameter(pair.first))
                        parameters << pair;
                }
            }
            const bool lenient = request.header("Prefer").contains("handling=lenient");
            auto query = m_parser.parse(type, parameters, lenient);
            if (!query)
                return {errorResponse(query.error())};
            query->access = access;
            auto page = m_store->search(*query);
            if (!page)
                return {errorResponse(page.error())};
            const int count = int(page->matches.size() + page->included.size());
            return {fhirResponse(200, SearchBundleBuilder(m_baseUrl, type, parameters).build(*query, *page)), count};
        });
}

} // namespace paw::fhir
