#include "auth/AuthorizationRequest.h"

#include <algorithm>

namespace paw::auth {

AuthorizationRequest AuthorizationRequest::fromParameters(const QList<QPair<QString, QString>> &parameters)
{
    AuthorizationRequest out;
    const QList<QPair<QLatin1String, QString AuthorizationRequest::*>> fields{
        {QLatin1String("client_id"), &AuthorizationRequest::clientId},
        {QLatin1String("redirect_uri"), &AuthorizationRequest::redirectUri},
        {QLatin1String("response_type"), &AuthorizationRequest::responseType},
        {QLatin1String("scope"), &AuthorizationRequest::scope},
        {QLatin1String("state"), &AuthorizationRequest::state},
        {QLatin1String("nonce"), &AuthorizationRequest::nonce},
        {QLatin1String("code_challenge"), &AuthorizationRequest::codeChallenge},
        {QLatin1String("code_challenge_method"), &AuthorizationRequest::codeChallengeMethod},
        {QLatin1String("aud"), &AuthorizationRequest::aud},
        {QLatin1String("prompt"), &AuthorizationRequest::prompt},
        {QLatin1String("max_age"), &AuthorizationRequest::maxAge},
    };
    QStringList seen;
    for (const auto &[name, value] : parameters) {
        for (const auto &[fieldName, member] : fields) {
            if (name != fieldName)
                continue;
            if (seen.contains(name)) {
                if (!out.repeated.contains(name))
                    out.repeated.append(name);
            } else {
                seen.append(name);
                out.*member = value;
            }
        }
    }
    return out;
}

std::optional<qint64> AuthorizationRequest::maxAgeMs() const
{
    // Digits only (no sign, no spaces), and few enough that milliseconds fit: over 30,000 years.
    constexpr qsizetype kMaxDigits = 12;
    if (maxAge.isEmpty() || maxAge.size() > kMaxDigits
        || !std::all_of(maxAge.cbegin(), maxAge.cend(), [](QChar c) { return c >= u'0' && c <= u'9'; }))
        return std::nullopt;
    return maxAge.toLongLong() * 1000;
}

} // namespace paw::auth
