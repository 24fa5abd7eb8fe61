#pragma once

#include <QJsonObject>
#include <QString>

namespace paw::fhir {

/// A FHIR REST error: an HTTP status plus what becomes the OperationOutcome's issue.
/// `code` is the OperationOutcome issue type (invalid, not-found, not-supported, processing, ...).
struct FhirError
{
    int httpStatus = 400;
    QString code = QStringLiteral("invalid");
    QString diagnostics;
    QString expression; // FHIRPath/parameter the issue is about, optional
    QString severity = QStringLiteral("error");

    static FhirError of(int httpStatus, const QString &code, const QString &diagnostics);
    static FhirError invalid(const QString &diagnostics, const QString &expression = {});
    static FhirError notFound(const QString &diagnostics);
    static FhirError notSupported(const QString &diagnostics, int httpStatus = 400);

    /// The OperationOutcome resource for this error.
    QJsonObject toOperationOutcome() const;
};

} // namespace paw::fhir
