#include "fhir/FhirError.h"

#include <QJsonArray>

namespace paw::fhir {

FhirError FhirError::of(int httpStatus, const QString &code, const QString &diagnostics)
{
    FhirError error;
    error.httpStatus = httpStatus;
    error.code = code;
    error.diagnostics = diagnostics;
    return error;
}

FhirError FhirError::invalid(const QString &diagnostics, const QString &expression)
{
    FhirError error = of(400, QStringLiteral("invalid"), diagnostics);
    error.expression = expression;
    return error;
}

FhirError FhirError::notFound(const QString &diagnostics)
{
    return of(404, QStringLiteral("not-found"), diagnostics);
}

FhirError FhirError::notSupported(const QString &diagnostics, int httpStatus)
{
    return of(httpStatus, QStringLiteral("not-supported"), diagnostics);
}

QJsonObject FhirError::toOperationOutcome() const
{
    QJsonObject issue{{QStringLiteral("severity"), severity},
                      {QStringLiteral("code"), code},
                      {QStringLiteral("diagnostics"), diagnostics}};
    if (!expression.isEmpty())
        issue.insert(QStringLiteral("expression"), QJsonArray{expression});
    return QJsonObject{{QStringLiteral("resourceType"), QStringLiteral("OperationOutcome")},
                       {QStringLiteral("issue"), QJsonArray{issue}}};
}

} // namespace paw::fhir
