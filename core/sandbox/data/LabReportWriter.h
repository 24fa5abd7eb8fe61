#pragma once

#include "sandbox/data/ClinicalCatalog.h"
#include "sandbox/data/EncounterContext.h"
#include "sandbox/data/JsonBuilder.h"
#include "sandbox/data/SandboxRandom.h"

#include <QByteArray>
#include <QList>

namespace paw::sandbox {

/// Writes one lab panel drawn at an encounter: a US Core lab Observation per test (LOINC, UCUM
/// value, reference range, interpretation) and the US Core lab DiagnosticReport whose results are
/// those Observations, each as compact JSON text. Most values fall inside the range; some are
/// high or low, and the interpretation says which.
///
/// `number` is the panel's position among the event's lab orders (from 1): the report's id is
/// "<event id>-dr-lab<number>", its Observations' "<event id>-lab<number>-<test LOINC>".
class LabReportWriter
{
public:
    static QList<QByteArray> write(JsonBuilder &json, const EncounterContext &context, const LabPanel &panel, int number,
                                   SandboxRandom &random);
};

} // namespace paw::sandbox
