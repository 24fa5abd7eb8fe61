#include "auth/TokenResponse.h"

namespace paw::auth {

QJsonObject TokenResponse::toJson() const
{
    QJsonObject json{
        {QStringLiteral("access_token"), QString::fromLatin1(accessToken)},
        {QStringLiteral("token_type"), QStringLiteral("Bearer")},
        {QStringLiteral("expires_in"), expiresIn},
        {QStringLiteral("scope"), scope},
    };
    if (!patientId.isEmpty())
        json.insert(QStringLiteral("patient"), patientId);
    if (!idToken.isEmpty())
        json.insert(QStringLiteral("id_token"), QString::fromLatin1(idToken));
    if (!refreshToken.isEmpty())
        json.insert(QStringLiteral("refresh_token"), refreshToken);
    return json;
}

} // namespace paw::auth
