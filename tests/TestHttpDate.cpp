#include "fhir/rest/FhirResponses.h"

#include <QDateTime>
#include <QLocale>
#include <QRandomGenerator>
#include <QTest>

using namespace paw;

class TestHttpDate : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void formatsAnInstantAsRfc9110Says()
    {
        QCOMPARE(fhir::httpDate(0), QByteArray("Thu, 01 Jan 1970 00:00:00 GMT"));
        QCOMPARE(fhir::httpDate(784111777000), QByteArray("Sun, 06 Nov 1994 08:49:37 GMT")); // RFC 9110's example
        QCOMPARE(fhir::httpDate(951868799999), QByteArray("Tue, 29 Feb 2000 23:59:59 GMT")); // milliseconds dropped
        QCOMPARE(fhir::httpDate(-1), QByteArray("Wed, 31 Dec 1969 23:59:59 GMT"));
    }

    void agreesWithQDateTimeOnManyInstants()
    {
        const QLocale c = QLocale::c();
        QRandomGenerator random(20261129);
        for (int i = 0; i < 2000; ++i) {
            const qint64 ms = qint64(random.bounded(4102444800.0)) * 1000; // 1970 .. 2100
            const QDateTime time = QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
            const QByteArray expected = c.toString(time, QStringLiteral("ddd, dd MMM yyyy hh:mm:ss 'GMT'")).toLatin1();
            QCOMPARE(fhir::httpDate(ms), expected);
        }
    }
};

QTEST_GUILESS_MAIN(TestHttpDate)
#include "TestHttpDate.moc"
