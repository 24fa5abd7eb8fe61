#pragma once

#include <QByteArray>
#include <QHostAddress>
#include <QList>
#include <QPair>
#include <QString>

namespace paw::http {

/// A request as the application sees it: decoded, independent of QHttpServer.
struct HttpRequest
{
    QByteArray method;                            // upper case: "GET", "POST", "HEAD", ...
    QString path;                                 // percent-decoded path, e.g. "/fhir/Patient/1"
    QList<QPair<QString, QString>> query;         // decoded query pairs, in order ('+' is a space)
    QList<QPair<QByteArray, QByteArray>> headers; // as received
    QByteArray body;
    QHostAddress peer;

    /// The first header named `name` (case-insensitive), or an empty array.
    QByteArray header(QByteArrayView name) const;
};

/// Decodes an application/x-www-form-urlencoded body or query string: '+' is a space, %XX
/// escapes are decoded as UTF-8. Pairs keep their order; a name without '=' gets an empty value.
QList<QPair<QString, QString>> decodeFormUrlEncoded(QByteArrayView encoded);

/// Decodes the %XX escapes of a request path as UTF-8 ('+' stays a '+'). A malformed escape
/// ("%zz", a trailing "%") is kept literally.
QString decodePercentEncoded(QByteArrayView encoded);

} // namespace paw::http
