#pragma once

#include "access/AccessToken.h"
#include "access/PatientCompartment.h"
#include "access/UserReach.h"
#include "auth/SmartScopeQuery.h"
#include "fhir/search/AccessConstraints.h"
#include "fhir/search/SearchParameterRegistry.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>

namespace paw::access {

/// What one admitted token may see, per resource type, as the store's AccessRule:
/// - the scopes decide the types and interactions (`r` read, `s` search; v1 `.read` both), and
///   granular scopes (`patient/Observation.rs?category=...`) the subset: several are ORed;
/// - `patient/` scopes confine every type to the token's patient, `user/` scopes to every patient
///   the user may act for today; shared types (PatientCompartment) need only a scope for the type;
/// - records labelled sensitive (SensitivityLabels) are withheld unless the token holds their
///   sensitive scope, and all of them for a patient whose delegation has a ceiling.
/// Rules are built once per type and interaction. Serves one worker thread.
///
/// Decisions:
/// - The rule is ANDed with the request's own criteria, so a search can only narrow what the
///   token reaches: one naming another patient (`patient=pb` with a token for pa) is a 200 with
///   nothing in it, not a 403, and tells nothing about whether pb exists.
/// - An `_include` target is a reference followed, so it needs the read permission (`r`) for its
///   type; a `_revinclude` source is what a search of its type finds, so it needs `s`.
///   Targets and sources outside the rule are left out of the Bundle, never refused.
/// - A Provenance is in a patient's compartment when it targets the Patient itself (the R4
///   `patient` parameter); one about another of the patient's resources is not.
class GrantedAccess final : public fhir::AccessConstraints
{
public:
    GrantedAccess(std::shared_ptr<const AccessToken> token, std::shared_ptr<const UserReach> reach,
                  const PatientCompartment &compartment, const fhir::SearchParameterRegistry &registry);

    const std::shared_ptr<const AccessToken> &token() const { return m_token; }
    const UserReach &reach() const { return *m_reach; }

    /// Whether some scope allows the interaction on the type at all (if not: 403).
    bool allowsType(const QString &resourceType, fhir::AccessInteraction interaction) const;
    fhir::AccessRule ruleFor(const QString &resourceType, fhir::AccessInteraction interaction) const override;

private:
    // Patients (none for a shared type), whether their ceiling withholds every sensitive
    // record, and the granular query that limits them (none: the whole type).
    struct Alternative
    {
        QStringList patients;
        bool noSensitive = false;
        std::optional<auth::SmartScopeQuery> query;
    };

    fhir::AccessRule build(const QString &resourceType, fhir::AccessInteraction interaction) const;
    QList<Alternative> alternatives(const QString &resourceType, fhir::AccessInteraction interaction) const;
    fhir::AccessRule sharedRule(const QString &resourceType, const QList<Alternative> &alternatives) const;
    fhir::AccessRule compartmentRule(const QString &resourceType, QList<Alternative> alternatives) const;
    /// `_security:not=<codes withheld>`, or nullopt when nothing is.
    std::optional<fhir::SearchCriterion> withheld(const QString &resourceType, bool noSensitive) const;
    /// A granular query as search criteria; nullopt when it does not parse as a search of the type.
    std::optional<QList<fhir::SearchCriterion>> criteriaOf(const QString &resourceType,
                                                           const auth::SmartScopeQuery &query) const;

    std::shared_ptr<const AccessToken> m_token;
    std::shared_ptr<const UserReach> m_reach;
    const PatientCompartment &m_compartment;
    const fhir::SearchParameterRegistry &m_registry;
    mutable QHash<QString, fhir::AccessRule> m_rules; // by "type/r" and "type/s"
};

} // namespace paw::access
