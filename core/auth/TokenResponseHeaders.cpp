#include "auth/TokenResponseHeaders.h"

#include <QJsonDocument>

namespace paw::auth {

http::HttpResponse TokenResponseHeaders::json(int status, const QJsonObject &body)
{
    http::HttpResponse response = empty(status);
    response.body = QJsonDocument(body).toJson(QJsonDocument::Compact);
    response.setHeader(QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/json;charset=UTF-8"));
    return response;
}

http::HttpResponse TokenResponseHeaders::empty(int status)
{
    http::HttpResponse response;
    response.status = status;
    response.setHeader(QByteArrayLiteral("Cache-Control"), QByteArrayLiteral("no-store"));
    response.setHeader(QByteArrayLiteral("Pragma"), QByteArrayLiteral("no-cache"));
    return response;
}

} // namespace paw::auth
