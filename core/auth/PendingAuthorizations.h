#pragma once

#include "auth/PendingAuthorization.h"
#include "platform/Clock.h"

#include <QHash>
#include <mutex>
#include <optional>

namespace paw::auth {

/// The authorization requests in progress, in memory, shared by every HTTP worker (a browser's
/// next request may land on another worker). Each lives ten minutes; the store is bounded so
/// that a flood of requests cannot grow it without end (the oldest go first).
class PendingAuthorizations
{
public:
    static constexpr qint64 kLifetimeMs = 10 * 60 * 1000;
    static constexpr int kMaxPending = 20000;

    explicit PendingAuthorizations(const platform::Clock &clock);

    /// Stores `pending` with a new id, CSRF token and expiry, and returns it so.
    PendingAuthorization add(PendingAuthorization pending);
    /// The pending request `id` while it has not expired.
    std::optional<PendingAuthorization> find(const QString &id) const;
    /// Replaces a stored request (same id); false when it is gone.
    bool update(const PendingAuthorization &pending);
    void remove(const QString &id);

private:
    void dropExpired(qint64 nowMs);

    const platform::Clock &m_clock;
    mutable std::mutex m_mutex;
    QHash<QString, PendingAuthorization> m_pending;
};

} // namespace paw::auth
