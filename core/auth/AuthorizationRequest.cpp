#include "auth/AuthorizationRequest.h"

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

} // namespace paw::auth
