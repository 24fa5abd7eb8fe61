#pragma once

#include "Expected.h"
#include "auth/Delegation.h"
#include "auth/PersonaStore.h"
#include "fhir/store/ResourceStore.h"
#include "platform/Clock.h"

namespace paw::sandbox {

/// Grants and revokes a delegate's right to act for a member (DESIGN.md §3), keeping the
/// delegation row and the member's RelatedPerson in step: a delegate's token names that
/// RelatedPerson as `fhirUser`, so it must exist in the FHIR store before the delegation does,
/// and say `active: false` once the delegation is revoked. Used by `paw delegate`.
class DelegateRegistrar
{
public:
    DelegateRegistrar(auth::PersonaStore &personas, fhir::ResourceStore &resources, const platform::Clock &clock);

    /// What is wrong with `request` on its face (an unknown relationship, dates out of order),
    /// before any database is read; empty when nothing is.
    static QString check(const auth::Delegation &request);

    /// Adds the delegation `request` describes (delegate, patientId, relationship, dates, ceiling;
    /// validFrom defaults to today) with its RelatedPerson. The delegate must be a persona of kind
    /// delegate, the patient a member's; a delegation that is not revoked is never replaced.
    Expected<auth::Delegation, QString> add(auth::Delegation request);
    /// Revokes a delegation (it stays listed) and marks its RelatedPerson inactive. Revoking a
    /// revoked delegation changes nothing.
    Expected<auth::Delegation, QString> revoke(const QString &delegate, const QString &patientId);
    /// Delegations, by delegate then patient; an empty filter matches all.
    Expected<QList<auth::Delegation>, QString> list(const QString &delegate, const QString &patientId) const;

private:
    QString checkPeople(const auth::Delegation &request, auth::Persona &delegate) const;
    QString deactivateRelatedPerson(const QString &id);
    static QString relatedPersonIdFor(const QString &delegate, const QString &patientId);

    auth::PersonaStore &m_personas;
    fhir::ResourceStore &m_resources;
    const platform::Clock &m_clock;
};

} // namespace paw::sandbox
