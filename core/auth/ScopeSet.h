#pragma once

#include "auth/SmartScope.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace paw::auth {

/// The scopes of one authorization request or grant: the known scopes in request order (duplicates,
/// also v1/v2 spellings of the same scope, collapse) and the dropped ones with the reason.
/// Answers what the grant allows; `toString()` is the canonical text of a token's `scope` claim.
/// Context is strict: a `user/` scope never answers for a `patient/` question and vice versa.
class ScopeSet
{
public:
    struct Dropped
    {
        QString scope;
        QString reason;
    };

    /// What a grant allows for one context, type and interaction: nothing, everything, or only
    /// resources matching one of the granular queries (the enforcement layer ORs them).
    struct Filters
    {
        bool unrestricted = false;
        QList<SmartScopeQuery> queries;

        bool allowsAnything() const { return unrestricted || !queries.isEmpty(); }
    };

    ScopeSet() = default;

    /// Parses a `scope` parameter. Unknown scopes and those this server cannot grant (see
    /// SmartScope::isSupported) are dropped with a reason, never fatal.
    [[nodiscard]] static ScopeSet parse(QStringView parameter, const QStringList &servedTypes = {});

    /// `scopes_supported` for .well-known/smart-configuration, for the served `resourceTypes`.
    static QStringList scopesSupported(const QStringList &resourceTypes);

    const QList<SmartScope> &scopes() const { return m_scopes; }
    const QList<Dropped> &dropped() const { return m_dropped; }
    bool isEmpty() const { return m_scopes.isEmpty(); }

    /// `interaction` is SmartScope::Read or SmartScope::Search (PAW is read-only for apps).
    bool allows(SmartScope::Context context, QStringView resourceType, SmartScope::Permission interaction) const;
    Filters filtersFor(SmartScope::Context context, QStringView resourceType,
                       SmartScope::Permission interaction) const;
    bool grantsSensitive(SmartScope::SensitiveCategory category) const;

    bool hasOpenId() const { return has(SmartScope::Kind::OpenId); }
    bool hasFhirUser() const { return has(SmartScope::Kind::FhirUser); }
    bool hasProfile() const { return has(SmartScope::Kind::Profile); }
    bool hasLaunchPatient() const { return has(SmartScope::Kind::LaunchPatient); }
    bool offline() const { return has(SmartScope::Kind::OfflineAccess); }
    bool online() const { return has(SmartScope::Kind::OnlineAccess); }

    /// For a refresh request: every scope of this set is covered by `granted`, so the new token
    /// can only be narrower than the grant.
    bool isNarrowingOf(const ScopeSet &granted) const;

    /// The canonical scope texts, space-separated, in request order.
    QString toString() const;

private:
    bool has(SmartScope::Kind kind) const;
    bool covers(const SmartScope &requested) const;

    QList<SmartScope> m_scopes;
    QList<Dropped> m_dropped;
};

} // namespace paw::auth
