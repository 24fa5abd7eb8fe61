#pragma once

#include "Expected.h"
#include "auth/jose/SigningKey.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace paw::auth {

/// Makes signed JWTs (RFC 7519) in JWS compact serialization (RFC 7515 §7.1).
class Jwt
{
public:
    /// header.payload.signature, base64url each. The header is `headerExtras` (typ, for example)
    /// with alg and kid from the key, which win over the extras.
    static Expected<QByteArray, QString> sign(const QJsonObject &headerExtras, const QJsonObject &claims,
                                              const SigningKey &key);
};

} // namespace paw::auth
