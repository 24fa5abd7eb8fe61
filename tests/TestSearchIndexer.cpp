#include "fhir/search/SearchIndexer.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <limits>

using namespace Qt::StringLiterals;
using namespace paw::fhir;

namespace {

// Official examples are read in place from the shared packages, never copied into the repo.
QJsonObject example(const QString &relativePath)
{
    QFile file(QStringLiteral(PAW_FHIR_PACKAGES) + u"/"_s + relativePath);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing example %s", qUtf8Printable(file.fileName()));
    return QJsonDocument::fromJson(file.readAll()).object();
}

QJsonObject inlineResource(const char *json)
{
    return QJsonDocument::fromJson(QByteArray(json)).object();
}

qint64 utc(int y, int mo, int d, int h = 0, int mi = 0, int s = 0)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s), Qt::UTC).toMSecsSinceEpoch();
}

// Entries rendered as "param|a|b|c" so rows compare as plain string lists.
QStringList tokens(const IndexEntries &e, const QString &param)
{
    QStringList out;
    for (const auto &t : e.tokens)
        if (t.param == param)
            out.append(t.system + u"|"_s + t.code + u"|"_s + t.text);
    return out;
}
QStringList strings(const IndexEntries &e, const QString &param)
{
    QStringList out;
    for (const auto &s : e.strings)
        if (s.param == param)
            out.append(s.normalized + u"|"_s + s.exact);
    return out;
}
QList<QPair<qint64, qint64>> dates(const IndexEntries &e, const QString &param)
{
    QList<QPair<qint64, qint64>> out;
    for (const auto &d : e.dates)
        if (d.param == param)
            out.append({d.low, d.high});
    return out;
}
QStringList references(const IndexEntries &e, const QString &param)
{
    QStringList out;
    for (const auto &r : e.references)
        if (r.param == param)
            out.append(r.targetType + u"|"_s + r.targetId + u"|"_s + r.url);
    return out;
}

} // namespace

class TestSearchIndexer : public QObject
{
    Q_OBJECT

private:
    SearchIndexer m_indexer{SearchParameterRegistry::builtIn()};

private Q_SLOTS:
    void indexesCarinExplanationOfBenefit()
    {
        const IndexEntries e = m_indexer.extract(example(u"carin-bb-2.0.0/example/ExplanationOfBenefit-EOBInpatient1.json"_s));
        QCOMPARE(references(e, u"patient"_s), QStringList{u"Patient|Patient2|"_s});
        QCOMPARE(references(e, u"insurer"_s), QStringList{u"Organization|Payer1|"_s});
        QCOMPARE(references(e, u"coverage"_s), QStringList{u"Coverage|Coverage1|"_s});
        QCOMPARE(tokens(e, u"_id"_s), QStringList{u"|EOBInpatient1|"_s});
        QCOMPARE(tokens(e, u"identifier"_s),
                 QStringList{u"https://www.xxxplan.com/fhir/EOBIdentifier|AW123412341234123412341234123412|"_s});
        QCOMPARE(tokens(e, u"type"_s),
                 QStringList{u"http://terminology.hl7.org/CodeSystem/claim-type|institutional|institutional"_s});
        QCOMPARE(dates(e, u"billable-period-start"_s),
                 (QList<QPair<qint64, qint64>>{{utc(2019, 1, 1), utc(2019, 1, 2) - 1}}));
        // service-date: the billable period and each item's servicedDate.
        QCOMPARE(dates(e, u"service-date"_s),
                 (QList<QPair<qint64, qint64>>{{utc(2019, 1, 1), utc(2019, 11, 1) - 1},
                                               {utc(2019, 11, 2), utc(2019, 11, 3) - 1}}));
        QCOMPARE(dates(e, u"_lastUpdated"_s),
                 (QList<QPair<qint64, qint64>>{{utc(2019, 12, 12, 9, 14, 11), utc(2019, 12, 12, 9, 14, 12) - 1}}));
    }

    void deduplicatesIdenticalEntries()
    {
        // EOBOral1 has two items serviced on the same day.
        const IndexEntries e = m_indexer.extract(example(u"carin-bb-2.0.0/example/ExplanationOfBenefit-EOBOral1.json"_s));
        QCOMPARE(dates(e, u"service-start-date"_s),
                 (QList<QPair<qint64, qint64>>{{utc(2021, 3, 1), utc(2021, 3, 2) - 1},
                                               {utc(2021, 3, 18), utc(2021, 3, 19) - 1}}));
    }

