#include "auth/PendingAuthorizations.h"

#include "platform/EvictOldest.h"
#include "platform/SecureRandom.h"

namespace paw::auth {

PendingAuthorizations::PendingAuthorizations(const platform::Clock &clock)
    : m_clock(clock)
{
}

PendingAuthorization PendingAuthorizations::add(PendingAuthorization pending)
{
    const qint64 now = m_clock.now().toMSecsSinceEpoch();
    pending.id = QString::fromLatin1(platform::SecureRandom::token());
    pending.csrf = QString::fromLatin1(platform::SecureRandom::token());
    pending.expiresMs = now + kLifetimeMs;
    std::lock_guard lock(m_mutex);
    if (m_pending.size() >= kMaxPending) {
        dropExpired(now);
        platform::evictOldest(m_pending, kMaxPending, [](const PendingAuthorization &p) { return p.expiresMs; });
    }
    m_pending.insert(pending.id, pending);
    return pending;
}

std::optional<PendingAuthorization> PendingAuthorizations::find(const QString &id) const
{
    const qint64 now = m_clock.now().toMSecsSinceEpoch();
    std::lock_guard lock(m_mutex);
    const auto it = m_pending.constFind(id);
    if (it == m_pending.constEnd() || it->expiresMs <= now)
        return std::nullopt;
    return *it;
}

bool PendingAuthorizations::update(const PendingAuthorization &pending)
{
    std::lock_guard lock(m_mutex);
    const auto it = m_pending.find(pending.id);
    if (it == m_pending.end())
        return false;
    *it = pending;
    return true;
}

void PendingAuthorizations::remove(const QString &id)
{
    std::lock_guard lock(m_mutex);
    m_pending.remove(id);
}

void PendingAuthorizations::dropExpired(qint64 nowMs)
{
    m_pending.removeIf([nowMs](const auto &it) { return it.value().expiresMs <= nowMs; });
}

} // namespace paw::auth
