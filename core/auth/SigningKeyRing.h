#pragma once

#include "Expected.h"
#include "auth/jose/KeyStore.h"

#include <QByteArray>
#include <QDateTime>

#include <memory>
#include <shared_mutex>

namespace paw::auth {

/// The authorization server's KeyStore, shared by every worker thread. KeyStore itself is not
/// thread-safe; this owner lets many threads sign and publish at once while rotate() or reload()
/// swaps the key. What it hands out are copies (a SigningKey's copies share one OpenSSL key,
/// which OpenSSL lets threads use together), so a rotation never pulls a key from under a signer.
class SigningKeyRing
{
public:
    /// How long past its tokens' expiry a retired key stays published: the clock skew the FHIR
    /// API allows on `exp` (access::AccessTokenValidator asserts that the two agree).
    static constexpr int kVerifierSkewSeconds = 60;

    explicit SigningKeyRing(KeyStore store, qint64 tokenLifetimeMs = 0);
    /// Opens (or makes) the key folder: KeyStore::open. A `tokenLifetimeMs` above 0 says that
    /// this process signs tokens living that long: it is recorded on the current key now and
    /// after every reload (KeyStore::recordTokenLifetime), so that a rotation by another process
    /// (`paw key rotate`) keeps the key published long enough.
    static Expected<std::shared_ptr<SigningKeyRing>, QString> open(const QString &folder, const platform::Clock &clock,
                                                                  qint64 tokenLifetimeMs = 0);

    /// The key that signs new tokens.
    SigningKey current() const;
    /// The keys a token this server issued may be checked with (current and not yet retired).
    PublicKeySet jwks() const;
    /// jwks() as the JSON document /auth/jwks serves.
    QByteArray jwksJson() const;
    /// The published keys' index entries: KeyStore::list.
    QList<KeyIndex::Entry> list() const;
    const QString &folder() const { return m_folder; }

    /// When the current key, retired now, may leave the JWKS: once every token it signed can
    /// have expired, i.e. after the longest token lifetime recorded for it (the default access
    /// lifetime when none is: a folder from before the record) and kVerifierSkewSeconds.
    QDateTime retirementOfCurrent() const;
    /// A new current key; the old one stays published until `retireOldAt` (KeyStore::rotate).
    Expected<SigningKey, QString> rotate(const QDateTime &retireOldAt, JwsAlgorithm algorithm = JwsAlgorithm::RS256);
    /// rotate(retirementOfCurrent()): what `paw key rotate` does.
    Expected<SigningKey, QString> rotate();
    /// Reads the folder again, as another process may have rotated it; on an error the keys in
    /// use stay. True when the current key changed.
    Expected<bool, QString> reload();

private:
    const QString m_folder;
    const platform::Clock &m_clock;
    mutable std::shared_mutex m_mutex;
    KeyStore m_store;
    qint64 m_tokenLifetimeMs;
};

} // namespace paw::auth
