#pragma once

#include "Expected.h"
#include "platform/Clock.h"
#include "storage/Database.h"

#include <memory>

namespace paw::auth {

/// The `jti` values of client assertions already accepted (table `client_assertion_jti`,
/// schema step 6), each kept until the assertion could no longer pass its expiry check, so that a
/// captured private_key_jwt assertion cannot be replayed (RFC 7523 §3, item 7).
class AssertionJtiStore
{
public:
    AssertionJtiStore(std::shared_ptr<storage::Database> database, const platform::Clock &clock);

    /// True when `jti` is new for `clientId` (it is now remembered until `keepUntilMs`), false when
    /// it was seen before. Rows whose time has passed are deleted first.
    Expected<bool, QString> remember(const QString &clientId, const QString &jti, qint64 keepUntilMs);

private:
    std::shared_ptr<storage::Database> m_database;
    const platform::Clock &m_clock;
};

} // namespace paw::auth
