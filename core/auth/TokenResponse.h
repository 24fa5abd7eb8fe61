#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace paw::auth {

/// A successful token response (RFC 6749 §5.1, SMART App Launch's context members, OpenID
/// Connect's id_token). `tokenId` is the access token's jti: what the audit may name.
struct TokenResponse
{
    QByteArray accessToken;
    QString tokenId;
    qint64 expiresIn = 0; // seconds
    QString scope;        // granted, canonical
    QString patientId;
    QByteArray idToken;   // when openid was granted
    QString refreshToken; // when offline_access or online_access was granted
    QString username;     // for the audit, not the response: who logged in

    QJsonObject toJson() const;
};

} // namespace paw::auth
