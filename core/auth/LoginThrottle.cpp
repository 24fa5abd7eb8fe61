#include "auth/LoginThrottle.h"

#include <algorithm>

namespace paw::auth {

LoginThrottle::LoginThrottle(const platform::Clock &clock)
    : m_clock(clock)
{
}

qint64 LoginThrottle::delayAfter(int failures)
{
    if (failures < kFreeFailures)
        return 0;
    const int doublings = std::min(failures - kFreeFailures, 30); // beyond that the ceiling applies anyway
    return std::min(kFirstDelayMs << doublings, kMaxDelayMs);
}

qint64 LoginThrottle::retryAfterMs(const QString &key) const
{
    std::lock_guard lock(m_mutex);
    const auto found = m_entries.constFind(key);
    if (found == m_entries.constEnd())
        return 0;
    const qint64 readyAt = found->lastFailureMs + delayAfter(found->failures);
    return std::max<qint64>(0, readyAt - m_clock.nowMs());
}

void LoginThrottle::recordFailure(const QString &key)
{
    std::lock_guard lock(m_mutex);
    if (!m_entries.contains(key) && m_entries.size() >= kMaxKeys)
        evictOldest();
    Entry &entry = m_entries[key];
    ++entry.failures;
    entry.lastFailureMs = m_clock.nowMs();
}

void LoginThrottle::recordSuccess(const QString &key)
{
    std::lock_guard lock(m_mutex);
    m_entries.remove(key);
}

void LoginThrottle::evictOldest()
{
    // Called with the lock held, once per new key beyond the bound: a linear scan is cheap next
    // to a password hash, which every counted attempt costs anyway.
    auto oldest = m_entries.begin();
    for (auto it = m_entries.begin(); it != m_entries.end(); ++it) {
        if (it->lastFailureMs < oldest->lastFailureMs)
            oldest = it;
    }
    if (oldest != m_entries.end())
        m_entries.erase(oldest);
}

} // namespace paw::auth
