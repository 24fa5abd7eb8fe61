#include "http/GuardedTcpServer.h"

#include "http/GuardedSocket.h"

#include <QLoggingCategory>
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
    auto *socket = new GuardedSocket(m_config, this);
    if (!socket->setSocketDescriptor(socketDescriptor)) {
        qCWarning(lcTcpServer) << "cannot adopt a connection:" << socket->errorString();
        delete socket;
        ::close(int(socketDescriptor)); // not adopted, so nobody else closes it
        return;
    }
    socket->startIdleTimer();
    addPendingConnection(socket);
}

} // namespace paw::http
