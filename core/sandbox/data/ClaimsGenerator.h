#pragma once

#include "sandbox/data/MemberStory.h"
#include "sandbox/data/SandboxPopulation.h"

#include <QByteArray>
#include <QList>

namespace paw::sandbox {

/// Tells the claims side of the sandbox as CARIN Blue Button 2.0.0 resources.
///
/// Shared: payer and provider Organizations (C4BB Organization), Practitioners (C4BB
/// Practitioner). Per member: the Patient (C4BB Patient: member id and unique member id
/// identifiers, US Core race, ethnicity and birth sex extensions), a Coverage per coverage period
/// (C4BB Coverage: plan and group classes, subscriber, relationship, period, status), and an
/// ExplanationOfBenefit per care event of the matching C4BB profile (Inpatient Institutional,
/// Outpatient Institutional, Professional NonClinician, Pharmacy, Oral) with every must-support
/// element, adjudication amounts that add up (submitted >= allowed >= paid; totals are the sums
/// of the items), `insurer` = the paying coverage's payor, `outcome` complete. Every resource
/// names its profile, versioned (`...|2.0.0`), in meta.profile, and carries the event's
/// sensitivity in meta.security.
class ClaimsGenerator
{
public:
    explicit ClaimsGenerator(const SandboxPopulation &population);

    /// Each resource as compact JSON text, its members in FHIR's order.
    QList<QByteArray> sharedResources() const;
    QList<QByteArray> memberResources(const MemberStory &story, quint64 seed) const;

private:
    const SandboxPopulation &m_population;
};

} // namespace paw::sandbox
