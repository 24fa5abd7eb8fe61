#pragma once

#include "auth/jose/JwtError.h"
#include "platform/Clock.h"

#include <QJsonObject>
#include <QString>

#include <optional>

namespace paw::auth {

/// The registered claims of a verified JWT (RFC 7519 §4.1): iss, aud, exp and nbf, against the
/// injected clock with a tolerance for clocks that disagree a little.
class JwtClaimsCheck
{
public:
    /// An empty issuer or audience is not checked.
    JwtClaimsCheck(QString issuer, QString audience, const platform::Clock &clock);

    JwtClaimsCheck &setSkewSeconds(int seconds);
    /// Whether a token without exp is refused (the default: PAW issues no endless tokens).
    JwtClaimsCheck &setRequireExpiry(bool require);

    /// Nothing when the claims pass, else why not (kind Claims).
    std::optional<JwtError> check(const QJsonObject &claims) const;

private:
    std::optional<JwtError> checkTimes(const QJsonObject &claims) const;

    QString m_issuer;
    QString m_audience;
    const platform::Clock &m_clock;
    int m_skewSeconds = 60;
    bool m_requireExpiry = true;
};

} // namespace paw::auth
