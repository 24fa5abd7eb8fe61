#pragma once

#include "Expected.h"
#include "auth/Grant.h"
#include "auth/GrantStore.h"
#include "auth/SigningKeyRing.h"
#include "platform/Clock.h"

#include <QByteArrayView>
#include <QJsonObject>

#include <memory>

namespace paw::auth {

/// Reads back an access token this server issued, for the authorization server's own endpoints
/// (introspection, revocation, userinfo): signed by a published key of the ring, typ at+jwt,
/// iss and aud ours, not expired, and its grant still active. (FHIR requests are checked by
/// access::AccessTokenValidator; both follow docs/AUTHORIZATION.md.)
class AccessTokenReader
{
public:
    struct Live
    {
        QJsonObject claims;
        Grant grant;
    };

    AccessTokenReader(std::shared_ptr<SigningKeyRing> keys, const QString &root, const GrantStore &grants,
                      const platform::Clock &clock);

    /// The claims and grant of a live token, or why it is not one (never the token itself).
    Expected<Live, QString> read(QByteArrayView token) const;

private:
    std::shared_ptr<SigningKeyRing> m_keys;
    QString m_issuer;
    QString m_audience;
    const GrantStore &m_grants;
    const platform::Clock &m_clock;
};

} // namespace paw::auth
