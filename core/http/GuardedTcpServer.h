#pragma once

#include "http/HttpServerConfig.h"

#include <QTcpServer>

class QSslSocket;

namespace paw::http {

/// A QTcpServer whose connections carry a ConnectionGuard (limits, idle timeout, close handling).
/// With `config.tls` set, every connection is a QSslSocket that must finish its TLS handshake
/// (within the idle timeout) before the HTTP server sees it; one that fails, such as plain HTTP
/// sent to this port, is closed and never reaches it.
class GuardedTcpServer : public QTcpServer
{
    Q_OBJECT
public:
    explicit GuardedTcpServer(const HttpServerConfig &config, QObject *parent = nullptr);

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    void startHandshake(QSslSocket *socket);

    HttpServerConfig m_config;
};

} // namespace paw::http
