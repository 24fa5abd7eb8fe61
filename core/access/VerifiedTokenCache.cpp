#include "access/VerifiedTokenCache.h"

#include "platform/Sha256.h"

namespace paw::access {

QByteArray VerifiedTokenCache::keyOf(QByteArrayView token)
{
    return platform::Sha256::digest(token); // empty on failure: no key, the token is verified every time
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
