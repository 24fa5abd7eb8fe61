#include "auth/SigningKeyRing.h"

#include <mutex>

namespace paw::auth {

SigningKeyRing::SigningKeyRing(KeyStore store)
    : m_store(std::move(store))
{
}

Expected<std::shared_ptr<SigningKeyRing>, QString> SigningKeyRing::open(const QString &folder, const platform::Clock &clock)
{
    auto store = KeyStore::open(folder, clock);
    if (!store)
        return store.error();
    return std::make_shared<SigningKeyRing>(std::move(store.value()));
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

Expected<SigningKey, QString> SigningKeyRing::rotate(const QDateTime &retireOldAt, JwsAlgorithm algorithm)
{
    std::unique_lock lock(m_mutex);
    return m_store.rotate(retireOldAt, algorithm);
}

} // namespace paw::auth
