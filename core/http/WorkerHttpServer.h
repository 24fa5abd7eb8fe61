#pragma once

#include "http/CorsPolicy.h"
#include "http/HttpService.h"
#include "http/Router.h"

#include <QObject>
#include <QTcpServer>
#include <QTcpSocket>
#include <functional>

namespace paw::http {

class ConnectionGuard;
struct PendingMessage;

/// One worker thread's HTTP server: takes the connections of its listening socket, and for each
/// request its ConnectionGuard has parsed, routes it and writes the answer. Every response goes
/// through writeResponse(), the one place that writes the status line and adds the shared
/// headers (security headers, CORS, Content-Length, Connection).
class WorkerHttpServer : public QObject
{
    Q_OBJECT
public:
    using LogSink = std::function<void(const RequestLogEntry &)>;

    WorkerHttpServer(Router router, CorsPolicy cors, LogSink logSink, QObject *parent = nullptr);

    /// Serves the connections `server` announces (pendingConnectionAvailable); takes ownership.
    void bind(QTcpServer *server);

private:
    void acceptConnections(QTcpServer *server);
    void serveMessages(QTcpSocket *socket, ConnectionGuard *guard);
    HttpRequest convert(const PendingMessage &message, const QTcpSocket *socket) const;
    HttpResponse route(const HttpRequest &request) const;
    void writeResponse(QTcpSocket *socket, const HttpRequest &request, const HttpResponse &response,
                       const PendingMessage &message) const;

    Router m_router;
    CorsPolicy m_cors;
    LogSink m_logSink;
};

} // namespace paw::http