    void indexesUsCorePatientNames()
    {
        const IndexEntries e = m_indexer.extract(example(u"us-core-6.1.0/example/Patient-example.json"_s));
        QCOMPARE(strings(e, u"family"_s), (QStringList{u"shaw|Shaw"_s, u"baxter|Baxter"_s}));
        QCOMPARE(strings(e, u"given"_s), (QStringList{u"amy|Amy"_s, u"v.|V."_s}));
        QCOMPARE(strings(e, u"name"_s),
                 (QStringList{u"shaw|Shaw"_s, u"amy|Amy"_s, u"v.|V."_s, u"baxter|Baxter"_s, u"pharmd|PharmD"_s}));
        QCOMPARE(tokens(e, u"gender"_s), QStringList{u"|female|"_s});
        QCOMPARE(tokens(e, u"identifier"_s), QStringList{u"http://hospital.smarthealthit.org|1032702|medical record number"_s});
        QCOMPARE(dates(e, u"birthdate"_s), (QList<QPair<qint64, qint64>>{{utc(1987, 2, 20), utc(1987, 2, 21) - 1}}));
        QVERIFY(dates(e, u"_lastUpdated"_s).isEmpty()); // the example has no meta.lastUpdated
    }

    void indexesUsCoreConditions()
    {
        const IndexEntries onset = m_indexer.extract(example(u"us-core-6.1.0/example/Condition-encounter-diagnosis-example1.json"_s));
        QCOMPARE(dates(onset, u"onset-date"_s), (QList<QPair<qint64, qint64>>{{utc(2015, 10, 31), utc(2015, 11, 1) - 1}}));
        QCOMPARE(dates(onset, u"abatement-date"_s), (QList<QPair<qint64, qint64>>{{utc(2015, 12, 1), utc(2015, 12, 2) - 1}}));

        const IndexEntries ulcer = m_indexer.extract(example(u"us-core-6.1.0/example/Condition-condition-duodenal-ulcer.json"_s));
        QCOMPARE(references(ulcer, u"patient"_s), QStringList{u"Patient|example|"_s});
        QCOMPARE(dates(ulcer, u"asserted-date"_s), (QList<QPair<qint64, qint64>>{{utc(2016, 8, 10), utc(2016, 8, 11) - 1}}));
        QCOMPARE(dates(ulcer, u"recorded-date"_s),
                 (QList<QPair<qint64, qint64>>{{utc(2016, 8, 10, 15, 15, 7), utc(2016, 8, 10, 15, 15, 8) - 1}}));
        // The coding carries its display; the concept's own text is a text-only entry.
        QCOMPARE(tokens(ulcer, u"code"_s), (QStringList{u"http://snomed.info/sct|51868009|ulcer of duodenum (disorder)"_s,
                                                         u"||active duodenal ulcer"_s}));
    }

    void indexesChoiceTypesAndTheirNames()
    {
        const IndexEntries deceased = m_indexer.extract(example(u"us-core-6.1.0/example/Patient-deceased-example.json"_s));
        QCOMPARE(dates(deceased, u"death-date"_s), (QList<QPair<qint64, qint64>>{{utc(2022, 7, 22), utc(2022, 7, 23) - 1}}));
        const IndexEntries bp = m_indexer.extract(example(u"us-core-6.1.0/example/Observation-blood-pressure.json"_s));
        QCOMPARE(dates(bp, u"date"_s), (QList<QPair<qint64, qint64>>{{utc(1999, 7, 2), utc(1999, 7, 3) - 1}}));
        QCOMPARE(tokens(bp, u"status"_s), QStringList{u"|final|"_s});
        const IndexEntries location = m_indexer.extract(example(u"us-core-6.1.0/example/Location-hospital.json"_s));
        QCOMPARE(strings(location, u"address-city"_s), QStringList{u"methuen|METHUEN"_s});
        QVERIFY(strings(location, u"address"_s).contains(u"70 east street|70 EAST STREET"_s));
    }

