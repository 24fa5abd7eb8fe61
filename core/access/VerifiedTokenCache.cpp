#include "access/VerifiedTokenCache.h"

#include <openssl/evp.h>

namespace paw::access {

QByteArray VerifiedTokenCache::keyOf(QByteArrayView token)
{
    // OpenSSL's SHA-256, several times faster than Qt's own on every request's path.
    QByteArray digest(EVP_MAX_MD_SIZE, Qt::Uninitialized);
    unsigned int size = 0;
    if (EVP_Digest(token.data(), std::size_t(token.size()), reinterpret_cast<unsigned char *>(digest.data()), &size,
                   EVP_sha256(), nullptr) != 1)
        return {}; // no key: the token is verified every time
    digest.resize(int(size));
    return digest;
}

bool VerifiedTokenCache::isFresh(const Entry &entry, qint64 nowMs)
{
    return nowMs >= entry.verifiedMs && nowMs - entry.verifiedMs < kTrustMs;
}

std::shared_ptr<const AccessToken> VerifiedTokenCache::find(const QByteArray &key, qint64 nowMs) const
{
    if (key.isEmpty())
        return nullptr;
    const auto it = m_entries.constFind(key);
    return it != m_entries.cend() && isFresh(*it, nowMs) ? it->token : nullptr;
}

void VerifiedTokenCache::insert(const QByteArray &key, std::shared_ptr<const AccessToken> token, qint64 nowMs)
{
    if (key.isEmpty())
        return;
    if (m_entries.size() >= kCapacity) {
        m_entries.removeIf([nowMs](const auto &entry) { return !isFresh(entry.value(), nowMs); });
        if (m_entries.size() >= kCapacity)
            m_entries.clear(); // a burst of distinct tokens: start over rather than grow
    }
    m_entries.insert(key, Entry{std::move(token), nowMs});
}

} // namespace paw::access
