#include "auth/BrowserSessions.h"

#include "platform/EvictOldest.h"
#include "platform/SecureRandom.h"

namespace paw::auth {

BrowserSessions::BrowserSessions(const platform::Clock &clock)
    : m_clock(clock)
{
}

std::optional<BrowserSessions::Session> BrowserSessions::find(const QString &id)
{
    if (id.isEmpty())
        return std::nullopt;
    const qint64 now = m_clock.now().toMSecsSinceEpoch();
    std::lock_guard lock(m_mutex);
    const auto it = m_sessions.find(id);
    if (it == m_sessions.end())
        return std::nullopt;
    if (now - it->lastSeenMs > kIdleLimitMs) {
        m_sessions.erase(it);
        return std::nullopt;
    }
    it->lastSeenMs = now;
    return *it;
}

BrowserSessions::Session BrowserSessions::create()
{
    const qint64 now = m_clock.now().toMSecsSinceEpoch();
    Session session;
    session.id = QString::fromLatin1(platform::SecureRandom::token());
    session.lastSeenMs = now;
    std::lock_guard lock(m_mutex);
    if (m_sessions.size() >= kMaxSessions) {
        m_sessions.removeIf([now](const auto &it) { return now - it.value().lastSeenMs > kIdleLimitMs; });
        platform::evictOldest(m_sessions, kMaxSessions, [](const Session &s) { return s.lastSeenMs; });
    }
    m_sessions.insert(session.id, session);
    return session;
}

void BrowserSessions::update(const Session &session)
{
    std::lock_guard lock(m_mutex);
    const auto it = m_sessions.find(session.id);
    if (it != m_sessions.end())
        *it = session;
}

void BrowserSessions::remove(const QString &id)
{
    std::lock_guard lock(m_mutex);
    m_sessions.remove(id);
}

} // namespace paw::auth
