#include "fhir/search/FhirDateRange.h"

namespace paw::fhir {

namespace {

constexpr qint64 msPerSecond = 1000;
constexpr qint64 msPerMinute = 60 * msPerSecond;
constexpr qint64 msPerHour = 60 * msPerMinute;
constexpr qint64 msPerDay = 24 * msPerHour;

bool isLeapYear(int year)
{
    return (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
}

int daysInMonth(int year, int month)
{
    static constexpr int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return month == 2 && isLeapYear(year) ? 29 : days[month - 1];
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
qint64 daysFromCivil(int year, int month, int day)
{
    year -= month <= 2 ? 1 : 0;
    const qint64 era = (year >= 0 ? year : year - 399) / 400;
    const qint64 yoe = year - era * 400;
    const qint64 doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
    const qint64 doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

// Reads exactly `width` ASCII digits at `pos`.
bool readDigits(QStringView text, qsizetype pos, int width, int &value)
{
    if (pos + width > text.size())
        return false;
    value = 0;
    for (int i = 0; i < width; ++i) {
        const char16_t c = text.at(pos + i).unicode();
        if (c < u'0' || c > u'9')
            return false;
        value = value * 10 + (c - u'0');
    }
    return true;
}

bool expect(QStringView text, qsizetype pos, char16_t c)
{
    return pos < text.size() && text.at(pos).unicode() == c;
}

} // namespace

// FHIR R4 dateTime: YYYY(-MM(-DD(Thh:mm:ss(.s+)?(Z|(+|-)hh:mm))?)?)?, where instant is the
// full form. A time without a zone is read as UTC (search values often omit it).
std::optional<FhirDateRange> FhirDateRange::parse(const QString &input)
{
    const QStringView text(input);
    int year = 0;
    if (!readDigits(text, 0, 4, year) || year < 1)
        return std::nullopt;
    qsizetype pos = 4;
    if (pos == text.size()) {
        const qint64 low = daysFromCivil(year, 1, 1) * msPerDay;
        return FhirDateRange{low, daysFromCivil(year + 1, 1, 1) * msPerDay - 1};
    }
    int month = 0;
    if (!expect(text, pos, u'-') || !readDigits(text, pos + 1, 2, month) || month < 1 || month > 12)
        return std::nullopt;
    pos += 3;
    if (pos == text.size()) {
        const qint64 low = daysFromCivil(year, month, 1) * msPerDay;
        return FhirDateRange{low, low + daysInMonth(year, month) * msPerDay - 1};
    }
    int day = 0;
    if (!expect(text, pos, u'-') || !readDigits(text, pos + 1, 2, day) || day < 1
        || day > daysInMonth(year, month))
        return std::nullopt;
    pos += 3;
    const qint64 dayStart = daysFromCivil(year, month, day) * msPerDay;
    if (pos == text.size())
        return FhirDateRange{dayStart, dayStart + msPerDay - 1};

    int hour = 0, minute = 0, second = 0;
    if (!expect(text, pos, u'T') || !readDigits(text, pos + 1, 2, hour) || hour > 23
        || !expect(text, pos + 3, u':') || !readDigits(text, pos + 4, 2, minute) || minute > 59
        || !expect(text, pos + 6, u':') || !readDigits(text, pos + 7, 2, second) || second > 60)
        return std::nullopt;
    pos += 9;
    qint64 fraction = 0;
    qint64 precision = msPerSecond; // the width of the range the value covers
    if (expect(text, pos, u'.')) {
        ++pos;
        const qsizetype start = pos;
        qint64 scale = 100;
        while (pos < text.size() && text.at(pos).unicode() >= u'0' && text.at(pos).unicode() <= u'9') {
            fraction += (text.at(pos).unicode() - u'0') * scale;
            scale /= 10;
            ++pos;
        }
        const qsizetype digits = pos - start;
        if (digits == 0)
            return std::nullopt;
        precision = digits >= 3 ? 1 : (digits == 2 ? 10 : 100);
    }
    qint64 offset = 0;
    if (pos < text.size()) {
        const char16_t sign = text.at(pos).unicode();
        if (sign == u'Z') {
            ++pos;
        } else if (sign == u'+' || sign == u'-') {
            int offsetHours = 0, offsetMinutes = 0;
            if (!readDigits(text, pos + 1, 2, offsetHours) || !expect(text, pos + 3, u':')
                || !readDigits(text, pos + 4, 2, offsetMinutes) || offsetMinutes > 59
                || offsetHours > 14 || (offsetHours == 14 && offsetMinutes != 0))
                return std::nullopt;
            offset = (offsetHours * msPerHour + offsetMinutes * msPerMinute) * (sign == u'-' ? -1 : 1);
            pos += 6;
        } else {
            return std::nullopt;
        }
    }
    if (pos != text.size())
        return std::nullopt;
    const qint64 low = dayStart + hour * msPerHour + minute * msPerMinute + second * msPerSecond + fraction - offset;
    return FhirDateRange{low, low + precision - 1};
}

} // namespace paw::fhir
