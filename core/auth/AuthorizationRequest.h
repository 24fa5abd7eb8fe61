#pragma once

#include <QList>
#include <QPair>
#include <QString>
#include <QStringList>

#include <optional>

namespace paw::auth {

/// The parameters of an authorization request (RFC 6749 §4.1.1, RFC 7636 §4.3, SMART App Launch
/// "standalone launch", OpenID Connect Core §3.1.2.1), from the query of a GET or the form body
/// of a POST. Unknown parameters are ignored; a known one sent twice is remembered in
/// `repeated`, because RFC 6749 §3.1 says parameters "MUST NOT be included more than once".
struct AuthorizationRequest
{
    QString clientId;
    QString redirectUri;
    QString responseType;
    QString scope;
    QString state;
    QString nonce;
    QString codeChallenge;
    QString codeChallengeMethod;
    QString aud;
    QString prompt;      // OpenID Connect: "login" and "consent" force those pages
    QString maxAge;      // OpenID Connect: seconds a sign-in counts for, as sent
    QStringList repeated; // names of known parameters that came more than once

    static AuthorizationRequest fromParameters(const QList<QPair<QString, QString>> &parameters);
    /// max_age in milliseconds; nullopt when absent (or empty: RFC 6749 §3.1, "as if omitted"),
    /// or when it is not a number of seconds (hasBadMaxAge()).
    std::optional<qint64> maxAgeMs() const;
    bool hasBadMaxAge() const { return !maxAge.isEmpty() && !maxAgeMs(); }
};

} // namespace paw::auth
