#pragma once

#include <QJsonObject>

namespace paw::auth {

/// A JWT whose signature verified: its JOSE header and its claims.
struct DecodedJwt
{
    QJsonObject header;
    QJsonObject claims;
};

} // namespace paw::auth
