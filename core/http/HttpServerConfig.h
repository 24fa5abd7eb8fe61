#pragma once

#include <QByteArrayList>
#include <QHostAddress>
#include <QSslConfiguration>

#include <functional>
#include <optional>

namespace paw::http {

struct HttpServerConfig
{
    QHostAddress address = QHostAddress::LocalHost;
    quint16 port = 8640;           // 0: the system picks one; HttpService::port() tells which
    int threads = 0;               // 0: one per core
    qint64 maxBodyBytes = 1 << 20; // larger bodies get 413
    int maxHeaderBytes = 32 * 1024; // request line + headers; larger get 431
    int idleTimeoutMs = 30000;     // a connection with no traffic for this long is closed
    QByteArrayList corsAllowedOrigins{"*"}; // "*" answers any Origin
    // Set: HTTPS only, with this server certificate and key (TlsCredentials::serverConfiguration());
    // unset: plain HTTP.
    std::optional<QSslConfiguration> tls;
    // Runs on each worker thread once its server is gone, before the thread ends: per-thread
    // resources (database connections) must go while the process is whole. A thread's own
    // thread_local destructors run after QThread::wait() returns, racing the process's exit.
    std::function<void()> onWorkerExit;
};

} // namespace paw::http
