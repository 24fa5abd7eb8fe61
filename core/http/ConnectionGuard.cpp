#include "http/ConnectionGuard.h"

#include <sys/socket.h>

#include "http/StatusText.h"

#include <QLoggingCategory>
#include <QSslSocket>
#include <http_parser.h>

Q_LOGGING_CATEGORY(lcGuard, "paw.http.guard")

namespace paw::http {

namespace {

// Bytes of a request line or header line besides the data callbacks report: ": " and CRLF.
constexpr qint64 kLineOverhead = 4;

} // namespace

/// The http_parser callbacks; `parser->data` is the ConnectionGuard. A non-zero return stops the
/// parser, after setting m_rejectStatus.
struct ConnectionGuardCallbacks
{
    static ConnectionGuard *self(http_parser *parser) { return static_cast<ConnectionGuard *>(parser->data); }

    static int onMessageBegin(http_parser *parser)
    {
        ConnectionGuard *s = self(parser);
        s->m_current = {};
        s->m_currentField.clear();
        s->m_expectValue.clear();
        s->m_fieldComplete = false;
        s->m_headerBytes = 0;
        s->m_bodyBytes = 0;
        return 0;
    }

    static int onUrl(http_parser *parser, const char *at, size_t length)
    {
        ConnectionGuard *s = self(parser);
        s->m_current.target.append(at, qsizetype(length));
        return s->addHeaderBytes(qint64(length)) ? 0 : 1;
    }

    static int onHeaderField(http_parser *parser, const char *at, size_t length)
    {
        ConnectionGuard *s = self(parser);
        if (s->m_fieldComplete || s->m_currentField.isEmpty()) { // a new header line starts
            s->m_currentField.clear();
            s->m_fieldComplete = false;
            if (!s->addHeaderBytes(kLineOverhead))
                return 1;
            s->m_current.headers.append(QPair<QByteArray, QByteArray>());
        }
        s->m_currentField.append(at, qsizetype(length));
        s->m_current.headers.last().first.append(at, qsizetype(length));
        return s->addHeaderBytes(qint64(length)) ? 0 : 1;
    }

    static int onHeaderValue(http_parser *parser, const char *at, size_t length)
    {
        ConnectionGuard *s = self(parser);
        s->m_fieldComplete = true;
        s->m_current.headers.last().second.append(at, qsizetype(length));
        if (s->m_currentField.compare("expect", Qt::CaseInsensitive) == 0)
            s->m_expectValue.append(at, qsizetype(length));
        return s->addHeaderBytes(qint64(length)) ? 0 : 1;
    }

    static int onHeadersComplete(http_parser *parser)
    {
        ConnectionGuard *s = self(parser);
        PendingMessage &message = s->m_current;
        message.method = QByteArray(http_method_str(http_method(parser->method)));
        message.httpMinor = parser->http_minor;
        // Request line "METHOD SP target SP HTTP/1.1 CRLF" and the final empty line.
        if (!s->addHeaderBytes(message.method.size() + 11 + 2))
            return -1;
        message.keepAlive = http_should_keep_alive(parser) != 0;

        // RFC 9110 15.5.14: the server MAY close the connection to prevent the client from
        // continuing the request. Answer as soon as the declared length is known to be too big.
        const bool hasLength = (parser->flags & F_CONTENTLENGTH) != 0;
        if (hasLength && parser->content_length > quint64(s->m_maxBodyBytes)) {
            s->m_rejectStatus = 413;
            return -1;
        }
        // RFC 9110 10.1.1: a server that receives 100-continue in an HTTP/1.1 request "ought to"
        // send 100 (Continue) before reading the body (HTTP/1.0 clients do not know it).
        message.expectsContinue = parser->http_major == 1 && parser->http_minor >= 1
                                  && s->m_expectValue.trimmed().compare("100-continue", Qt::CaseInsensitive) == 0;
        s->m_pending.push_back(message);
        // With earlier pipelined requests unanswered, 100 waits for their responses (order).
        if (s->m_pending.size() == 1 && s->m_pending.front().expectsContinue)
            s->sendContinue(s->m_pending.front());
        return 0;
    }

