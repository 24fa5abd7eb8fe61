#pragma once

#include "Expected.h"
#include "auth/jose/KeyIndex.h"
#include "auth/jose/PublicKeySet.h"
#include "auth/jose/SigningKey.h"
#include "platform/Clock.h"

#include <QDateTime>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace paw::auth {

/// The authorization server's signing keys, kept in a folder.
///
/// Each key is a PKCS#8 PEM file `<kid>.pem` that only its owner may read or write (0600);
/// `keys.json` beside them (KeyIndex) names the current key and, for each retired key, the time
/// until which its public key stays published, so that tokens it signed can still be checked
/// until they expire. The first open() generates an RS256 key. Not thread-safe: the server owns
/// one (SigningKeyRing). Several processes may share the folder (`paw serve`, `paw key rotate`):
/// every write takes the folder's lock file and starts from the index as it is on disk then.
///
///   open() ──▶ current ──rotate(until)──▶ new current; old one retired, in jwks() until `until`
///                                          └ at `until`: out of jwks(); its file deleted at the
///                                            next open() or rotate()
class KeyStore
{
public:
    /// Loads the keys in `folder`, or makes the folder and a first key. Refuses a key file that
    /// group or others may access, or that does not hold the key keys.json names. Retired keys
    /// whose time has passed are dropped from the index and their files deleted.
    static Expected<KeyStore, QString> open(const QString &folder, const platform::Clock &clock);
    /// Whether `folder` holds a key index (open() would not have to make a first key).
    static bool existsIn(const QString &folder);

    /// The key that signs new tokens.
    const SigningKey &current() const { return m_current.key; }
    const KeyIndex::Entry &currentEntry() const { return m_current.entry; }
    /// The current key and the retired keys whose time has not yet come.
    PublicKeySet jwks() const;
    /// The current key's entry, then the retired keys still published, most recently retired first.
    QList<KeyIndex::Entry> list() const;
    const QString &folder() const { return m_folder; }
    const platform::Clock &clock() const { return *m_clock; }

    /// A new current key; the old one stays in jwks() until `retireOldAt`. Retired keys whose
    /// time has passed are deleted.
    Expected<SigningKey, QString> rotate(const QDateTime &retireOldAt, JwsAlgorithm algorithm = JwsAlgorithm::RS256);
    /// Records that tokens signed with the current key may live `lifetimeMs`, so that a rotation
    /// (here or in another process) keeps it published long enough. Writes only to raise the record.
    Expected<bool, QString> recordTokenLifetime(qint64 lifetimeMs);

private:
    struct Held
    {
        SigningKey key;
        KeyIndex::Entry entry;
    };

    KeyStore(QString folder, const platform::Clock &clock, Held current)
        : m_folder(std::move(folder)), m_clock(&clock), m_current(std::move(current)) {}

    /// The folder as it is on disk, without writing: retired keys whose time has passed are not
    /// read, only named in m_expired.
    static Expected<KeyStore, QString> load(const QString &folder, const platform::Clock &clock);
    /// Under the folder's lock: the folder as it is on disk now, given to `change` (which
    /// writes what it changes), and returned for the caller to adopt.
    static Expected<KeyStore, QString> underLock(const QString &folder, const platform::Clock &clock,
                                                 const std::function<Expected<bool, QString>(KeyStore &)> &change);
    /// A folder without an index gets its first key.
    static Expected<KeyStore, QString> create(const QString &folder, const platform::Clock &clock);
    /// The current key and the retired ones whose time has not come, in list() order.
    QList<const Held *> published() const;
    /// Writes the index (current and m_retired), then deletes the files of m_expired.
    Expected<bool, QString> writeIndexAndPrune();

    Expected<bool, QString> writeKey(const SigningKey &key) const;
    static Expected<SigningKey, QString> readKey(const QString &folder, const QString &kid, JwsAlgorithm algorithm);
    static QString keyPath(const QString &folder, const QString &kid);

    QString m_folder;
    const platform::Clock *m_clock;
    Held m_current;
    QList<Held> m_retired;  // most recently retired first
    QStringList m_expired;  // kids still in the index on disk whose time has passed
};

} // namespace paw::auth
