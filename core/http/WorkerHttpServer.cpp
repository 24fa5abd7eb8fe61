#include "http/WorkerHttpServer.h"

#include "http/ConnectionGuard.h"
#include "http/PendingMessage.h"
#include "http/StatusText.h"

#include <QElapsedTimer>
#include <QLoggingCategory>
#include <QTcpSocket>
#include <exception>

Q_LOGGING_CATEGORY(lcWorker, "paw.http.server")

namespace paw::http {

namespace {

// Framing and the shared security headers belong to the server, whatever a handler set.
bool isServerOwnedHeader(const QByteArray &name)
{
    static const QByteArrayList owned{"content-length", "transfer-encoding", "connection",
                                      "x-content-type-options", "referrer-policy"};
    return owned.contains(name.toLower());
}

bool isSafeHeader(const QByteArray &name, const QByteArray &value)
{
    // A CR or LF from a handler would split the header block (response splitting).
    return !name.isEmpty() && !name.contains('\r') && !name.contains('\n') && !name.contains(':')
           && !value.contains('\r') && !value.contains('\n');
}

HttpResponse jsonError(int status, QByteArrayView error)
{
    return HttpResponse::withBody(status, QByteArrayLiteral("application/json"),
                                  "{\"error\":\"" + error.toByteArray() + "\"}");
}

} // namespace

WorkerHttpServer::WorkerHttpServer(Router router, CorsPolicy cors, LogSink logSink, QObject *parent)
    : QObject(parent)
    , m_router(std::move(router))
    , m_cors(std::move(cors))
    , m_logSink(std::move(logSink))
{
}

void WorkerHttpServer::bind(QTcpServer *server)
{
    server->setParent(this);
    // pendingConnectionAvailable, not newConnection: a TLS connection is announced only once its
    // handshake is done (GuardedTcpServer), long after it was accepted.
    connect(server, &QTcpServer::pendingConnectionAvailable, this, [this, server] { acceptConnections(server); });
}

void WorkerHttpServer::acceptConnections(QTcpServer *server)
{
    while (QTcpSocket *socket = server->nextPendingConnection()) {
        ConnectionGuard *guard = ConnectionGuard::of(socket);
        if (!guard) { // GuardedTcpServer guards every connection; anything else is not ours to serve
            socket->abort();
            socket->deleteLater();
            continue;
        }
        connect(socket, &QAbstractSocket::disconnected, socket, &QObject::deleteLater);
        connect(guard, &ConnectionGuard::messageReady, this, [this, socket, guard] { serveMessages(socket, guard); });
        serveMessages(socket, guard); // a request may have arrived with the handshake
    }
}

void WorkerHttpServer::serveMessages(QTcpSocket *socket, ConnectionGuard *guard)
{
    // Pipelined requests are answered in order, each as soon as it is complete.
    while (socket->state() == QAbstractSocket::ConnectedState) {
        const std::optional<PendingMessage> message = guard->takeMessage();
        if (!message)
            return;
        QElapsedTimer timer;
        timer.start();
        const HttpRequest request = convert(*message, socket);
        const HttpResponse response = route(request);
        writeResponse(socket, request, response, *message);
        if (m_logSink) {
            m_logSink(RequestLogEntry{0, request.method, request.path, // the service stamps the time
                                      response.status, timer.nsecsElapsed() / 1000});
        }
        if (!message->keepAlive) {
            socket->disconnectFromHost(); // flushes the response, then closes; leftovers are not answered
            return;
        }
        guard->responseWritten();
    }
}

HttpRequest WorkerHttpServer::convert(const PendingMessage &message, const QTcpSocket *socket) const
{
    // The raw target as sent, percent-encoded: decoded once, here.
    QByteArrayView target(message.target);
    if (const qsizetype hash = target.indexOf('#'); hash >= 0)
        target = target.first(hash);
    if (target.startsWith("http://") || target.startsWith("https://")) { // absolute-form
        const qsizetype slash = target.indexOf('/', target.indexOf("//") + 2);
        target = slash < 0 ? QByteArrayView("/") : target.sliced(slash);
    }
    const qsizetype question = target.indexOf('?');
    const QByteArrayView path = question < 0 ? target : target.first(question);
    const QByteArrayView query = question < 0 ? QByteArrayView() : target.sliced(question + 1);

    HttpRequest request;
    request.method = message.method.toUpper();
    request.path = decodePercentEncoded(path);
    request.query = decodeFormUrlEncoded(query);
    for (const auto &[name, value] : message.headers)
        request.headers.append({name, value.trimmed()});
    request.body = message.body;
    request.peer = socket->peerAddress();
    return request;
}

HttpResponse WorkerHttpServer::route(const HttpRequest &request) const
{
    // An exception must not unwind through Qt's event loop; the client gets a 500 instead.
    try {
        return m_router.dispatch(request);
    } catch (const std::exception &error) {
        qCWarning(lcWorker) << "handler failed for" << request.method << request.path << ':' << error.what();
    } catch (...) {
        qCWarning(lcWorker) << "handler failed for" << request.method << request.path;
    }
    return jsonError(500, "internal_error");
}

void WorkerHttpServer::writeResponse(QTcpSocket *socket, const HttpRequest &request, const HttpResponse &routed,
                                     const PendingMessage &message) const
{
    HttpResponse response = routed;
    if (response.status < 100 || response.status > 599) {
        qCWarning(lcWorker) << "handler returned status" << response.status << "for" << request.path;
        response = jsonError(500, "internal_error");
    }
    m_cors.apply(request, response);

    QByteArray out;
    out.reserve(256 + response.body.size());
    const auto header = [&out](QByteArrayView name, QByteArrayView value) {
        out.append(name).append(": ").append(value).append("\r\n");
    };
    out.append("HTTP/1.1 ").append(QByteArray::number(response.status)).append(' ')
        .append(reasonPhrase(response.status)).append("\r\n");
    for (const auto &[name, value] : std::as_const(response.headers)) {
        if (isServerOwnedHeader(name))
            continue;
        if (!isSafeHeader(name, value)) {
            qCWarning(lcWorker) << "dropping an invalid response header" << name << "for" << request.path;
            continue;
        }
        header(name, value);
    }
    header("X-Content-Type-Options", "nosniff");
    header("Referrer-Policy", "no-referrer");
    // RFC 9110 8.6: "A server MUST NOT send a Content-Length header field in any response with a
    // status code of 1xx (Informational) or 204 (No Content)"; 304 has no body either.
    const bool bodyless = response.status < 200 || response.status == 204 || response.status == 304;
    if (!bodyless)
        header("Content-Length", QByteArray::number(response.body.size()));
    if (!message.keepAlive)
        header("Connection", "close");
    else if (message.httpMinor == 0)
        header("Connection", "keep-alive");
    out.append("\r\n");
    // HEAD: the GET headers, Content-Length included, and no body (RFC 9110 9.3.2).
    if (!bodyless && request.method != "HEAD")
        out.append(response.body);
    socket->write(out);
}

} // namespace paw::http
