#pragma once

#include "http/HttpServerConfig.h"
#include "http/Router.h"
#include "platform/Clock.h"

#include <QObject>
#include <QString>
#include <functional>
#include <memory>

namespace paw::http {

/// One finished request, for the request log and counters (no bodies, no credentials).
struct RequestLogEntry
{
    qint64 timestampMs = 0;
    QByteArray method;
    QString path;
    int status = 0;
    qint64 latencyUs = 0;
};

/// The HTTP server: `threads` worker threads, each with its own WorkerHttpServer bound to a
/// listening socket that shares the port (SO_REUSEPORT), so the kernel spreads connections.
/// Each worker builds its own Router by calling the factory on that worker's thread, so
/// handlers may keep per-thread state (a database connection).
/// Hardening on every connection (the gaps of Qt 6.4's server): body and header limits (413/431),
/// idle timeout, `Connection: close` and HTTP/1.0 honoured, `Expect: 100-continue`, CORS with
/// preflight, shared security headers.
class HttpService : public QObject
{
    Q_OBJECT
public:
    /// Called once on each worker thread with the port the service listens on.
    using RouterFactory = std::function<Router(quint16 port)>;

    /// `clock` stamps the request log entries.
    explicit HttpService(const platform::Clock &clock = platform::Clock::system(), QObject *parent = nullptr);
    ~HttpService() override;

    /// Binds and starts the workers; returns an error text when the address cannot be bound.
    QString start(const HttpServerConfig &config, RouterFactory factory);
    /// Stops and joins every worker; open connections are closed. Safe to call twice.
    void stop();
    bool isRunning() const;
    quint16 port() const;

Q_SIGNALS:
    /// Emitted from worker threads (connect with a queued or direct connection as needed).
    void requestFinished(const paw::http::RequestLogEntry &entry);

private:
    struct Private;
    std::unique_ptr<Private> d;
    const platform::Clock &m_clock;
};

} // namespace paw::http

Q_DECLARE_METATYPE(paw::http::RequestLogEntry)
