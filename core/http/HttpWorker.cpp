#include "http/HttpWorker.h"

#include "http/GuardedTcpServer.h"
#include "http/ListeningSocket.h"
#include "http/WorkerHttpServer.h"

namespace paw::http {

HttpWorker::HttpWorker(int listeningDescriptor, quint16 port, const HttpServerConfig &config,
                       HttpService::RouterFactory factory, LogSink logSink, QObject *parent)
    : QThread(parent)
    , m_descriptor(listeningDescriptor)
    , m_port(port)
    , m_config(config)
    , m_factory(std::move(factory))
    , m_logSink(std::move(logSink))
{
}

QString HttpWorker::waitUntilReady()
{
    m_ready.acquire();
    return m_error;
}

void HttpWorker::serve()
{
    WorkerHttpServer server(m_factory ? m_factory(m_port) : Router(), CorsPolicy(m_config.corsAllowedOrigins),
                            m_logSink);
    auto *tcpServer = new GuardedTcpServer(m_config);
    if (!tcpServer->setSocketDescriptor(m_descriptor)) {
        m_error = QStringLiteral("cannot use the listening socket: ") + tcpServer->errorString();
        delete tcpServer;
        ListeningSocket::close(m_descriptor);
        m_ready.release();
        return;
    }
    server.bind(tcpServer); // takes ownership; connections are children of tcpServer
    m_ready.release();
    exec();
}

void HttpWorker::run()
{
    serve();
    // `server` died in serve(), on this thread, with the listening socket and open connections.
    if (m_config.onWorkerExit)
        m_config.onWorkerExit();
}

} // namespace paw::http
