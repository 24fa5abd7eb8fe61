#pragma once

#include "http/HttpServerConfig.h"

#include <QTcpServer>

namespace paw::http {

/// A QTcpServer whose connections are GuardedSockets (limits, idle timeout, close handling).
class GuardedTcpServer : public QTcpServer
{
    Q_OBJECT
public:
    explicit GuardedTcpServer(const HttpServerConfig &config, QObject *parent = nullptr);

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    HttpServerConfig m_config;
};

} // namespace paw::http
