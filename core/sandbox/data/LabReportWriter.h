#pragma once

#include "sandbox/data/ClinicalCatalog.h"
#include "sandbox/data/EncounterContext.h"
#include "sandbox/data/SandboxRandom.h"

#include <QJsonObject>
#include <QList>

namespace paw::sandbox {

/// Writes one lab panel drawn at an encounter: a US Core lab Observation per test (LOINC, UCUM
/// value, reference range, interpretation) and the US Core lab DiagnosticReport whose results are
/// those Observations. Most values fall inside the range; some are high or low, and the
/// interpretation says which.
class LabReportWriter
{
public:
    static QList<QJsonObject> write(const EncounterContext &context, const LabPanel &panel, SandboxRandom &random);
};

} // namespace paw::sandbox
