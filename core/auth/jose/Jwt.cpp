#include "auth/jose/Jwt.h"

#include "auth/jose/Base64Url.h"

#include <QJsonDocument>

namespace paw::auth {

Expected<QByteArray, QString> Jwt::sign(const QJsonObject &headerExtras, const QJsonObject &claims, const SigningKey &key)
{
    QJsonObject header = headerExtras;
    header.insert(QLatin1String("alg"), jwsAlgorithmName(key.algorithm()));
    header.insert(QLatin1String("kid"), key.kid());
    // RFC 7515 §5.1: the signing input is ASCII(BASE64URL(header) || '.' || BASE64URL(payload)).
    QByteArray token = Base64Url::encode(QJsonDocument(header).toJson(QJsonDocument::Compact)) + '.'
        + Base64Url::encode(QJsonDocument(claims).toJson(QJsonDocument::Compact));
    const auto signature = key.sign(token);
    if (!signature)
        return signature.error();
    return QByteArray(token + '.' + Base64Url::encode(signature.value()));
}

} // namespace paw::auth
