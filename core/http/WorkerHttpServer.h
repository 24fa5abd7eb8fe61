#pragma once

#include "http/CorsPolicy.h"
#include "http/HttpService.h"
#include "http/Router.h"

#include <QAbstractHttpServer>
#include <functional>

namespace paw::http {

struct PendingMessage;

/// One worker thread's HTTP server: turns each QHttpServerRequest into an HttpRequest, routes
/// it, and writes the answer. Every response goes through writeResponse(), the one place that
/// adds the shared headers (security headers, CORS, Content-Length, Connection).
class WorkerHttpServer : public QAbstractHttpServer
{
    Q_OBJECT
public:
    using LogSink = std::function<void(const RequestLogEntry &)>;

    WorkerHttpServer(Router router, CorsPolicy cors, LogSink logSink, QObject *parent = nullptr);

protected:
    bool handleRequest(const QHttpServerRequest &request, QTcpSocket *socket) override;
    void missingHandler(const QHttpServerRequest &request, QTcpSocket *socket) override;

private:
    HttpRequest convert(const QHttpServerRequest &request, const PendingMessage &message) const;
    HttpResponse route(const HttpRequest &request) const;
    void writeResponse(const QHttpServerRequest &qtRequest, QTcpSocket *socket, const HttpRequest &request,
                       const HttpResponse &response, const PendingMessage &message) const;

    Router m_router;
    CorsPolicy m_cors;
    LogSink m_logSink;
};

} // namespace paw::http
