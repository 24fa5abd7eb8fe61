#pragma once

#include "platform/Clock.h"

#include <QHash>
#include <QString>
#include <mutex>
#include <optional>

namespace paw::auth {

/// Browser sessions of the authorization pages, in memory, keyed by a random cookie: who logged
/// in, and which consents were given in this session. A new browser session (a new cookie, or a
/// restart of the server) asks to log in and to consent again. Bounded and idle-limited.
class BrowserSessions
{
public:
    static constexpr qint64 kIdleLimitMs = 30 * 60 * 1000;
    static constexpr int kMaxSessions = 20000;

    struct Session
    {
        QString id;
        QString username;  // empty until a login succeeds
        qint64 authTimeMs = 0;
        // "<client id> <patient id>" → the granted scope text, for skipping consent when an app
        // asks again for no more than was granted
        QHash<QString, QString> consents;
        qint64 lastSeenMs = 0;
    };

    explicit BrowserSessions(const platform::Clock &clock);

    /// The session with this cookie value, if it is alive; refreshes its idle time.
    std::optional<Session> find(const QString &id);
    /// A new session with a fresh random id.
    Session create();
    void update(const Session &session);
    void remove(const QString &id);

    static QString consentKey(const QString &clientId, const QString &patientId)
    {
        return clientId + u' ' + patientId;
    }

private:
    const platform::Clock &m_clock;
    std::mutex m_mutex;
    QHash<QString, Session> m_sessions;
};

} // namespace paw::auth
