#pragma once

#include "Expected.h"
#include "auth/AuthorizationCode.h"
#include "auth/Grant.h"
#include "platform/Clock.h"
#include "storage/Database.h"

#include <QList>

#include <memory>
#include <optional>

namespace paw::auth {

/// Authorization codes and grants in the database (tables `auth_code`, `auth_grant`).
///
///     issueCode ──> redeem (once) ──> createGrant(fromCode) ──> tokens ... revoke
///                      └─ a second redeem: refused, and the grant made from the first is revoked
class GrantStore
{
public:
    struct IssuedCode
    {
        QString code; // 256 random bits, base64url: only URL-safe characters
    };
    struct RedeemError
    {
        enum class Kind { Unknown, Expired, Reused, Database };
        Kind kind;
        QString message; // for error_description; never the code itself
    };

    GrantStore(std::shared_ptr<storage::Database> database, const platform::Clock &clock);

    /// Stores `pending` under a new code; the store keeps only the code's hash.
    Expected<IssuedCode, QString> issueCode(const AuthorizationCode &pending);
    /// The code's authorization, once. Any later redemption fails and revokes the grant made
    /// from the first (RFC 6749 §4.1.2: the code may have leaked). An expired code fails too.
    Expected<AuthorizationCode, RedeemError> redeem(const QString &code);

    /// Records a grant (its id and times are assigned here: it lasts `lifetimeMs`) and, when it
    /// comes from a code, links the two so that a reuse of the code can revoke it.
    Expected<Grant, QString> createGrant(Grant draft, qint64 lifetimeMs, const QString &fromCode = {});
    QString revoke(const QString &grantId);
    Expected<std::optional<Grant>, QString> find(const QString &grantId) const;
    /// Grants not revoked and not expired, newest first; for one patient when `patientId` is set.
    Expected<QList<Grant>, QString> activeGrants(const QString &patientId = {}) const;

private:
    std::shared_ptr<storage::Database> m_database;
    const platform::Clock &m_clock;
};

} // namespace paw::auth
