#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>

namespace paw::http {

/// A response as the application builds it; the server adds the shared headers
/// (security headers, CORS, Content-Length, Connection) in one place.
struct HttpResponse
{
    int status = 200;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    HttpResponse &setHeader(const QByteArray &name, const QByteArray &value); // replaces
    QByteArray header(QByteArrayView name) const;                              // case-insensitive

    static HttpResponse withBody(int status, const QByteArray &contentType, const QByteArray &body);
};

} // namespace paw::http
