#pragma once

#include "Expected.h"
#include "auth/Grant.h"
#include "auth/ScopeSet.h"
#include "auth/SigningKeyRing.h"
#include "auth/TokenLifetimes.h"
#include "auth/TokenResponse.h"
#include "auth/TokenSubject.h"
#include "platform/Clock.h"

#include <QByteArray>
#include <QString>

#include <memory>

namespace paw::auth {

/// Signs the tokens of a grant with the key ring's current key: the access token of
/// docs/AUTHORIZATION.md (RFC 9068, typ at+jwt) and the OpenID Connect ID token. Neither
/// outlives the grant it is issued under.
class TokenIssuer
{
public:
    struct AccessToken
    {
        QByteArray token;
        QString jti;
        qint64 expiresAt = 0; // seconds since the epoch
    };

    /// `root` is the server's base URL without a trailing slash: the issuer is `<root>/auth`,
    /// the audience and the base of fhirUser `<root>/fhir` (DiscoveryDocuments).
    TokenIssuer(std::shared_ptr<SigningKeyRing> keys, const QString &root, const platform::Clock &clock,
                TokenLifetimes lifetimes);

    const QString &issuer() const { return m_issuer; }
    const QString &fhirBase() const { return m_fhirBase; }
    const TokenLifetimes &lifetimes() const { return m_lifetimes; }

    Expected<AccessToken, QString> accessToken(const Grant &grant, const TokenSubject &subject, const ScopeSet &scope) const;
    /// `nonce` is left out when empty (a refresh has none to repeat).
    Expected<QByteArray, QString> idToken(const Grant &grant, const TokenSubject &subject, const ScopeSet &scope,
                                          const QString &nonce) const;
    /// The access token and, when `scope` holds openid, the ID token: a response without its
    /// refresh token, which the grant handler adds.
    Expected<TokenResponse, QString> issue(const Grant &grant, const TokenSubject &subject, const ScopeSet &scope,
                                           const QString &nonce) const;

private:
    /// Seconds since the epoch: now, and when a token made now expires.
    qint64 nowSeconds() const;
    qint64 expirySeconds(const Grant &grant) const;
    QString absoluteFhirUser(const TokenSubject &subject) const { return m_fhirBase + u'/' + subject.fhirUser; }

    std::shared_ptr<SigningKeyRing> m_keys;
    QString m_issuer;
    QString m_fhirBase;
    const platform::Clock &m_clock;
    TokenLifetimes m_lifetimes;
};

} // namespace paw::auth
