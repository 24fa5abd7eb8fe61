#pragma once

#include "Expected.h"
#include "auth/jose/PublicKeySet.h"
#include "auth/jose/SigningKey.h"
#include "platform/Clock.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace paw::auth {

/// The authorization server's signing keys, kept in a folder.
///
/// Each key is a PKCS#8 PEM file `<kid>.pem` that only its owner may read or write (0600);
/// `keys.json` beside them names the current key and, for each retired key, the time until which
/// its public key stays published, so that tokens it signed can still be checked until they
/// expire. The first open() generates an RS256 key. Not thread-safe: the server owns one.
///
///   open() ──▶ current ──rotate(until)──▶ new current; old one retired, in jwks() until `until`
class KeyStore
{
public:
    /// Loads the keys in `folder`, or makes the folder and a first key. Refuses a key file that
    /// group or others may access, or that does not hold the key keys.json names.
    static Expected<KeyStore, QString> open(const QString &folder, const platform::Clock &clock);

    /// The key that signs new tokens.
    const SigningKey &current() const { return m_current; }
    /// The current key and the retired keys whose time has not yet come.
    PublicKeySet jwks() const;

    /// A new current key; the old one stays in jwks() until `retireOldAt`. Retired keys whose
    /// time has passed are deleted.
    Expected<SigningKey, QString> rotate(const QDateTime &retireOldAt, JwsAlgorithm algorithm = JwsAlgorithm::RS256);

private:
    struct Retired
    {
        SigningKey key;
        QDateTime until;
    };

    KeyStore(QString folder, const platform::Clock &clock, SigningKey current)
        : m_folder(std::move(folder)), m_clock(&clock), m_current(std::move(current)) {}

    Expected<bool, QString> writeKey(const SigningKey &key) const;
    static Expected<SigningKey, QString> readKey(const QString &folder, const QString &kid, JwsAlgorithm algorithm);
    Expected<bool, QString> writeIndex(const SigningKey &current, const QList<Retired> &retired) const;
    static QString keyPath(const QString &folder, const QString &kid);

    QString m_folder;
    const platform::Clock *m_clock;
    SigningKey m_current;
    QList<Retired> m_retired;
};

} // namespace paw::auth
