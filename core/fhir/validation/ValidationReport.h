#pragma once

#include "fhir/validation/ValidationIssue.h"

#include <QJsonObject>
#include <QList>
#include <QSet>
#include <QString>

namespace paw::fhir {

/// What validating one resource found: the issues, and what was not checked.
struct ValidationReport
{
    QList<ValidationIssue> issues;
    /// Invariants evaluated (once per element instance), and the keys of those this validator
    /// cannot evaluate (unsupported FHIRPath, or undecidable for this instance).
    int invariantsChecked = 0;
    QSet<QString> invariantsNotChecked;
    /// Value sets of bindings that could not be expanded locally.
    QSet<QString> bindingsNotChecked;

    int count(ValidationIssue::Severity severity) const;
    bool hasErrors() const { return count(ValidationIssue::Severity::Error) > 0; }
    /// The issues as a FHIR OperationOutcome (an "all OK" information issue when there are none).
    QJsonObject toOperationOutcome() const;
};

} // namespace paw::fhir
