#include "http/WorkerHttpServer.h"

#include "http/ConnectionGuard.h"
#include "http/PendingMessage.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QHttpServerRequest>
#include <QHttpServerResponder>
#include <QLoggingCategory>
#include <QMetaEnum>
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

// What the guard could not see (it always sees every message; this is a safety net).
PendingMessage fallbackMessage(const QHttpServerRequest &request)
{
    PendingMessage message;
    const char *key = QMetaEnum::fromType<QHttpServerRequest::Method>().valueToKey(int(request.method()));
    message.method = QByteArray(key ? key : "UNKNOWN").toUpper();
    message.target = request.url().toEncoded(QUrl::RemoveScheme | QUrl::RemoveAuthority);
    message.headers = request.headers();
    message.keepAlive = false;
    return message;
}

} // namespace

WorkerHttpServer::WorkerHttpServer(Router router, CorsPolicy cors, LogSink logSink, QObject *parent)
    : QAbstractHttpServer(parent)
    , m_router(std::move(router))
    , m_cors(std::move(cors))
    , m_logSink(std::move(logSink))
{
}

bool WorkerHttpServer::handleRequest(const QHttpServerRequest &qtRequest, QTcpSocket *socket)
{
    QElapsedTimer timer;
    timer.start();
    ConnectionGuard *guarded = ConnectionGuard::of(socket);
    std::optional<PendingMessage> message = guarded ? guarded->takeMessage() : std::nullopt;
    if (!message) {
        qCWarning(lcWorker) << "request not seen by the connection guard; closing after it";
        message = fallbackMessage(qtRequest);
    }
    if (socket->state() != QAbstractSocket::ConnectedState)
        return true; // closed after an earlier response (Connection: close): pipelined leftovers
    const HttpRequest request = convert(qtRequest, *message);
    const HttpResponse response = route(request);
    writeResponse(qtRequest, socket, request, response, *message);

    if (!message->keepAlive)
        socket->disconnectFromHost(); // flushes the response, then closes
    else if (guarded)
        guarded->responseWritten();

    if (m_logSink) {
        m_logSink(RequestLogEntry{0, request.method, request.path, // the service stamps the time
                                  response.status, timer.nsecsElapsed() / 1000});
    }
    return true;
}

void WorkerHttpServer::missingHandler(const QHttpServerRequest &qtRequest, QTcpSocket *socket)
{
    // handleRequest() answers everything; kept so a future change cannot leave a client hanging.
    PendingMessage message = fallbackMessage(qtRequest);
    writeResponse(qtRequest, socket, convert(qtRequest, message), jsonError(404, "not_found"), message);
    socket->disconnectFromHost();
}

HttpRequest WorkerHttpServer::convert(const QHttpServerRequest &qtRequest, const PendingMessage &message) const
{
    // The raw target from the guard, not QHttpServerRequest::url(): Qt 6.4 re-encodes '%' in the
    // query ("y=%41" comes back as "y=%2541") and decodes "%2F" in the path.
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
    request.body = qtRequest.body();
    request.peer = qtRequest.remoteAddress();
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

void WorkerHttpServer::writeResponse(const QHttpServerRequest &qtRequest, QTcpSocket *socket,
                                     const HttpRequest &request, const HttpResponse &routed,
                                     const PendingMessage &message) const
{
    HttpResponse response = routed;
    if (response.status < 100 || response.status > 599) {
        qCWarning(lcWorker) << "handler returned status" << response.status << "for" << request.path;
        response = jsonError(500, "internal_error");
    }
    m_cors.apply(request, response);

    QHttpServerResponder responder = makeResponder(qtRequest, socket);
    responder.writeStatusLine(QHttpServerResponder::StatusCode(response.status));
    for (const auto &[name, value] : std::as_const(response.headers)) {
        if (isServerOwnedHeader(name))
            continue;
        if (!isSafeHeader(name, value)) {
            qCWarning(lcWorker) << "dropping an invalid response header" << name << "for" << request.path;
            continue;
        }
        responder.writeHeader(name, value);
    }
    responder.writeHeader(QByteArrayLiteral("X-Content-Type-Options"), QByteArrayLiteral("nosniff"));
    responder.writeHeader(QByteArrayLiteral("Referrer-Policy"), QByteArrayLiteral("no-referrer"));
    // RFC 9110 8.6: "A server MUST NOT send a Content-Length header field in any response with a
    // status code of 1xx (Informational) or 204 (No Content)"; 304 has no body either.
    const bool bodyless = response.status < 200 || response.status == 204 || response.status == 304;
    if (!bodyless)
        responder.writeHeader(QByteArrayLiteral("Content-Length"), QByteArray::number(response.body.size()));
    if (!message.keepAlive)
        responder.writeHeader(QByteArrayLiteral("Connection"), QByteArrayLiteral("close"));
    else if (message.httpMinor == 0)
        responder.writeHeader(QByteArrayLiteral("Connection"), QByteArrayLiteral("keep-alive"));
    // HEAD: the GET headers, Content-Length included, and no body (RFC 9110 9.3.2).
    const bool sendBody = !bodyless && request.method != "HEAD";
    responder.writeBody(sendBody ? response.body : QByteArray()); // also ends the header block
}

} // namespace paw::http
