#include "sandbox/SandboxServer.h"

#include "auth/SigningKeyFolderWatcher.h"
#include "auth/SigningKeyRing.h"
#include "sandbox/SandboxRoutes.h"

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

/// Where the signing keys live: `keys` in the data folder. The command line always names one (the
/// default data folder when --data is not given, also with --database); only a SandboxConfig built
/// without one (in-process tests) keeps them beside its SQLite database.
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
    auto ring = auth::SigningKeyRing::open(keys, m_clock, config.lifetimes.longestSignedMs());
    if (!ring)
        return QStringLiteral("signing keys in %1: %2").arg(keys, ring.error());
    auto database = storage::Database::open(*databaseConfig);
    if (!database)
        return database.error();
    m_database = *database;
    m_config = config;
    m_audit = std::make_unique<access::AuditLog>(m_database, m_clock);

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
    SandboxRoutes::Shared shared;
    shared.database = m_database;
    shared.clock = &m_clock;
    shared.keys = *ring;
    shared.authorizeState = std::make_shared<auth::AuthorizeState>(m_clock);
    shared.audit = m_audit.get();
    shared.jwks = std::make_shared<auth::JwksFetcher>(m_clock);
    shared.lifetimes = config.lifetimes;
    shared.open = config.open;
    http::HttpServerConfig httpConfig = config.http;
    httpConfig.onWorkerExit = &storage::Database::releaseThreadConnections;
    const QString error = m_http.start(httpConfig, [shared, rootFor](quint16 port) {
        return SandboxRoutes::build(shared, rootFor(port));
    });
    if (!error.isEmpty()) {
        m_audit.reset();
        m_database.reset();
        return error;
    }
    m_keyWatcher = std::make_unique<auth::SigningKeyFolderWatcher>(*ring);
    m_root = rootFor(m_http.port());
    m_fhirBase = m_root + QStringLiteral("/fhir");
    if (config.open)
        qCWarning(lcSandbox) << "SERVING WITHOUT AUTHORIZATION (--open): any client can read every record at" << m_fhirBase;
    return {};
}

void SandboxServer::stop()
{
    m_keyWatcher.reset();
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
