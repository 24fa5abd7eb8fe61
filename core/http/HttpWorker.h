#pragma once

#include "http/HttpService.h"

#include <QSemaphore>
#include <QThread>

namespace paw::http {

/// One server thread. run() builds everything on this thread (the Router through the factory,
/// the WorkerHttpServer, the GuardedTcpServer adopting `listeningDescriptor`), reports through
/// waitUntilReady() whether that worked, then runs the event loop until quit().
class HttpWorker : public QThread
{
    Q_OBJECT
public:
    using LogSink = std::function<void(const RequestLogEntry &)>;

    HttpWorker(int listeningDescriptor, quint16 port, const HttpServerConfig &config, HttpService::RouterFactory factory,
               LogSink logSink, QObject *parent = nullptr);

    /// Blocks until run() has set up or failed; returns the error text, empty on success.
    QString waitUntilReady();

protected:
    void run() override;

private:
    void serve();

    int m_descriptor;
    quint16 m_port = 0;
    HttpServerConfig m_config;
    HttpService::RouterFactory m_factory;
    LogSink m_logSink;
    QSemaphore m_ready;
    QString m_error;
};

} // namespace paw::http
