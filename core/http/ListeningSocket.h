#pragma once

#include "Expected.h"

#include <QHostAddress>
#include <QString>

namespace paw::http {

/// A listening TCP socket bound with SO_REUSEADDR and SO_REUSEPORT, so every worker thread can
/// own one on the same port and the kernel spreads connections between them. QTcpServer cannot
/// set SO_REUSEPORT itself; the descriptor is handed over with QTcpServer::setSocketDescriptor().
class ListeningSocket
{
public:
    /// Binds and listens on `address`:`port` (0: the kernel picks). Returns the descriptor, or
    /// "cannot listen on 127.0.0.1:8640: Address already in use".
    [[nodiscard]] static Expected<int, QString> open(const QHostAddress &address, quint16 port);
    /// The port a bound descriptor listens on (0 on error).
    static quint16 localPort(int descriptor);
    static void close(int descriptor);
};

} // namespace paw::http
