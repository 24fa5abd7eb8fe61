#include "http/GuardedTcpServer.h"

#include "http/ConnectionGuard.h"

#include <QLoggingCategory>
#include <QSslSocket>
#include <unistd.h>

Q_LOGGING_CATEGORY(lcTcpServer, "paw.http.tcpserver")

namespace paw::http {

GuardedTcpServer::GuardedTcpServer(const HttpServerConfig &config, QObject *parent)
    : QTcpServer(parent)
    , m_config(config)
{
}

void GuardedTcpServer::incomingConnection(qintptr socketDescriptor)
{
    QTcpSocket *socket = m_config.tls ? new QSslSocket(this) : new QTcpSocket(this);
    if (!socket->setSocketDescriptor(socketDescriptor)) {
        qCWarning(lcTcpServer) << "cannot adopt a connection:" << socket->errorString();
        delete socket;
        ::close(int(socketDescriptor)); // not adopted, so nobody else closes it
        return;
    }
    auto *guard = new ConnectionGuard(socket, m_config);
    guard->startIdleTimer();
    if (auto *tls = qobject_cast<QSslSocket *>(socket)) {
        startHandshake(tls);
        return;
    }
    addPendingConnection(socket);
}

void GuardedTcpServer::startHandshake(QSslSocket *socket)
{
    // WorkerHttpServer takes connections as addPendingConnection() announces them
    // (pendingConnectionAvailable), so this one reaches it only once it is encrypted.
    connect(socket, &QSslSocket::encrypted, this, [this, socket] { addPendingConnection(socket); });
    // Until then it is ours to close and delete: a failed handshake, or a client that left.
    const auto dropUnencrypted = [socket] {
        if (socket->isEncrypted())
            return;
        socket->abort();
        socket->deleteLater();
    };
    connect(socket, &QAbstractSocket::errorOccurred, socket, [socket, dropUnencrypted](QAbstractSocket::SocketError error) {
        if (!socket->isEncrypted())
            qCDebug(lcTcpServer) << "TLS handshake failed with" << socket->peerAddress() << ':' << error << socket->errorString();
        dropUnencrypted();
    });
    connect(socket, &QAbstractSocket::disconnected, socket, dropUnencrypted);
    socket->setSslConfiguration(*m_config.tls);
    socket->startServerEncryption();
}

} // namespace paw::http
