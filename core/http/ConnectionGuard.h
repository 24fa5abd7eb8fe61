#pragma once

#include "http/HttpServerConfig.h"
#include "http/PendingMessage.h"

#include <QObject>
#include <QTcpSocket>
#include <QTimer>
#include <deque>
#include <memory>
#include <optional>

struct http_parser;

namespace paw::http {

/// Reads a server-side connection's byte stream and parses it with libhttp_parser into requests
/// (PendingMessage), closing the gaps of Qt 6.4's server (see PLATFORM-NOTES.md): header and body
/// limits (431/413, answered as soon as the headers are in), malformed requests (400), `Expect:
/// 100-continue`, whether the connection closes after each response, and an idle timeout. It
/// never routes: WorkerHttpServer takes each complete message (messageReady) and answers it. The
/// same guard serves plain TCP and TLS connections (a QSslSocket hands it the decrypted stream);
/// it is the socket's child.
///
/// It parses whole chunks, never a byte at a time: QAbstractHttpServer 6.4 reads header lines
/// with one QIODevice::read call per byte, which cost 40 % of a read's throughput once requests
/// carried a 1 KB access token (docs/PERFORMANCE.md), so requests no longer go through it.
///
///   [reading headers] --headers complete--> [reading body] --message complete--> [reading headers]
///          |  too large: 431 / malformed: 400      |  too large: 413
///          +-----------------------------+---------+
///                                        v
///                                  [rejected: answer, discard input, close]
class ConnectionGuard : public QObject
{
    Q_OBJECT
public:
    /// Guards `socket` (connected, its descriptor set) and becomes its child.
    ConnectionGuard(QTcpSocket *socket, const HttpServerConfig &config);
    ~ConnectionGuard() override;

    /// The guard of `socket`, or null when it has none.
    static ConnectionGuard *of(QTcpSocket *socket);

    /// The oldest request whose response has not been written yet, removed from the queue, once
    /// it has fully arrived; nothing after a rejection.
    std::optional<PendingMessage> takeMessage();
    /// Called after a response was written: sends the deferred `100 Continue` of the next
    /// pipelined request, if any.
    void responseWritten();
    /// Starts the idle timer (which also bounds a TLS handshake).
    void startIdleTimer();

Q_SIGNALS:
    /// The oldest pending request is complete: takeMessage() has it.
    void messageReady();

private:
    friend struct ConnectionGuardCallbacks;

    void inspectIncoming();
    void closeIdle();
    void reject(int status, QByteArrayView error);
    void lingeringClose();
    void endLinger();
    void sendContinue(PendingMessage &message);
    bool addHeaderBytes(qint64 count);
    /// Bytes written but not yet handed to the kernel (for TLS: plain and encrypted).
    qint64 pendingOutput() const;

    QTcpSocket *m_socket; // the parent
    std::unique_ptr<http_parser> m_parser;
    qint64 m_maxBodyBytes;
    qint64 m_maxHeaderBytes;
    QTimer m_idleTimer;
    std::deque<PendingMessage> m_pending;
    PendingMessage m_current;
    QByteArray m_currentField;
    QByteArray m_expectValue;
    bool m_fieldComplete = false;
    qint64 m_headerBytes = 0;
    qint64 m_bodyBytes = 0;
    int m_rejectStatus = 0; // set by a parser callback that stops the parser
    bool m_rejected = false;
    bool m_sendingShutDown = false;
    qint64 m_drainedBytes = 0;
    QTimer m_lingerTimer;
    static constexpr int kLingerMs = 2000;
    static constexpr qint64 kMaxDrainBytes = 64 << 20;
};

} // namespace paw::http
