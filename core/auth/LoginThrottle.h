#pragma once

#include "platform/Clock.h"

#include <QHash>
#include <QString>

#include <mutex>

namespace paw::auth {

/// Slows password guessing: after a few failed logins for a key (a username, or a client
/// address) each further failure doubles the wait before the next attempt is even checked, up
/// to a ceiling; a success clears the key. Kept in memory (a restart forgets, which only helps a
/// guesser who can also restart the server) and bounded, so that a flood of made-up usernames
/// cannot grow it without end. Thread-safe: HTTP workers share one.
class LoginThrottle
{
public:
    static constexpr int kFreeFailures = 3;
    static constexpr qint64 kFirstDelayMs = 1000;
    static constexpr qint64 kMaxDelayMs = 5 * 60 * 1000;
    static constexpr int kMaxKeys = 10000;

    explicit LoginThrottle(const platform::Clock &clock);

    /// Milliseconds until `key` may try again; 0 when it may now.
    qint64 retryAfterMs(const QString &key) const;
    void recordFailure(const QString &key);
    void recordSuccess(const QString &key);

private:
    struct Entry
    {
        int failures = 0;
        qint64 lastFailureMs = 0;
    };
    static qint64 delayAfter(int failures);
    void evictOldest();

    const platform::Clock &m_clock;
    mutable std::mutex m_mutex;
    QHash<QString, Entry> m_entries;
};

} // namespace paw::auth
