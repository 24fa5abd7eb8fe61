#include "fhir/rest/FhirResponses.h"

#include <QDateTime>
#include <cstdio>
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
    // Formatted by hand from the date's fields: it is on every read's path, and the format is fixed
    // to English names whatever the locale (RFC 9110 §5.6.7).
    static const char *const days[] = {"Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"};
    static const char *const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const QDateTime time = QDateTime::fromMSecsSinceEpoch(epochMs, Qt::UTC);
    const QDate date = time.date();
    const QTime clock = time.time();
    char text[40];
    const int n = std::snprintf(text, sizeof text, "%s, %02d %s %04d %02d:%02d:%02d GMT", days[date.dayOfWeek() - 1],
                                date.day(), months[date.month() - 1], date.year(), clock.hour(), clock.minute(),
                                clock.second());
    return QByteArray(text, n);
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
