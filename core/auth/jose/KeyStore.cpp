#include "auth/jose/KeyStore.h"

#include "auth/jose/Base64Url.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace paw::auth {

namespace {

const QString kIndexName = QStringLiteral("keys.json");
constexpr QFileDevice::Permissions kOwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
constexpr QFileDevice::Permissions kGroupOrOther = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup
    | QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;
constexpr qsizetype kThumbprintBytes = 32; // SHA-256

// A kid read from keys.json becomes a file name: only a thumbprint (base64url, no '/' or '.') may.
bool isThumbprint(const QString &kid)
{
    const auto bytes = Base64Url::decode(kid.toLatin1());
    return bytes && bytes->size() == kThumbprintBytes;
}

QJsonObject indexEntry(const SigningKey &key)
{
    return {{QLatin1String("kid"), key.kid()}, {QLatin1String("alg"), jwsAlgorithmName(key.algorithm())}};
}

} // namespace

QString KeyStore::keyPath(const QString &folder, const QString &kid)
{
    return QDir(folder).filePath(kid + QLatin1String(".pem"));
}

Expected<bool, QString> KeyStore::writeKey(const SigningKey &key) const
{
    const QString path = keyPath(m_folder, key.kid());
    QFile file(path);
    // Created owner-only and chmod'ed again before the secret is written: no moment where
    // another user could open it (the umask can only take permissions away).
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly, kOwnerOnly) || !file.setPermissions(kOwnerOnly))
        return QStringLiteral("the key file %1 could not be created: %2").arg(path, file.errorString());
    QByteArray pem = key.toPem();
    const bool written = !pem.isEmpty() && file.write(pem) == pem.size() && file.flush();
    pem.fill('\0');
    file.close();
    if (!written) {
        file.remove();
        return QStringLiteral("the key file %1 could not be written").arg(path);
    }
    return true;
}

Expected<SigningKey, QString> KeyStore::readKey(const QString &folder, const QString &kid, JwsAlgorithm algorithm)
{
    if (!isThumbprint(kid))
        return QStringLiteral("%1 names a key \"%2\" that is not a key thumbprint").arg(kIndexName, kid);
    const QString path = keyPath(folder, kid);
    if (!QFileInfo::exists(path))
        return QStringLiteral("the key file %1 is missing").arg(path);
    // A private key others can read is no longer private: refuse it rather than sign with it.
    if (QFile::permissions(path) & kGroupOrOther)
        return QStringLiteral("the key file %1 may be read or written by group or others; it must be owner-only (chmod 600)").arg(path);
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("the key file %1 could not be read: %2").arg(path, file.errorString());
    QByteArray pem = file.readAll();
    auto key = SigningKey::fromPem(pem, algorithm);
    pem.fill('\0');
    if (!key)
        return QStringLiteral("the key file %1: %2").arg(path, key.error());
    if (key->kid() != kid)
        return QStringLiteral("the key file %1 does not hold the key %2 names").arg(path, kIndexName);
    return key;
}

Expected<bool, QString> KeyStore::writeIndex(const SigningKey &current, const QList<Retired> &retired) const
{
    QJsonArray retiredArray;
    for (const Retired &r : retired) {
        QJsonObject entry = indexEntry(r.key);
        entry.insert(QLatin1String("until"), r.until.toUTC().toString(Qt::ISODateWithMs));
        retiredArray.append(entry);
    }
    const QJsonObject index{{QLatin1String("current"), indexEntry(current)}, {QLatin1String("retired"), retiredArray}};
    // Written whole or not at all: a half-written index would lose the current key.
    QSaveFile file(QDir(m_folder).filePath(kIndexName));
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(index).toJson()) < 0 || !file.commit())
        return QStringLiteral("%1 could not be written: %2").arg(kIndexName, file.errorString());
    return true;
}

Expected<KeyStore, QString> KeyStore::open(const QString &folder, const platform::Clock &clock)
{
    if (!QDir().mkpath(folder))
        return QStringLiteral("the key folder %1 could not be made").arg(folder);
    QFile indexFile(QDir(folder).filePath(kIndexName));
    if (!indexFile.exists()) {
        auto key = SigningKey::generate(JwsAlgorithm::RS256);
        if (!key)
            return key.error();
        KeyStore store(folder, clock, key.value());
        if (const auto written = store.writeKey(store.m_current); !written)
            return written.error();
        if (const auto written = store.writeIndex(store.m_current, {}); !written) {
            QFile::remove(keyPath(folder, store.m_current.kid()));
            return written.error();
        }
        return store;
    }

    if (!indexFile.open(QIODevice::ReadOnly))
        return QStringLiteral("%1 could not be read: %2").arg(indexFile.fileName(), indexFile.errorString());
    const QJsonObject index = QJsonDocument::fromJson(indexFile.readAll()).object();
    const QJsonObject currentEntry = index.value(QLatin1String("current")).toObject();
    const auto algorithmOf = [](const QJsonObject &entry) {
        return jwsAlgorithmFromName(entry.value(QLatin1String("alg")).toString());
    };
    const auto currentAlgorithm = algorithmOf(currentEntry);
    if (!currentAlgorithm)
        return QStringLiteral("%1 names no current key with an algorithm PAW signs with").arg(indexFile.fileName());
    auto current = readKey(folder, currentEntry.value(QLatin1String("kid")).toString(), *currentAlgorithm);
    if (!current)
        return current.error();
    KeyStore store(folder, clock, std::move(current.value()));
    const QJsonArray retired = index.value(QLatin1String("retired")).toArray();
    for (const QJsonValue &value : retired) {
        const QJsonObject entry = value.toObject();
        const auto algorithm = algorithmOf(entry);
        const QDateTime until = QDateTime::fromString(entry.value(QLatin1String("until")).toString(), Qt::ISODateWithMs);
        if (!algorithm || !until.isValid())
            return QStringLiteral("%1 lists a retired key without an algorithm or a time").arg(indexFile.fileName());
        auto key = readKey(folder, entry.value(QLatin1String("kid")).toString(), *algorithm);
        if (!key)
            return key.error();
        store.m_retired.append({std::move(key.value()), until});
    }
    return store;
}

PublicKeySet KeyStore::jwks() const
{
    PublicKeySet set;
    (void)set.add({m_current.kid(), m_current.algorithm(), m_current.publicKey()});
    const QDateTime now = m_clock->now();
    for (const Retired &r : m_retired) {
        if (r.until > now)
            (void)set.add({r.key.kid(), r.key.algorithm(), r.key.publicKey()});
    }
    return set;
}

Expected<SigningKey, QString> KeyStore::rotate(const QDateTime &retireOldAt, JwsAlgorithm algorithm)
{
    auto key = SigningKey::generate(algorithm);
    if (!key)
        return key.error();
    if (const auto written = writeKey(key.value()); !written)
        return written.error();
    const QDateTime now = m_clock->now();
    QList<Retired> kept;
    QList<Retired> expired;
    for (const Retired &r : std::as_const(m_retired))
        (r.until > now ? kept : expired).append(r);
    kept.append({m_current, retireOldAt});
    if (const auto written = writeIndex(key.value(), kept); !written) {
        QFile::remove(keyPath(m_folder, key->kid()));
        return written.error();
    }
    // No token they signed can still be valid: their secrets need not stay on disk.
    for (const Retired &r : std::as_const(expired))
        QFile::remove(keyPath(m_folder, r.key.kid()));
    m_current = key.value();
    m_retired = std::move(kept);
    return key;
}

} // namespace paw::auth