    static int onBody(http_parser *parser, const char *at, size_t length)
    {
        ConnectionGuard *s = self(parser);
        s->m_bodyBytes += qint64(length);
        if (s->m_bodyBytes > s->m_maxBodyBytes) { // chunked bodies have no declared length
            s->m_rejectStatus = 413;
            return 1;
        }
        s->m_pending.back().body.append(at, qsizetype(length)); // pushed when its headers completed
        return 0;
    }

    static int onMessageComplete(http_parser *parser)
    {
        self(parser)->m_pending.back().complete = true;
        return 0;
    }

    static const http_parser_settings settings;
};

const http_parser_settings ConnectionGuardCallbacks::settings = [] {
    http_parser_settings settings;
    http_parser_settings_init(&settings);
    settings.on_message_begin = &ConnectionGuardCallbacks::onMessageBegin;
    settings.on_url = &ConnectionGuardCallbacks::onUrl;
    settings.on_header_field = &ConnectionGuardCallbacks::onHeaderField;
    settings.on_header_value = &ConnectionGuardCallbacks::onHeaderValue;
    settings.on_headers_complete = &ConnectionGuardCallbacks::onHeadersComplete;
    settings.on_body = &ConnectionGuardCallbacks::onBody;
    settings.on_message_complete = &ConnectionGuardCallbacks::onMessageComplete;
    return settings;
}();

ConnectionGuard::ConnectionGuard(QTcpSocket *socket, const HttpServerConfig &config)
    : QObject(socket)
    , m_socket(socket)
    , m_parser(std::make_unique<http_parser>())
    , m_maxBodyBytes(config.maxBodyBytes)
    , m_maxHeaderBytes(config.maxHeaderBytes)
{
    http_parser_init(m_parser.get(), HTTP_REQUEST);
    m_parser->data = this;
    connect(socket, &QIODevice::readyRead, this, &ConnectionGuard::inspectIncoming);
    const auto progressed = [this] {
        if (m_idleTimer.isActive())
            m_idleTimer.start();
    };
    connect(socket, &QIODevice::bytesWritten, this, progressed);
    // Over TLS, bytesWritten reports plain bytes taken for encryption; the socket's own progress
    // is encryptedBytesWritten.
    if (auto *tls = qobject_cast<QSslSocket *>(socket))
        connect(tls, &QSslSocket::encryptedBytesWritten, this, progressed);
    m_idleTimer.setSingleShot(true);
    m_idleTimer.setInterval(config.idleTimeoutMs);
    connect(&m_idleTimer, &QTimer::timeout, this, &ConnectionGuard::closeIdle);
}

ConnectionGuard::~ConnectionGuard() = default;

ConnectionGuard *ConnectionGuard::of(QTcpSocket *socket)
{
    return socket ? socket->findChild<ConnectionGuard *>(QString(), Qt::FindDirectChildrenOnly) : nullptr;
}

void ConnectionGuard::startIdleTimer()
{
    m_idleTimer.start();
}

std::optional<PendingMessage> ConnectionGuard::takeMessage()
{
    if (m_rejected || m_pending.empty() || !m_pending.front().complete)
        return std::nullopt;
    PendingMessage message = std::move(m_pending.front());
    m_pending.pop_front();
    return message;
}

void ConnectionGuard::responseWritten()
{
    if (!m_pending.empty() && m_pending.front().expectsContinue && !m_pending.front().continueSent)
        sendContinue(m_pending.front());
}

void ConnectionGuard::sendContinue(PendingMessage &message)
{
    message.continueSent = true;
    m_socket->write("HTTP/1.1 100 Continue\r\n\r\n");
}

bool ConnectionGuard::addHeaderBytes(qint64 count)
{
    m_headerBytes += count;
    if (m_headerBytes <= m_maxHeaderBytes)
        return true;
    m_rejectStatus = 431;
    return false;
}

qint64 ConnectionGuard::pendingOutput() const
{
    const auto *tls = qobject_cast<const QSslSocket *>(m_socket);
    return m_socket->bytesToWrite() + (tls ? tls->encryptedBytesToWrite() : 0);
}

void ConnectionGuard::inspectIncoming()
{
    if (m_rejected || m_socket->state() != QAbstractSocket::ConnectedState) {
        // Already answered: nothing more reaches the HTTP server. Drain (a bounded amount) so the
        // client can finish sending and read our answer instead of a reset.
        m_drainedBytes += m_socket->readAll().size();
        if (m_drainedBytes > kMaxDrainBytes)
            m_socket->abort();
        return;
    }
    m_idleTimer.start();
    const QByteArray chunk = m_socket->readAll();
    if (chunk.isEmpty())
        return;
    const size_t parsed = http_parser_execute(m_parser.get(), &ConnectionGuardCallbacks::settings,
                                              chunk.constData(), size_t(chunk.size()));
    if (m_rejectStatus != 0) {
        reject(m_rejectStatus, m_rejectStatus == 431 ? "header_too_large" : "request_too_large");
        return;
    }
    const http_errno error = HTTP_PARSER_ERRNO(m_parser.get());
    if (error == HPE_HEADER_OVERFLOW) { // libhttp-parser's own 80 KB cap
        reject(431, "header_too_large");
        return;
    }
    if (error != HPE_OK) {
        qCDebug(lcGuard) << "malformed request:" << http_errno_name(error);
        reject(400, "malformed_request");
        return;
    }
    if (m_parser->upgrade) {
        // No protocol upgrades here (WebSockets, h2c): say so instead of hanging up.
        reject(400, "upgrade_not_supported");
        return;
    }
    Q_ASSERT(parsed == size_t(chunk.size()));
    if (!m_pending.empty() && m_pending.front().complete)
        Q_EMIT messageReady();
}

void ConnectionGuard::reject(int status, QByteArrayView error)
{
    m_rejected = true;
    m_pending.clear();
    m_socket->readAll(); // whatever else arrived is never parsed
    const QByteArray body = "{\"error\":\"" + error.toByteArray() + "\"}";
    m_socket->write("HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status)
                    + "\r\nContent-Type: application/json\r\nContent-Length: " + QByteArray::number(body.size())
                    + "\r\nConnection: close\r\n\r\n" + body);
    lingeringClose();
}

void ConnectionGuard::lingeringClose()
{
    // Closing at once while the client is still sending its (refused) body makes the kernel
    // answer with a reset, and the client loses our response. So: send the answer, stop sending,
    // discard what still arrives for a while, then close (RFC 9112 §9.6).
    m_idleTimer.stop();
    m_lingerTimer.setSingleShot(true);
    connect(&m_lingerTimer, &QTimer::timeout, this, &ConnectionGuard::endLinger);
    m_lingerTimer.start(kLingerMs);
    m_socket->flush();
    // Over TLS a TCP half-close would skip close_notify, which OpenSSL 3 clients report as an
    // error ("unexpected eof while reading") that loses the answer. The answer says
    // `Connection: close`: the client closes, or endLinger() does, with close_notify.
    if (qobject_cast<QSslSocket *>(m_socket))
        return;
    const auto shutdownSending = [this] {
        if (pendingOutput() == 0 && m_socket->state() == QAbstractSocket::ConnectedState && !m_sendingShutDown) {
            m_sendingShutDown = true;
            ::shutdown(int(m_socket->socketDescriptor()), SHUT_WR);
        }
    };
    connect(m_socket, &QIODevice::bytesWritten, this, shutdownSending);
    shutdownSending();
}

void ConnectionGuard::endLinger()
{
    if (m_socket->state() == QAbstractSocket::UnconnectedState)
        return;
    // TLS, first time: a graceful close (close_notify), given one more linger to complete.
    if (!m_sendingShutDown && pendingOutput() == 0 && qobject_cast<QSslSocket *>(m_socket)) {
        m_sendingShutDown = true;
        m_socket->disconnectFromHost();
        m_lingerTimer.start(kLingerMs);
        return;
    }
    m_socket->abort();
}

void ConnectionGuard::closeIdle()
{
    if (m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    qCDebug(lcGuard) << "closing an idle connection from" << m_socket->peerAddress();
    // Nothing moved for the whole timeout: a peer that does not read would keep a graceful
    // close pending for ever.
    if (pendingOutput() > 0)
        m_socket->abort();
    else
        m_socket->disconnectFromHost();
}

} // namespace paw::http