    void readsReferenceForms_data()
    {
        QTest::addColumn<QString>("reference");
        QTest::addColumn<QStringList>("patient");   // Provenance.target.where(resolve() is Patient)
        QTest::addColumn<QStringList>("medication"); // MedicationDispense.medication: one target, no filter

        QTest::addRow("Type/id gives type and id") << u"Patient/p1"_s << QStringList{u"Patient|p1|"_s}
                                                   << QStringList{u"Patient|p1|"_s};
        QTest::addRow("a versioned reference gives type and id")
            << u"Patient/p1/_history/3"_s << QStringList{u"Patient|p1|"_s} << QStringList{u"Patient|p1|"_s};
        QTest::addRow("an absolute URL with a known type keeps type, id and url")
            << u"https://example.org/fhir/Patient/p1"_s
            << QStringList{u"Patient|p1|https://example.org/fhir/Patient/p1"_s}
            << QStringList{u"Patient|p1|https://example.org/fhir/Patient/p1"_s};
        QTest::addRow("a bare id is typed when the parameter has one target")
            << u"m1"_s << QStringList{} << QStringList{u"Medication|m1|"_s};
        QTest::addRow("a bare id cannot pass resolve() is Patient but gets the single target type")
            << u"p1"_s << QStringList{} << QStringList{u"Medication|p1|"_s};
        QTest::addRow("skips a contained reference") << u"#m1"_s << QStringList{} << QStringList{};
        QTest::addRow("skips a reference to an unknown type") << u"Patients/p1"_s << QStringList{} << QStringList{};
        QTest::addRow("skips an id with characters FHIR forbids") << u"Patient/p 1"_s << QStringList{} << QStringList{};
    }
    void readsReferenceForms()
    {
        QFETCH(QString, reference);
        QFETCH(QStringList, patient);
        QFETCH(QStringList, medication);
        QJsonObject provenance{{u"resourceType"_s, u"Provenance"_s},
                               {u"target"_s, QJsonArray{QJsonObject{{u"reference"_s, reference}}}}};
        QCOMPARE(references(m_indexer.extract(provenance), u"patient"_s), patient);
        QJsonObject dispense{{u"resourceType"_s, u"MedicationDispense"_s},
                             {u"medicationReference"_s, QJsonObject{{u"reference"_s, reference}}}};
        QCOMPARE(references(m_indexer.extract(dispense), u"medication"_s), medication);
    }

    void keepsExternalUrlsAsUrls()
    {
        const auto e = m_indexer.extract(inlineResource(
            "{\"resourceType\":\"ExplanationOfBenefit\",\"provider\":{\"reference\":\"https://npi.example/x/123\"},"
            "\"insurer\":{\"reference\":\"urn:uuid:0c3151bd-1cbf-4d64-b04d-cd9187a4c6e0\"}}"));
        QCOMPARE(references(e, u"provider"_s), QStringList{u"||https://npi.example/x/123"_s});
        QCOMPARE(references(e, u"insurer"_s), QStringList{u"||urn:uuid:0c3151bd-1cbf-4d64-b04d-cd9187a4c6e0"_s});
    }

    void normalizesStringsAndReadsOpenPeriods()
    {
        const auto e = m_indexer.extract(inlineResource(
            "{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"  Müller\\t  Lüdenscheid \",\"given\":[\"ÉLODIE\"]}],"
            "\"active\":true}"));
        QCOMPARE(strings(e, u"family"_s), QStringList{u"muller ludenscheid|  Müller\t  Lüdenscheid "_s});
        QCOMPARE(strings(e, u"given"_s), QStringList{u"elodie|ÉLODIE"_s});
        const auto enc = m_indexer.extract(inlineResource(
            "{\"resourceType\":\"Encounter\",\"period\":{\"start\":\"2020-05-01T10:00:00Z\"}}"));
        QCOMPARE(dates(enc, u"date"_s),
                 (QList<QPair<qint64, qint64>>{{utc(2020, 5, 1, 10), std::numeric_limits<qint64>::max()}}));
        const auto endOnly = m_indexer.extract(inlineResource(
            "{\"resourceType\":\"Encounter\",\"period\":{\"end\":\"2020\"}}"));
        QCOMPARE(dates(endOnly, u"date"_s),
                 (QList<QPair<qint64, qint64>>{{std::numeric_limits<qint64>::min(), utc(2021, 1, 1) - 1}}));
    }

    void skipsWhatCannotBeRead()
    {
        const auto e = m_indexer.extract(inlineResource(
            "{\"resourceType\":\"Patient\",\"birthDate\":\"1987-02-30\",\"gender\":42,\"name\":[{\"family\":\"   \"}]}"));
        QVERIFY(dates(e, u"birthdate"_s).isEmpty());
        QVERIFY(tokens(e, u"gender"_s).isEmpty());
        QVERIFY(strings(e, u"family"_s).isEmpty());
        QVERIFY(m_indexer.extract(inlineResource("{\"resourceType\":\"Claim\",\"id\":\"c\"}")).tokens.isEmpty());
        QVERIFY(m_indexer.extract(QJsonObject()).tokens.isEmpty());
    }

    void indexesQuicklyEnough()
    {
        const QJsonObject eob = example(u"carin-bb-2.0.0/example/ExplanationOfBenefit-EOBInpatient1.json"_s);
        QElapsedTimer timer;
        timer.start();
        int rows = 0;
        for (int i = 0; i < 2000; ++i)
            rows += int(m_indexer.extract(eob).tokens.size());
        QVERIFY(rows > 0);
        qInfo("indexed 2000 EOBs in %lld ms", timer.elapsed());
        // A generous floor (well under the 10k/s target) so a loaded CI machine does not flake.
        QVERIFY2(timer.elapsed() < 2000, qPrintable(u"2000 EOBs took %1 ms"_s.arg(timer.elapsed())));
    }
};

QTEST_GUILESS_MAIN(TestSearchIndexer)
#include "TestSearchIndexer.moc"
