#pragma once

#include "Expected.h"
#include "auth/jose/KeyStore.h"

#include <QByteArray>
#include <QDateTime>

#include <memory>
#include <shared_mutex>

namespace paw::auth {

/// The authorization server's KeyStore, shared by every worker thread. KeyStore itself is not
/// thread-safe; this owner lets many threads sign and publish at once while rotate() swaps the
/// key. What it hands out are copies (a SigningKey's copies share one OpenSSL key, which OpenSSL
/// lets threads use together), so a rotation never pulls a key from under a signer.
class SigningKeyRing
{
public:
    explicit SigningKeyRing(KeyStore store);
    /// Opens (or makes) the key folder: KeyStore::open.
    static Expected<std::shared_ptr<SigningKeyRing>, QString> open(const QString &folder, const platform::Clock &clock);

    /// The key that signs new tokens.
    SigningKey current() const;
    /// The keys a token this server issued may be checked with (current and not yet retired).
    PublicKeySet jwks() const;
    /// jwks() as the JSON document /auth/jwks serves.
    QByteArray jwksJson() const;

    /// A new current key; the old one stays published until `retireOldAt` (KeyStore::rotate).
    Expected<SigningKey, QString> rotate(const QDateTime &retireOldAt, JwsAlgorithm algorithm = JwsAlgorithm::RS256);

private:
    mutable std::shared_mutex m_mutex;
    KeyStore m_store;
};

} // namespace paw::auth
