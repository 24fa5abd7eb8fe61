#pragma once

#include "auth/AssertionJtiStore.h"
#include "auth/JwksFetcher.h"
#include "auth/jose/PublicKeySet.h"
#include "auth/Client.h"
#include "platform/Clock.h"

#include <QByteArrayView>
#include <QString>

namespace paw::auth {

/// Checks a private_key_jwt client assertion (RFC 7523 §2.2 and §3, OpenID Connect Core §9):
/// signed RS384 or ES384 by a key in the client's registered JWKS, `iss` and `sub` both the
/// client id, `aud` the token endpoint URL, an expiry at most five minutes ahead, and a `jti`
/// never seen before.
class ClientAssertionVerifier
{
public:
    static constexpr QLatin1String kAssertionType{"urn:ietf:params:oauth:client-assertion-type:jwt-bearer"};
    static constexpr qint64 kMaxLifetimeMs = 5 * 60 * 1000;
    static constexpr int kSkewSeconds = 60;

    /// `audience` is the token endpoint URL, the one `aud` accepted (for every endpoint that
    /// authenticates clients: introspection and revocation too).
    /// `jwks` fetches the keys of clients registered with a jwks_uri; without it they are refused.
    ClientAssertionVerifier(AssertionJtiStore &jtis, const platform::Clock &clock, QString audience,
                            JwksFetcher *jwks = nullptr);

    /// The client the assertion says it comes from (its `sub`), read before any check to find
    /// that client's keys; nothing read here is trusted until verify() passes. Empty when the
    /// assertion is not a JWT naming a client.
    static QString claimedClient(QByteArrayView assertion);

    /// Empty when `assertion` authenticates `client`; else why not (for invalid_client).
    QString verify(QByteArrayView assertion, const Client &client);

private:
    /// The registered JWKS, or the one at the jwks_uri (fetched again first when `refresh`).
    Expected<PublicKeySet, QString> clientKeys(const Client &client, bool refresh);
    AssertionJtiStore &m_jtis;
    const platform::Clock &m_clock;
    QString m_audience;
    JwksFetcher *m_jwks;
};

} // namespace paw::auth
