#pragma once

#include <QString>
#include <optional>

namespace paw::fhir {

/// A FHIR date, dateTime or instant as the range of UTC epoch milliseconds it covers:
/// "2020" covers the whole year, "2020-03-04" the whole day (in UTC when no zone is given),
/// "2020-03-04T10:00:00Z" one second, "...10:00:00.123Z" one millisecond.
struct FhirDateRange
{
    qint64 low = 0;  // inclusive
    qint64 high = 0; // inclusive

    /// nullopt for anything that is not a valid FHIR date/dateTime/instant (e.g. "2020-13", "20200101").
    static std::optional<FhirDateRange> parse(const QString &text);
};

} // namespace paw::fhir
