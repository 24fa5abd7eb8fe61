#pragma once

#include "Expected.h"
#include "auth/AuthorizationCode.h"
#include "auth/Grant.h"
#include "platform/Clock.h"
#include "storage/Database.h"
#include "storage/PreparedStatements.h"

#include <QList>

#include <memory>
#include <optional>

namespace paw::auth {

/// Authorization codes and grants in the database (tables `auth_code`, `auth_grant`).
///
///     issueCode ──> redeem(code, grantId) (once) ──> createGrant(grantId) ──> tokens ... revoke
///                      └─ a second redeem: refused, and grant `grantId` is revoked, even
///                         if it is not recorded yet (then it never will be)
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
    /// A new grant id, for redeem() and createGrant(); empty if no random value could be made.
    static QString newGrantId();
    /// The code's authorization, once, naming `grantId` as the grant it leads to. Any later
    /// redemption fails and revokes that grant (RFC 6749 §4.1.2: the code may have leaked). An
    /// expired code fails too. One statement, so one write transaction on the token endpoint's path.
    Expected<AuthorizationCode, RedeemError> redeem(const QString &code, const QString &grantId);

    /// Records a grant lasting `lifetimeMs` (its times are assigned here) under `draft.grantId`
    /// (as redeem() named it), or a new id when that is empty. Fails when a grant with that id
    /// exists: a reuse of its code got there first and revoked it.
    Expected<Grant, QString> createGrant(Grant draft, qint64 lifetimeMs);
    QString revoke(const QString &grantId);
    /// "Last used" is kept to the minute: a grant's row is written at most once a minute however
    /// many requests its tokens make.
    static constexpr qint64 kLastUsedResolutionMs = 60 * 1000;
    /// Records that the grant's tokens were used at `nowMs` (a FHIR request, a refresh), unless
    /// its last use is already within kLastUsedResolutionMs. Empty on success.
    QString markUsed(const QString &grantId, qint64 nowMs);
    Expected<std::optional<Grant>, QString> find(const QString &grantId) const;
    /// Grants not revoked and not expired, newest first; for one patient when `patientId` is set.
    Expected<QList<Grant>, QString> activeGrants(const QString &patientId = {}) const;

private:
    RedeemError refuseRedemption(const QString &codeHash, qint64 now);

    std::shared_ptr<storage::Database> m_database;
    const platform::Clock &m_clock;
    storage::PreparedStatements m_statements; // the token endpoint's: redeem, createGrant, find
};

} // namespace paw::auth
