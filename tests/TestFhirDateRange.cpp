#include "fhir/search/FhirDateRange.h"

#include <QDateTime>
#include <QTest>

using namespace Qt::StringLiterals;
using paw::fhir::FhirDateRange;

namespace {

qint64 utc(int y, int mo, int d, int h = 0, int mi = 0, int s = 0, int ms = 0)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s, ms), Qt::UTC).toMSecsSinceEpoch();
}

} // namespace

class TestFhirDateRange : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesValidValues_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<qint64>("low");
        QTest::addColumn<qint64>("high");

        QTest::addRow("a year covers the whole year") << u"2020"_s << utc(2020, 1, 1) << utc(2021, 1, 1) - 1;
        QTest::addRow("a month covers the whole month") << u"2020-02"_s << utc(2020, 2, 1) << utc(2020, 3, 1) - 1;
        QTest::addRow("a day covers the whole UTC day") << u"2019-10-31"_s << utc(2019, 10, 31) << utc(2019, 11, 1) - 1;
        QTest::addRow("the leap day of a leap year is a day") << u"2000-02-29"_s << utc(2000, 2, 29) << utc(2000, 3, 1) - 1;
        QTest::addRow("a dateTime in Z covers one second")
            << u"2020-03-04T10:00:00Z"_s << utc(2020, 3, 4, 10) << utc(2020, 3, 4, 10, 0, 1) - 1;
        QTest::addRow("milliseconds cover one millisecond")
            << u"2020-03-04T10:00:00.123Z"_s << utc(2020, 3, 4, 10, 0, 0, 123) << utc(2020, 3, 4, 10, 0, 0, 123);
        QTest::addRow("a tenth of a second covers a hundred milliseconds")
            << u"2020-03-04T10:00:00.1Z"_s << utc(2020, 3, 4, 10, 0, 0, 100) << utc(2020, 3, 4, 10, 0, 0, 199);
        QTest::addRow("a negative offset moves the instant later in UTC")
            << u"2016-08-10T07:15:07-08:00"_s << utc(2016, 8, 10, 15, 15, 7) << utc(2016, 8, 10, 15, 15, 8) - 1;
        QTest::addRow("a positive offset crosses back into the previous day")
            << u"2019-12-12T00:30:00+01:00"_s << utc(2019, 12, 11, 23, 30) << utc(2019, 12, 11, 23, 30, 1) - 1;
        QTest::addRow("a time without a zone is read as UTC")
            << u"2021-03-18T08:09:10"_s << utc(2021, 3, 18, 8, 9, 10) << utc(2021, 3, 18, 8, 9, 11) - 1;
        QTest::addRow("year one is the earliest year") << u"0001"_s << utc(1, 1, 1) << utc(2, 1, 1) - 1;
    }
    void parsesValidValues()
    {
        QFETCH(QString, text);
        QFETCH(qint64, low);
        QFETCH(qint64, high);
        const auto range = FhirDateRange::parse(text);
        QVERIFY(range.has_value());
        QCOMPARE(range->low, low);
        QCOMPARE(range->high, high);
    }

    void rejectsInvalidValues_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addRow("rejects an empty value") << QString();
        QTest::addRow("rejects a month 13") << u"2020-13"_s;
        QTest::addRow("rejects a month 00") << u"2020-00"_s;
        QTest::addRow("rejects February 30") << u"2020-02-30"_s;
        QTest::addRow("rejects February 29 outside a leap year") << u"2019-02-29"_s;
        QTest::addRow("rejects April 31") << u"2020-04-31"_s;
        QTest::addRow("rejects year zero") << u"0000"_s;
        QTest::addRow("rejects a compact date without dashes") << u"20200101"_s;
        QTest::addRow("rejects a two-digit year") << u"20"_s;
        QTest::addRow("rejects a single-digit month") << u"2020-1-01"_s;
        QTest::addRow("rejects hours and minutes without seconds") << u"2020-01-01T10:00Z"_s;
        QTest::addRow("rejects hour 24") << u"2020-01-01T24:00:00Z"_s;
        QTest::addRow("rejects minute 60") << u"2020-01-01T10:60:00Z"_s;
        QTest::addRow("rejects a dot without fraction digits") << u"2020-01-01T10:00:00.Z"_s;
        QTest::addRow("rejects an offset beyond 14 hours") << u"2020-01-01T10:00:00+15:00"_s;
        QTest::addRow("rejects an offset without a colon") << u"2020-01-01T10:00:00+0100"_s;
        QTest::addRow("rejects a time after a year only") << u"2020T10:00:00Z"_s;
        QTest::addRow("rejects trailing text") << u"2020-01-01x"_s;
        QTest::addRow("rejects a space instead of T") << u"2020-01-01 10:00:00Z"_s;
        QTest::addRow("rejects leading whitespace") << u" 2020"_s;
        QTest::addRow("rejects a lower-case zone letter") << u"2020-01-01T10:00:00z"_s;
    }
    void rejectsInvalidValues()
    {
        QFETCH(QString, text);
        QVERIFY(!FhirDateRange::parse(text).has_value());
    }
};

QTEST_GUILESS_MAIN(TestFhirDateRange)
#include "TestFhirDateRange.moc"
