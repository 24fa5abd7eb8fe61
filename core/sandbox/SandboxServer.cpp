#include "sandbox/SandboxServer.h"

#include "access/FhirAccessGuard.h"
#include "auth/AuthorizeEndpoint.h"
#include "auth/DiscoveryRoutes.h"
#include "auth/ScopeSet.h"
#include "auth/SigningKeyRing.h"
#include "auth/TokenRoutes.h"
#include "fhir/rest/FhirResponses.h"
#include "fhir/rest/FhirRestApi.h"
#include "fhir/store/SqlResourceStore.h"

#include <QDir>
#include <QFileInfo>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcSandbox, "paw.sandbox.server")

namespace paw::sandbox {

SandboxServer::SandboxServer(const platform::Clock &clock, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
    , m_http(clock)
{
}

SandboxServer::~SandboxServer()
{
    stop();
}

namespace {

/// Where the signing keys live: `keys` in the data folder, or beside an SQLite database when no
/// data folder is named (tests, --database alone).
QString keyFolder(const SandboxConfig &config, const storage::DatabaseConfig &database)
{
    if (!config.dataFolder.isEmpty())
        return QDir(config.dataFolder).filePath(QStringLiteral("keys"));
    if (!database.path.isEmpty())
        return QFileInfo(database.path).dir().filePath(QStringLiteral("keys"));
    return {};
}

} // namespace

QString SandboxServer::start(const SandboxConfig &config)
{
    auto databaseConfig = storage::DatabaseConfig::fromUrl(config.databaseUrl);
    if (!databaseConfig)
        return databaseConfig.error();
    const QString keys = keyFolder(config, *databaseConfig);
    if (keys.isEmpty())
        return QStringLiteral("no folder for the signing keys: name one with --data");
    auto ring = auth::SigningKeyRing::open(keys, m_clock);
    if (!ring)
        return QStringLiteral("signing keys in %1: %2").arg(keys, ring.error());
    auto database = storage::Database::open(*databaseConfig);
    if (!database)
        return database.error();
    m_database = *database;
    m_config = config;
    m_audit = std::make_unique<access::AuditLog>(m_database, m_clock);
    access::AuditSink *audit = m_audit.get();
    const std::shared_ptr<auth::SigningKeyRing> keyRing = *ring;
    const auth::TokenLifetimes lifetimes = config.lifetimes;
    const bool open = config.open;

    // The base URL comes from configuration, never from the request (Qt 6.4 reports port 0
    // when the Host header has no port).
    const QString host = config.http.address == QHostAddress::Any || config.http.address == QHostAddress::AnyIPv4
                             ? QStringLiteral("127.0.0.1")
                             : (config.http.address.protocol() == QAbstractSocket::IPv6Protocol
                                    ? QLatin1Char('[') + config.http.address.toString() + QLatin1Char(']')
                                    : config.http.address.toString());

    const QString publicBase = config.publicBaseUrl;
    const QString scheme = config.scheme();
    const auto rootFor = [scheme, host, publicBase](quint16 port) {
        return publicBase.isEmpty() ? QStringLiteral("%1://%2:%3").arg(scheme, host).arg(port) : publicBase;
    };
    const auto database_ = m_database;
    const platform::Clock &clock = m_clock;
    // Shared by every worker: a browser's next request may reach another one.
    const auto authorizeState = std::make_shared<auth::AuthorizeState>(m_clock);
    http::HttpServerConfig httpConfig = config.http;
    httpConfig.onWorkerExit = &storage::Database::releaseThreadConnections;
    const QString error = m_http.start(httpConfig, [database_, &clock, rootFor, authorizeState, audit, keyRing, lifetimes,
                                                    open](quint16 port) {
        const QString root = rootFor(port);
        const QString fhirBase = root + QStringLiteral("/fhir");
        const QStringList servedTypes = fhir::SearchParameterRegistry::builtIn().resourceTypes();
        const auth::DiscoveryDocuments discovery(root, auth::ScopeSet::scopesSupported(servedTypes));
        http::Router router;
        // Discovery first: /fhir/{type}/{id} would otherwise take /fhir/.well-known/...
        auth::DiscoveryRoutes::registerRoutes(discovery, [keyRing] { return keyRing->jwksJson(); }, router);
        auth::TokenServiceConfig tokens;
        tokens.database = database_;
        tokens.keys = keyRing;
        tokens.clock = &clock;
        tokens.root = root;
        tokens.lifetimes = lifetimes;
        tokens.audit = audit;
        auth::TokenRoutes::registerRoutes(router, tokens);
        auth::AuthorizeEndpoint::Settings authorizeSettings;
        authorizeSettings.root = root;
        authorizeSettings.servedTypes = servedTypes;
        authorizeSettings.codeLifetimeMs = lifetimes.codeMs;
        authorizeSettings.accessLifetimeMs = lifetimes.accessMs;
        authorizeSettings.refreshLifetimeMs = lifetimes.refreshMs;
        auth::AuthorizeEndpoint::registerRoutes(
            std::make_shared<auth::AuthorizeEndpoint>(database_, clock, authorizeState, authorizeSettings), router);
        auto store = std::make_unique<fhir::SqlResourceStore>(database_, fhir::SearchParameterRegistry::builtIn(),
                                                              clock, fhirBase);
        auto api = std::make_shared<fhir::FhirRestApi>(std::move(store), fhir::SearchParameterRegistry::builtIn(),
                                                       clock, fhirBase);
        api->setRestSecurity(discovery.restSecurity());
        // One guard per worker: its caches are the worker's own. --open alone goes without.
        if (!open) {
            api->setAccessGuard(std::make_shared<access::FhirAccessGuard>(
                database_, [keyRing] { return keyRing->jwks(); }, discovery.issuer(), fhirBase,
                fhir::SearchParameterRegistry::builtIn(), clock, audit));
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
    });
    if (!error.isEmpty()) {
        m_audit.reset();
        m_database.reset();
        return error;
    }
    m_root = rootFor(m_http.port());
    m_fhirBase = m_root + QStringLiteral("/fhir");
    if (config.open)
        qCWarning(lcSandbox) << "SERVING WITHOUT AUTHORIZATION (--open): any client can read every record at" << m_fhirBase;
    return {};
}

void SandboxServer::stop()
{
    m_http.stop();
    m_audit.reset(); // after the workers: none may record once the log is gone; writes what is queued
}

bool SandboxServer::isRunning() const
{
    return m_http.isRunning();
}

EndpointCard SandboxServer::endpointCard() const
{
    EndpointCard card;
    card.apiEndpoint = m_fhirBase;
    card.oauthIssuer = m_root + QStringLiteral("/auth");
    card.oidcAudience = m_fhirBase;
    card.capabilityStatement = m_fhirBase + QStringLiteral("/metadata");
    card.smartConfiguration = m_fhirBase + QStringLiteral("/.well-known/smart-configuration");
    card.openIdConfiguration = card.oauthIssuer + QStringLiteral("/.well-known/openid-configuration");
    card.databaseUrl = m_database ? m_database->config().displayUrl() : QString();
    card.open = m_config.open;
    card.tlsCertificateFile = m_config.http.tls ? m_config.tlsCertificateFile : QString();
    card.tlsFingerprint = m_config.tlsFingerprint;
    return card;
}

} // namespace paw::sandbox
