#pragma once

#include "sandbox/data/MemberStory.h"
#include "sandbox/data/SandboxPopulation.h"

#include <QByteArray>
#include <QList>

namespace paw::sandbox {

/// Tells the clinical side of the sandbox as US Core resources, conforming to the US Core 3.1.1
/// profiles (the version C4BB depends on; vital signs with the base FHIR vital-signs profile) and
/// also to US Core 6.1.0 wherever both have the profile. meta.profile names the 3.1.1 profile,
/// versioned (`...|3.1.1`).
///
/// Shared: Locations, PractitionerRoles, Medications. Per member: AllergyIntolerance, Condition
/// (problem-list items and encounter diagnoses), Encounter per care event except pharmacy fills,
/// vital signs at check-ups and hospital stays only, a lab DiagnosticReport with its Observations
/// (LOINC) per lab panel the story draws, note DiagnosticReports, DocumentReference with an
/// attachment, an Immunization (CVX) per vaccine the story gives, an implantable Device with a
/// UDI, MedicationDispense per pharmacy fill (the claim's drug and date), MedicationStatement,
/// Procedure (but not for visits, lab tests, blood draws and vaccines: isRecordedAsProcedure).
/// Labs and vaccines are the story's only, so each is a line of the visit's claim. Dates follow
/// the story; records of sensitive events carry the sensitivity in meta.security.
///
/// Each resource is given as its compact JSON text, its members in FHIR's order (resourceType, id,
/// meta, then the elements as the specification lists them).
class ClinicalGenerator
{
public:
    explicit ClinicalGenerator(const SandboxPopulation &population);

    QList<QByteArray> sharedResources() const;
    QList<QByteArray> memberResources(const MemberStory &story, quint64 seed) const;

    /// Whether a care event's procedure code becomes a Procedure: not visits, lab tests and
    /// vaccines, which other records tell, nor the blood draw billed with lab panels
    /// (venipuncture, CPT 36415), which the lab report implies. Its id is "<event id>-pr<position
    /// in the event>".
    static bool isRecordedAsProcedure(const ProcedureCode &procedure);

private:
    const SandboxPopulation &m_population;
};

} // namespace paw::sandbox
