#include "auth/jose/KeyStore.h"

#include "auth/jose/Base64Url.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLockFile>

#include <algorithm>
#include <memory>

namespace paw::auth {

namespace {

const QString kLockName = QStringLiteral("keys.lock");
constexpr int kLockWaitMs = 10000;
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

QString indexPath(const QString &folder)
{
    return QDir(folder).filePath(QLatin1String(KeyIndex::kFileName));
}

// Writers in several processes (`paw serve`, `paw key rotate`) take turns on the index; a lock
// left by a process that died is taken over (QLockFile checks whether its owner still runs).
Expected<std::unique_ptr<QLockFile>, QString> lockFolder(const QString &folder)
{
    auto lock = std::make_unique<QLockFile>(QDir(folder).filePath(kLockName));
    if (!lock->tryLock(kLockWaitMs))
        return QStringLiteral("the key folder %1 stays locked by another PAW process (%2)").arg(folder, kLockName);
    return lock;
}

} // namespace

QString KeyStore::keyPath(const QString &folder, const QString &kid)
{
    return QDir(folder).filePath(kid + QLatin1String(".pem"));
}

bool KeyStore::existsIn(const QString &folder)
{
    return QFileInfo::exists(indexPath(folder));
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
        return QStringLiteral("%1 names a key \"%2\" that is not a key thumbprint").arg(QLatin1String(KeyIndex::kFileName), kid);
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
        return QStringLiteral("the key file %1 does not hold the key %2 names").arg(path, QLatin1String(KeyIndex::kFileName));
    return key;
}

Expected<bool, QString> KeyStore::writeIndexAndPrune()
{
    KeyIndex index;
    index.current = m_current.entry;
    for (const Held &held : std::as_const(m_retired))
        index.retired.append(held.entry);
    if (const auto written = index.write(indexPath(m_folder)); !written)
        return written.error();
    // No token they signed can still be valid: their secrets need not stay on disk.
    for (const QString &kid : std::as_const(m_expired))
        QFile::remove(keyPath(m_folder, kid));
    m_expired.clear();
    return true;
}

Expected<KeyStore, QString> KeyStore::load(const QString &folder, const platform::Clock &clock)
{
    const auto index = KeyIndex::read(indexPath(folder));
    if (!index)
        return index.error();
    // An index older than `paw key` has no creation times: a key file is written once, when made.
    const auto held = [&folder](const KeyIndex::Entry &entry) -> Expected<Held, QString> {
        auto key = readKey(folder, entry.kid, entry.algorithm);
        if (!key)
            return key.error();
        Held out{std::move(key.value()), entry};
        if (!out.entry.created.isValid())
            out.entry.created = QFileInfo(keyPath(folder, entry.kid)).lastModified().toUTC();
        return out;
    };
    auto current = held(index->current);
    if (!current)
        return current.error();
    KeyStore store(folder, clock, std::move(current.value()));
    const QDateTime now = clock.now();
    for (const KeyIndex::Entry &entry : index->retired) {
        if (entry.until <= now) {
            if (isThumbprint(entry.kid))
                store.m_expired.append(entry.kid);
            continue;
        }
        auto retired = held(entry);
        if (!retired)
            return retired.error();
        store.m_retired.append(std::move(retired.value()));
    }
    std::stable_sort(store.m_retired.begin(), store.m_retired.end(),
                     [](const Held &a, const Held &b) { return a.entry.until > b.entry.until; });
    return store;
}

Expected<KeyStore, QString> KeyStore::create(const QString &folder, const platform::Clock &clock)
{
    const auto lock = lockFolder(folder);
    if (!lock)
        return lock.error();
    if (existsIn(folder)) // another process made it while this one waited
        return load(folder, clock);
    auto key = SigningKey::generate(JwsAlgorithm::RS256);
    if (!key)
        return key.error();
    KeyIndex::Entry entry{key->kid(), key->algorithm(), clock.now(), {}, 0};
    KeyStore store(folder, clock, Held{key.value(), entry});
    if (const auto written = store.writeKey(key.value()); !written)
        return written.error();
    if (const auto written = store.writeIndexAndPrune(); !written) {
        QFile::remove(keyPath(folder, key->kid()));
        return written.error();
    }
    return store;
}

Expected<KeyStore, QString> KeyStore::open(const QString &folder, const platform::Clock &clock)
{
    if (!QDir().mkpath(folder))
        return QStringLiteral("the key folder %1 could not be made").arg(folder);
    if (!existsIn(folder))
        return create(folder, clock);
    auto store = load(folder, clock);
    if (!store || store->m_expired.isEmpty())
        return store;
    // Only a reader that finds something to drop writes.
    return underLock(folder, clock, [](KeyStore &fresh) { return fresh.writeIndexAndPrune(); });
}

QList<const KeyStore::Held *> KeyStore::published() const
{
    QList<const Held *> out{&m_current};
    const QDateTime now = m_clock->now();
    for (const Held &held : m_retired) {
        if (held.entry.until > now)
            out.append(&held);
    }
    return out;
}

PublicKeySet KeyStore::jwks() const
{
    PublicKeySet set;
    for (const Held *held : published())
        (void)set.add({held->key.kid(), held->key.algorithm(), held->key.publicKey()});
    return set;
}

QList<KeyIndex::Entry> KeyStore::list() const
{
    QList<KeyIndex::Entry> out;
    for (const Held *held : published())
        out.append(held->entry);
    return out;
}

Expected<KeyStore, QString> KeyStore::underLock(const QString &folder, const platform::Clock &clock,
                                                const std::function<Expected<bool, QString>(KeyStore &)> &change)
{
    const auto lock = lockFolder(folder);
    if (!lock)
        return lock.error();
    // From the folder as it is now: another process may have rotated or recorded since this one read it.
    auto fresh = load(folder, clock);
    if (!fresh)
        return fresh;
    if (const auto changed = change(fresh.value()); !changed)
        return changed.error();
    return fresh;
}

Expected<SigningKey, QString> KeyStore::rotate(const QDateTime &retireOldAt, JwsAlgorithm algorithm)
{
    auto key = SigningKey::generate(algorithm);
    if (!key)
        return key.error();
    auto rotated = underLock(m_folder, *m_clock, [&key, &retireOldAt](KeyStore &fresh) -> Expected<bool, QString> {
        if (const auto written = fresh.writeKey(key.value()); !written)
            return written;
        const QDateTime now = fresh.m_clock->now();
        Held old = fresh.m_current;
        old.entry.until = retireOldAt;
        if (retireOldAt > now)
            fresh.m_retired.prepend(std::move(old));
        else
            fresh.m_expired.append(old.entry.kid);
        fresh.m_current = Held{key.value(), KeyIndex::Entry{key->kid(), key->algorithm(), now, {}, 0}};
        const auto written = fresh.writeIndexAndPrune();
        if (!written)
            QFile::remove(keyPath(fresh.m_folder, key->kid()));
        return written;
    });
    if (!rotated)
        return rotated.error();
    *this = std::move(rotated.value());
    return key;
}

Expected<bool, QString> KeyStore::recordTokenLifetime(qint64 lifetimeMs)
{
    if (lifetimeMs <= m_current.entry.tokenLifetimeMs)
        return true;
    auto recorded = underLock(m_folder, *m_clock, [lifetimeMs](KeyStore &fresh) -> Expected<bool, QString> {
        if (fresh.m_current.entry.tokenLifetimeMs >= lifetimeMs)
            return true;
        fresh.m_current.entry.tokenLifetimeMs = lifetimeMs;
        return fresh.writeIndexAndPrune();
    });
    if (!recorded)
        return recorded.error();
    *this = std::move(recorded.value());
    return true;
}

} // namespace paw::auth
