#include "fhir/rest/FhirResponses.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QLocale>
#include <QTimeZone>

namespace paw::fhir {

http::HttpResponse fhirResponse(int status, const QByteArray &body)
{
    return http::HttpResponse::withBody(status, kFhirJson, body);
}

http::HttpResponse fhirResponse(int status, const QJsonObject &resource)
{
    return fhirResponse(status, QJsonDocument(resource).toJson(QJsonDocument::Compact));
}

http::HttpResponse errorResponse(const FhirError &error)
{
    return fhirResponse(error.httpStatus, error.toOperationOutcome());
}

QByteArray httpDate(qint64 epochMs)
{
    const QDateTime time = QDateTime::fromMSecsSinceEpoch(epochMs, Qt::UTC);
    return QLocale::c().toString(time, QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'")).toLatin1();
}

} // namespace paw::fhir

namespace paw::fhir {

QDateTime parseHttpDate(const QByteArray &text)
{
    QDateTime time = QLocale::c().toDateTime(QString::fromLatin1(text).trimmed(), QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'"));
    if (time.isValid())
        time.setTimeSpec(Qt::UTC);
    return time;
}

} // namespace paw::fhir
