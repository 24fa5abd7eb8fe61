#pragma once

#include <QString>

namespace paw::fhir {

/// One finding of the profile validator, shaped like an OperationOutcome issue.
struct ValidationIssue
{
    enum class Severity { Error, Warning, Information };

    Severity severity = Severity::Error;
    /// The OperationOutcome issue type: structure, required, value, invariant, code-invalid,
    /// not-supported, informational, ...
    QString code;
    /// Where in the instance, FHIRPath-like with indexes: `ExplanationOfBenefit.item[0].adjudication[1].amount`.
    QString path;
    QString message;
    /// The definition the rule came from: the StructureDefinition's canonical and the element id.
    QString profile;
    QString elementId;

    static QString severityName(Severity severity);
};

} // namespace paw::fhir
