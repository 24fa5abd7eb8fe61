#pragma once

#include "sandbox/data/ClinicalCatalog.h"
#include "sandbox/data/EncounterContext.h"
#include "sandbox/data/JsonBuilder.h"
#include "sandbox/data/SandboxPopulation.h"

#include <QByteArray>

namespace paw::sandbox {

/// Writes the narrative records of an encounter, as compact JSON text: a clinical note as a US
/// Core DocumentReference (progress note, discharge summary) and a report as a US Core note
/// DiagnosticReport (imaging, EKG). Both carry their text as a base64 text/plain attachment that
/// names the visit's date, place, clinician, diagnoses and procedures, so what a reader sees
/// agrees with the coded data.
class ClinicalDocumentWriter
{
public:
    ClinicalDocumentWriter(const SandboxPopulation &population, const Member &member);

    QByteArray documentReference(JsonBuilder &json, const EncounterContext &context, const NoteType &type) const;
    QByteArray noteReport(JsonBuilder &json, const EncounterContext &context, const NoteType &type) const;

private:
    QString text(const EncounterContext &context, const NoteType &type) const;
    JsonBuilder::Value attachment(JsonBuilder &json, const EncounterContext &context, const NoteType &type) const;

    const SandboxPopulation &m_population;
    const Member &m_member;
};

} // namespace paw::sandbox
