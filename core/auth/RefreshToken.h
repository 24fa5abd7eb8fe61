#pragma once

#include <QString>

namespace paw::auth {

/// A stored refresh token: what it stands for, never its value (only a hash is kept).
struct RefreshToken
{
    QString grantId;
    QString clientId;
    QString scope;      // what it may be exchanged for: the grant's scope, canonical
    qint64 createdMs = 0;
    qint64 expiresMs = 0;
    qint64 usedMs = 0;  // 0 until it is spent (rotated)

    bool isSpent() const { return usedMs != 0; }
};

} // namespace paw::auth
