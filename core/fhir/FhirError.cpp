#include "fhir/FhirError.h"

#include <QJsonArray>

namespace paw::fhir {

FhirError FhirError::invalid(const QString &diagnostics, const QString &expression)
{
    return FhirError{400, QStringLiteral("invalid"), diagnostics, expression};
}

FhirError FhirError::notFound(const QString &diagnostics)
{
    return FhirError{404, QStringLiteral("not-found"), diagnostics, {}};
}

FhirError FhirError::notSupported(const QString &diagnostics, int httpStatus)
{
    return FhirError{httpStatus, QStringLiteral("not-supported"), diagnostics, {}};
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
