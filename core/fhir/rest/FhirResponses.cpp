#include "fhir/rest/FhirResponses.h"

#include <QDateTime>
#include <cstdio>
#include <ctime>
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
    // gmtime_r, not QDateTime: a third of the cost, and this runs on every read.
    const std::time_t seconds = std::time_t(epochMs >= 0 ? epochMs / 1000 : (epochMs - 999) / 1000);
    std::tm fields{};
    if (!gmtime_r(&seconds, &fields))
        return {};
    char text[40];
    const int n = std::snprintf(text, sizeof text, "%s, %02d %s %04d %02d:%02d:%02d GMT", days[(fields.tm_wday + 6) % 7],
                                fields.tm_mday, months[fields.tm_mon], fields.tm_year + 1900, fields.tm_hour,
                                fields.tm_min, fields.tm_sec);
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
