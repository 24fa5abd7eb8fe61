#pragma once

#include "Expected.h"
#include "access/UserReach.h"
#include "auth/Grant.h"
#include "auth/GrantStore.h"
#include "auth/PersonaStore.h"
#include "platform/Clock.h"
#include "storage/Database.h"

#include <QHash>
#include <QString>

#include <memory>
#include <optional>

namespace paw::access {

/// Grant and delegation states as the database holds them, re-read when the copy is a second old:
/// a revoked grant or delegation is refused within one second (docs/AUTHORIZATION.md) while a
/// client's burst of requests costs one lookup per second, not one per request. Times come from
/// the injected clock. Not thread-safe: one per worker (each keeps its own copies).
class AccessStateCache
{
public:
    static constexpr qint64 kFreshMs = 1000;
    static constexpr qsizetype kCapacity = 4096;

    AccessStateCache(std::shared_ptr<storage::Database> database, const platform::Clock &clock);

    /// The grant, or nullopt when there is none with this id; the error is the database's.
    Expected<std::optional<auth::Grant>, QString> grant(const QString &grantId);
    /// Records a use of the grant (GrantStore::markUsed): from this worker's copy it knows when
    /// the row is already recent, so most requests write nothing. Failures are logged, never fatal.
    void noteUse(const QString &grantId);
    /// Whom `username` may act for today.
    Expected<std::shared_ptr<const UserReach>, QString> reach(const QString &username);

private:
    template <class T>
    struct Entry
    {
        T value;
        qint64 fetchedMs = 0;
    };
    bool isFresh(qint64 fetchedMs) const;
    Expected<std::shared_ptr<const UserReach>, QString> readReach(const QString &username) const;
    template <class T>
    static void remember(QHash<QString, Entry<T>> &entries, const QString &key, T value, qint64 nowMs);

    const platform::Clock &m_clock;
    auth::GrantStore m_grants;
    auth::PersonaStore m_personas;
    QHash<QString, Entry<std::optional<auth::Grant>>> m_grantEntries;
    QHash<QString, Entry<std::shared_ptr<const UserReach>>> m_reachEntries;
};

} // namespace paw::access
