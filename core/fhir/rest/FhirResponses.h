#pragma once

#include "fhir/FhirError.h"
#include "http/HttpResponse.h"

#include <QDateTime>
#include <QJsonObject>

namespace paw::fhir {

/// The FHIR JSON media type every response of the FHIR API carries.
inline const QByteArray kFhirJson = QByteArrayLiteral("application/fhir+json;charset=utf-8");

/// A FHIR JSON response of `body` (already serialized).
http::HttpResponse fhirResponse(int status, const QByteArray &body);
/// A FHIR JSON response of `resource`.
http::HttpResponse fhirResponse(int status, const QJsonObject &resource);
/// The OperationOutcome response for `error`, with its status.
http::HttpResponse errorResponse(const FhirError &error);
/// An RFC 7231 IMF-fixdate ("Sun, 06 Nov 1994 08:49:37 GMT").
QByteArray httpDate(qint64 epochMs);
/// Parses an IMF-fixdate; an invalid QDateTime when it is not one.
QDateTime parseHttpDate(const QByteArray &text);

} // namespace paw::fhir
