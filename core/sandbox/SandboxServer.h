#pragma once

#include "access/AuditLog.h"
#include "fhir/search/SearchParameterRegistry.h"
#include "http/HttpService.h"
#include "platform/Clock.h"
#include "sandbox/SandboxConfig.h"
#include "storage/Database.h"

#include <QObject>
#include <memory>

namespace paw::auth {
class SigningKeyFolderWatcher;
}

namespace paw::sandbox {

/// The embedded sandbox: opens the store and serves the FHIR API (and later the authorization
/// server) on worker threads. Used by `paw serve` and by the desktop window alike.
class SandboxServer : public QObject
{
    Q_OBJECT
public:
    explicit SandboxServer(const platform::Clock &clock = platform::Clock::system(), QObject *parent = nullptr);
    ~SandboxServer() override;

    /// Opens the database and starts listening; returns an error text, empty on success.
    QString start(const SandboxConfig &config);
    void stop();
    bool isRunning() const;

    EndpointCard endpointCard() const;
    std::shared_ptr<storage::Database> database() const { return m_database; }
    http::HttpService &http() { return m_http; }
    QString fhirBaseUrl() const { return m_fhirBase; }
    /// Where tokens issued and FHIR requests are recorded while the server runs.
    access::AuditLog *audit() const { return m_audit.get(); }

private:
    const platform::Clock &m_clock;
    http::HttpService m_http;
    std::shared_ptr<storage::Database> m_database;
    std::unique_ptr<access::AuditLog> m_audit;
    std::unique_ptr<auth::SigningKeyFolderWatcher> m_keyWatcher; // picks up `paw key rotate`
    SandboxConfig m_config;
    QString m_fhirBase;
    QString m_root;
};

} // namespace paw::sandbox
