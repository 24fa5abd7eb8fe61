#include "fhir/rest/FhirRestApi.h"

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
    if (auto refused = negotiate(request))
        return *refused;
    return fhirResponse(200, m_metadata);
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
    if (auto refused = refuseInstance(request, type, id))
        return *refused;
    auto resource = m_store->read(type, id);
    if (!resource)
        return errorResponse(resource.error());
    return resourceResponse(request, *resource);
}

http::HttpResponse FhirRestApi::vread(const http::HttpRequest &request, const QString &type, const QString &id,
                                      const QString &version) const
{
    if (auto refused = refuseInstance(request, type, id))
        return *refused;
    bool ok = false;
    const qint64 number = version.toLongLong(&ok);
    if (!ok || number < 1)
        return errorResponse(FhirError::notFound(QStringLiteral("%1/%2/_history/%3 does not exist").arg(type, id, version)));
    auto resource = m_store->vread(type, id, number);
    if (!resource)
        return errorResponse(resource.error());
    return resourceResponse(request, *resource);
}

http::HttpResponse FhirRestApi::history(const http::HttpRequest &request, const QString &type, const QString &id) const
{
    if (auto refused = refuseInstance(request, type, id))
        return *refused;
    auto versions = m_store->history(type, id);
    if (!versions)
        return errorResponse(versions.error());
    return fhirResponse(200, SearchBundleBuilder(m_baseUrl, type, {}).history(*versions));
}

http::HttpResponse FhirRestApi::search(const http::HttpRequest &request, const QString &type, bool post) const
{
    if (auto refused = negotiate(request))
        return *refused;
    if (auto error = checkType(type))
        return errorResponse(*error);

    QList<QPair<QString, QString>> parameters;
    for (const auto &pair : request.query) {
        if (!isFormatParameter(pair.first))
            parameters << pair;
    }
    if (post) {
        const QByteArray contentType = request.header("Content-Type").split(';').first().trimmed().toLower();
        if (!request.body.isEmpty() && contentType != "application/x-www-form-urlencoded")
            return errorResponse(FhirError::of(415, QStringLiteral("not-supported"),
                                           QStringLiteral("POST _search takes an application/x-www-form-urlencoded body")));
        for (const auto &pair : http::decodeFormUrlEncoded(request.body)) {
            if (!isFormatParameter(pair.first))
                parameters << pair;
        }
    }
    const bool lenient = request.header("Prefer").contains("handling=lenient");
    auto query = m_parser.parse(type, parameters, lenient);
    if (!query)
        return errorResponse(query.error());
    auto page = m_store->search(*query);
    if (!page)
        return errorResponse(page.error());
    return fhirResponse(200, SearchBundleBuilder(m_baseUrl, type, parameters).build(*query, *page));
}

} // namespace paw::fhir
