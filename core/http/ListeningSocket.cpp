#include "http/ListeningSocket.h"

#include <arpa/inet.h>
#include <cerrno>
#include <cstring>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace paw::http {

namespace {

QString endpoint(const QHostAddress &address, quint16 port)
{
    const QString host = address.protocol() == QAbstractSocket::IPv6Protocol
                             ? u'[' + address.toString() + u']'
                             : address.toString();
    return host + u':' + QString::number(port);
}

QString failure(const QHostAddress &address, quint16 port, int error)
{
    return QStringLiteral("cannot listen on ") + endpoint(address, port) + QStringLiteral(": ")
           + QString::fromLocal8Bit(std::strerror(error));
}

} // namespace

Expected<int, QString> ListeningSocket::open(const QHostAddress &address, quint16 port)
{
    sockaddr_storage storage{};
    socklen_t length = 0;
    int family = AF_INET;
    const QAbstractSocket::NetworkLayerProtocol protocol = address.protocol();
    if (protocol == QAbstractSocket::IPv4Protocol) {
        auto *in4 = reinterpret_cast<sockaddr_in *>(&storage);
        in4->sin_family = AF_INET;
        in4->sin_port = htons(port);
        in4->sin_addr.s_addr = htonl(address.toIPv4Address());
        length = sizeof(sockaddr_in);
    } else if (protocol == QAbstractSocket::IPv6Protocol || address == QHostAddress(QHostAddress::Any)) {
        // QHostAddress::Any means IPv4 and IPv6: "::" with IPV6_V6ONLY off (below).
        family = AF_INET6;
        auto *in6 = reinterpret_cast<sockaddr_in6 *>(&storage);
        in6->sin6_family = AF_INET6;
        in6->sin6_port = htons(port);
        const Q_IPV6ADDR bytes = address.toIPv6Address();
        std::memcpy(&in6->sin6_addr, &bytes, sizeof(bytes));
        in6->sin6_scope_id = address.scopeId().toUInt();
        length = sizeof(sockaddr_in6);
    } else {
        return QString(QStringLiteral("cannot listen on ") + address.toString()
                       + QStringLiteral(": not an IPv4 or IPv6 address"));
    }

    const int descriptor = ::socket(family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    if (descriptor < 0)
        return failure(address, port, errno);
    const int on = 1;
    const int off = 0;
    bool ok = ::setsockopt(descriptor, SOL_SOCKET, SO_REUSEADDR, &on, sizeof(on)) == 0
              && ::setsockopt(descriptor, SOL_SOCKET, SO_REUSEPORT, &on, sizeof(on)) == 0;
    if (ok && family == AF_INET6) {
        const int *v6only = protocol == QAbstractSocket::IPv6Protocol ? &on : &off;
        ok = ::setsockopt(descriptor, IPPROTO_IPV6, IPV6_V6ONLY, v6only, sizeof(int)) == 0;
    }
    if (!ok || ::bind(descriptor, reinterpret_cast<sockaddr *>(&storage), length) != 0
        || ::listen(descriptor, SOMAXCONN) != 0) {
        const int error = errno;
        ::close(descriptor);
        return failure(address, port, error);
    }
    return descriptor;
}

quint16 ListeningSocket::localPort(int descriptor)
{
    sockaddr_storage storage{};
    socklen_t length = sizeof(storage);
    if (::getsockname(descriptor, reinterpret_cast<sockaddr *>(&storage), &length) != 0)
        return 0;
    if (storage.ss_family == AF_INET)
        return ntohs(reinterpret_cast<sockaddr_in *>(&storage)->sin_port);
    if (storage.ss_family == AF_INET6)
        return ntohs(reinterpret_cast<sockaddr_in6 *>(&storage)->sin6_port);
    return 0;
}

void ListeningSocket::close(int descriptor)
{
    if (descriptor >= 0)
        ::close(descriptor);
}

} // namespace paw::http
