#include "auth/jose/JwtClaimsCheck.h"

#include <QJsonArray>

#include <algorithm>
#include <cmath>

namespace paw::auth {

namespace {

JwtError claimsError(const QString &reason)
{
    return {JwtError::Kind::Claims, reason};
}

// RFC 7519 §4.1.3: aud is one string or an array of strings; the token is for us if one is us.
bool audienceMatches(const QJsonValue &aud, const QString &audience)
{
    if (aud.isString())
        return aud.toString() == audience;
    const QJsonArray array = aud.toArray();
    return std::any_of(array.begin(), array.end(), [&audience](const QJsonValue &v) { return v.isString() && v.toString() == audience; });
}

// A NumericDate (seconds since the epoch, fractions allowed) in milliseconds.
std::optional<qint64> numericDateMs(const QJsonValue &value)
{
    if (!value.isDouble() || !std::isfinite(value.toDouble()) || std::abs(value.toDouble()) > 1e13)
        return std::nullopt;
    return qint64(std::floor(value.toDouble() * 1000.0));
}

} // namespace

JwtClaimsCheck::JwtClaimsCheck(QString issuer, QString audience, const platform::Clock &clock)
    : m_issuer(std::move(issuer)), m_audience(std::move(audience)), m_clock(clock)
{
}

JwtClaimsCheck &JwtClaimsCheck::setSkewSeconds(int seconds)
{
    m_skewSeconds = seconds;
    return *this;
}

JwtClaimsCheck &JwtClaimsCheck::setRequireExpiry(bool require)
{
    m_requireExpiry = require;
    return *this;
}

std::optional<JwtError> JwtClaimsCheck::check(const QJsonObject &claims) const
{
    if (!m_issuer.isEmpty()) {
        const QJsonValue iss = claims.value(QLatin1String("iss"));
        if (!iss.isString())
            return claimsError(QStringLiteral("the token names no issuer (iss)"));
        // RFC 7519 §4.1.1 compares StringOrURI values exactly, without normalisation.
        if (iss.toString() != m_issuer)
            return claimsError(QStringLiteral("the token was issued by \"%1\", not \"%2\"").arg(iss.toString(), m_issuer));
    }
    if (!m_audience.isEmpty()) {
        const QJsonValue aud = claims.value(QLatin1String("aud"));
        // RFC 7519 §4.1.3: "If the principal processing the claim does not identify itself with a
        // value in the "aud" claim when this claim is present, then the JWT MUST be rejected."
        if (!audienceMatches(aud, m_audience))
            return claimsError(QStringLiteral("the token is not meant for \"%1\" (aud)").arg(m_audience));
    }
    return checkTimes(claims);
}

std::optional<JwtError> JwtClaimsCheck::checkTimes(const QJsonObject &claims) const
{
    const qint64 now = m_clock.nowMs();
    const qint64 skew = qint64(m_skewSeconds) * 1000;
    const QJsonValue exp = claims.value(QLatin1String("exp"));
    if (exp.isUndefined()) {
        if (m_requireExpiry)
            return claimsError(QStringLiteral("the token has no expiry (exp)"));
    } else {
        const auto expMs = numericDateMs(exp);
        if (!expMs)
            return claimsError(QStringLiteral("the expiry (exp) is not a number of seconds"));
        // RFC 7519 §4.1.4: "the current date/time MUST be before the expiration date/time".
        if (now >= *expMs + skew)
            return claimsError(QStringLiteral("the token expired at %1")
                                   .arg(QDateTime::fromMSecsSinceEpoch(*expMs, Qt::UTC).toString(Qt::ISODate)));
    }
    const QJsonValue nbf = claims.value(QLatin1String("nbf"));
    if (!nbf.isUndefined()) {
        const auto nbfMs = numericDateMs(nbf);
        if (!nbfMs)
            return claimsError(QStringLiteral("the not-before time (nbf) is not a number of seconds"));
        // RFC 7519 §4.1.5: "the current date/time MUST be after or equal to the not-before date/time".
        if (now + skew < *nbfMs)
            return claimsError(QStringLiteral("the token is not valid before %1")
                                   .arg(QDateTime::fromMSecsSinceEpoch(*nbfMs, Qt::UTC).toString(Qt::ISODate)));
    }
    return std::nullopt;
}

} // namespace paw::auth
