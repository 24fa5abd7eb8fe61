#include "access/AccessStateCache.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcAccessState, "paw.access.state")

using namespace Qt::StringLiterals;

namespace paw::access {

AccessStateCache::AccessStateCache(std::shared_ptr<storage::Database> database, const platform::Clock &clock)
    : m_clock(clock)
    , m_grants(database, clock)
    , m_personas(std::move(database))
{
}

bool AccessStateCache::isFresh(qint64 fetchedMs) const
{
    const qint64 now = m_clock.nowMs();
    return now >= fetchedMs && now - fetchedMs < kFreshMs;
}

template <class T>
void AccessStateCache::remember(QHash<QString, Entry<T>> &entries, const QString &key, T value, qint64 nowMs)
{
    if (entries.size() >= kCapacity && !entries.contains(key))
        entries.clear(); // copies are a second's worth at most: dropping them all costs one lookup each
    entries.insert(key, Entry<T>{std::move(value), nowMs});
}

Expected<std::optional<auth::Grant>, QString> AccessStateCache::grant(const QString &grantId)
{
    if (const auto it = m_grantEntries.constFind(grantId); it != m_grantEntries.cend() && isFresh(it->fetchedMs))
        return it->value;
    const qint64 now = m_clock.nowMs();
    auto found = m_grants.find(grantId);
    if (!found)
        return found.error();
    remember(m_grantEntries, grantId, *found, now);
    return found;
}

void AccessStateCache::noteUse(const QString &grantId)
{
    const auto it = m_grantEntries.find(grantId);
    if (it == m_grantEntries.end() || !it->value)
        return;
    const qint64 now = m_clock.nowMs();
    if (now - it->value->lastUsedMs < auth::GrantStore::kLastUsedResolutionMs)
        return;
    it->value->lastUsedMs = now; // this copy: no second write from this worker within the minute
    if (const QString error = m_grants.markUsed(grantId, now); !error.isEmpty())
        qCWarning(lcAccessState) << "cannot record a grant's last use:" << error;
}

Expected<std::shared_ptr<const UserReach>, QString> AccessStateCache::reach(const QString &username)
{
    if (const auto it = m_reachEntries.constFind(username); it != m_reachEntries.cend() && isFresh(it->fetchedMs))
        return it->value;
    const qint64 now = m_clock.nowMs();
    auto read = readReach(username);
    if (!read)
        return read.error();
    remember(m_reachEntries, username, *read, now);
    return read;
}

Expected<std::shared_ptr<const UserReach>, QString> AccessStateCache::readReach(const QString &username) const
{
    auto reach = std::make_shared<UserReach>();
    const auto persona = m_personas.find(username);
    if (!persona)
        return persona.error();
    if (!persona->has_value())
        return std::shared_ptr<const UserReach>(std::move(reach));
    reach->known = true;
    // The same day the authorization server judges delegations by (UTC).
    const QDate today = m_clock.now().toUTC().date();
    const auto delegations = m_personas.delegationsOf(username);
    if (!delegations)
        return delegations.error();
    for (const auth::Delegation &d : *delegations) {
        // "no-sensitive" is the one ceiling there is; one this code does not know withholds as much.
        if (d.allows(today))
            reach->noSensitive.insert(d.patientId, !d.ceiling.isEmpty());
    }
    // A member acts for themself without a ceiling.
    if ((*persona)->kind == auth::Persona::Kind::Member && !(*persona)->patientId.isEmpty())
        reach->noSensitive.insert((*persona)->patientId, false);
    return std::shared_ptr<const UserReach>(std::move(reach));
}

} // namespace paw::access
