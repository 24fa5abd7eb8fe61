#include "auth/SigningKeyRing.h"

#include "auth/TokenLifetimes.h"

#include <algorithm>
#include <mutex>

namespace paw::auth {

SigningKeyRing::SigningKeyRing(KeyStore store, qint64 tokenLifetimeMs)
    : m_folder(store.folder())
    , m_clock(store.clock())
    , m_store(std::move(store))
    , m_tokenLifetimeMs(tokenLifetimeMs)
{
}

Expected<std::shared_ptr<SigningKeyRing>, QString> SigningKeyRing::open(const QString &folder, const platform::Clock &clock,
                                                                       qint64 tokenLifetimeMs)
{
    auto store = KeyStore::open(folder, clock);
    if (!store)
        return store.error();
    if (const auto recorded = store->recordTokenLifetime(tokenLifetimeMs); !recorded)
        return recorded.error();
    return std::make_shared<SigningKeyRing>(std::move(store.value()), tokenLifetimeMs);
}

SigningKey SigningKeyRing::current() const
{
    std::shared_lock lock(m_mutex);
    return m_store.current();
}

PublicKeySet SigningKeyRing::jwks() const
{
    std::shared_lock lock(m_mutex);
    return m_store.jwks();
}

QByteArray SigningKeyRing::jwksJson() const
{
    return jwks().toJson();
}

QList<KeyIndex::Entry> SigningKeyRing::list() const
{
    std::shared_lock lock(m_mutex);
    return m_store.list();
}

QDateTime SigningKeyRing::retirementOfCurrent() const
{
    std::shared_lock lock(m_mutex);
    const qint64 recorded = std::max(m_store.currentEntry().tokenLifetimeMs, m_tokenLifetimeMs);
    // Access and ID tokens share one lifetime (TokenIssuer), so the longest of the two is it.
    const qint64 lifetimeMs = recorded > 0 ? recorded : TokenLifetimes().accessMs;
    return m_clock.now().addMSecs(lifetimeMs + kVerifierSkewSeconds * 1000LL);
}

Expected<SigningKey, QString> SigningKeyRing::rotate(const QDateTime &retireOldAt, JwsAlgorithm algorithm)
{
    std::unique_lock lock(m_mutex);
    auto key = m_store.rotate(retireOldAt, algorithm);
    if (key) {
        if (const auto recorded = m_store.recordTokenLifetime(m_tokenLifetimeMs); !recorded)
            return recorded.error();
    }
    return key;
}

Expected<SigningKey, QString> SigningKeyRing::rotate()
{
    return rotate(retirementOfCurrent());
}

Expected<bool, QString> SigningKeyRing::reload()
{
    // Read outside the lock: signers go on with the keys in use meanwhile.
    auto store = KeyStore::open(m_folder, m_clock);
    if (!store)
        return store.error();
    if (const auto recorded = store->recordTokenLifetime(m_tokenLifetimeMs); !recorded)
        return recorded.error();
    std::unique_lock lock(m_mutex);
    const bool changed = store->current().kid() != m_store.current().kid();
    m_store = std::move(store.value());
    return changed;
}

} // namespace paw::auth
