#include "fhir/io/NdjsonExporter.h"

#include "fhir/io/ResourceImporter.h"
#include "support/StoreFixture.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace paw::fhir;
using paw::test::jsonObject;
using paw::test::StoreFixture;

namespace {

// The stored JSON of every current resource of `type`, in creation order.
QList<QByteArray> storedJson(const StoreFixture &f, const QString &type)
{
    QList<QByteArray> out;
    const QString error = f.store->forEach(type, [&out](const StoredResource &r) {
        out << r.json;
        return true;
    });
    if (!error.isEmpty())
        qFatal("forEach failed: %s", qUtf8Printable(error));
    return out;
}

// A resource without the meta elements the store sets, to compare content across stores.
QJsonObject content(const QByteArray &json)
{
    QJsonObject resource = QJsonDocument::fromJson(json).object();
    QJsonObject meta = resource.value(u"meta"_s).toObject();
    meta.remove(u"versionId"_s);
    meta.remove(u"lastUpdated"_s);
    if (meta.isEmpty())
        resource.remove(u"meta"_s);
    else
        resource.insert(u"meta"_s, meta);
    return resource;
}

void fill(StoreFixture &f)
{
    QVERIFY(f.write({jsonObject(PAW_JSON({"resourceType":"Patient","id":"p2","name":[{"family":"Müller"}]})),
                     jsonObject(PAW_JSON({"resourceType":"Patient","id":"p1","gender":"female"})),
                     jsonObject(PAW_JSON({"resourceType":"Organization","id":"o1","name":"Payer"})),
                     jsonObject(PAW_JSON({"resourceType":"ExplanationOfBenefit","id":"e1",
                                          "patient":{"reference":"Patient/p1"},"meta":{"source":"#src"}}))}));
    f.clock.advanceSecond(60);
    // A second version: the export holds the current one only.
    QVERIFY(f.write({jsonObject(PAW_JSON({"resourceType":"Patient","id":"p1","gender":"male"}))}));
}

} // namespace

class TestNdjsonExporter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void writesOneFilePerTypeWithTheStoredJson()
    {
        StoreFixture f;
        QVERIFY2(f.ok(), qPrintable(f.error));
        fill(f);
        if (QTest::currentTestFailed())
            return;
        const QString folder = f.dir.filePath(u"export/nested"_s);
        const auto written = NdjsonExporter(*f.store, f.registry.resourceTypes()).exportTo(folder);
        QVERIFY2(written, qPrintable(written ? QString() : written.error()));
        const QHash<QString, qint64> expected{{u"Patient"_s, 2}, {u"Organization"_s, 1}, {u"ExplanationOfBenefit"_s, 1}};
        QCOMPARE(*written, expected);

        // Only the files of types that have resources, and no temporary files left behind.
        QStringList files = QDir(folder).entryList(QDir::Files | QDir::Hidden);
        files.sort();
        QCOMPARE(files, (QStringList{u"ExplanationOfBenefit.ndjson"_s, u"Organization.ndjson"_s, u"Patient.ndjson"_s}));

        for (auto it = expected.cbegin(); it != expected.cend(); ++it) {
            QFile file(QDir(folder).filePath(it.key() + u".ndjson"_s));
            QVERIFY(file.open(QIODevice::ReadOnly));
            const QByteArray text = file.readAll();
            QVERIFY2(text.endsWith('\n'), qPrintable(it.key()));
            QList<QByteArray> lines = text.split('\n');
            lines.removeLast(); // after the final newline
            QCOMPARE(lines.size(), it.value());
            QCOMPARE(lines, storedJson(f, it.key()));
        }
    }

    void reimportGivesTheSameResources()
    {
        StoreFixture source;
        QVERIFY2(source.ok(), qPrintable(source.error));
        fill(source);
        if (QTest::currentTestFailed())
            return;
        const QString folder = source.dir.filePath(u"export"_s);
        const auto written = NdjsonExporter(*source.store, source.registry.resourceTypes()).exportTo(folder);
        QVERIFY2(written, qPrintable(written ? QString() : written.error()));

        StoreFixture copy;
        QVERIFY2(copy.ok(), qPrintable(copy.error));
        ResourceImporter importer(*copy.store);
        const QStringList files = QDir(folder).entryList({u"*.ndjson"_s}, QDir::Files);
        for (const QString &name : files) {
            const auto result = importer.importFile(QDir(folder).filePath(name));
            QVERIFY2(result, qPrintable(result ? QString() : result.error().toString()));
        }
        QCOMPARE(copy.store->countByType(), source.store->countByType());
        const QStringList types = source.store->countByType().keys();
        for (const QString &type : types) {
            const QList<QByteArray> a = storedJson(source, type);
            const QList<QByteArray> b = storedJson(copy, type);
            QCOMPARE(b.size(), a.size());
            for (qsizetype i = 0; i < a.size(); ++i)
                QCOMPARE(content(b.at(i)), content(a.at(i)));
        }
        // The copy searches like the original.
        const auto page = copy.search(u"Patient"_s, u"family=muller"_s);
        QVERIFY(page);
        QCOMPARE(page->total, std::optional<qint64>(1));

        // Importing the export back into its own store changes nothing.
        ResourceImporter back(*source.store);
        for (const QString &name : files) {
            const auto result = back.importFile(QDir(folder).filePath(name));
            QVERIFY(result);
            QCOMPARE(result->summary.unchanged, result->resources);
        }
        QCOMPARE(source.store->read(u"Patient"_s, u"p1"_s)->version, 2);
    }

    void emptyStoreWritesNoFiles()
    {
        StoreFixture f;
        QVERIFY2(f.ok(), qPrintable(f.error));
        const QString folder = f.dir.filePath(u"empty"_s);
        const auto written = NdjsonExporter(*f.store, f.registry.resourceTypes()).exportTo(folder);
        QVERIFY(written);
        QVERIFY(written->isEmpty());
        QVERIFY(QDir(folder).entryList(QDir::Files).isEmpty());
    }

    void unwritableFolderIsAnError_data()
    {
        QTest::addColumn<QString>("blocker");   // a path made a plain file before the export
        QTest::addColumn<QString>("target");    // the folder handed to the exporter
        QTest::addColumn<QString>("mentioned"); // what the error names
        QTest::newRow("rejects a folder below a plain file") << u"file"_s << u"file/export"_s << u"file/export"_s;
        QTest::newRow("rejects a folder that is a plain file") << u"file"_s << u"file"_s << u"file"_s;
    }
    void unwritableFolderIsAnError()
    {
        QFETCH(QString, blocker);
        QFETCH(QString, target);
        QFETCH(QString, mentioned);
        StoreFixture f;
        QVERIFY2(f.ok(), qPrintable(f.error));
        fill(f);
        if (QTest::currentTestFailed())
            return;
        QFile file(f.dir.filePath(blocker));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.close();
        const auto written = NdjsonExporter(*f.store, f.registry.resourceTypes()).exportTo(f.dir.filePath(target));
        QVERIFY(!written);
        QVERIFY2(written.error().contains(f.dir.filePath(mentioned)), qPrintable(written.error()));
    }

    // A folder where Patient.ndjson should go: that file fails, and the error names it.
    void unwritableFileIsAnError()
    {
        StoreFixture f;
        QVERIFY2(f.ok(), qPrintable(f.error));
        fill(f);
        if (QTest::currentTestFailed())
            return;
        const QString folder = f.dir.filePath(u"out"_s);
        QVERIFY(QDir().mkpath(QDir(folder).filePath(u"Patient.ndjson"_s)));
        const auto written = NdjsonExporter(*f.store, f.registry.resourceTypes()).exportTo(folder);
        QVERIFY(!written);
        QVERIFY2(written.error().contains(u"Patient.ndjson"_s), qPrintable(written.error()));
    }
};

QTEST_GUILESS_MAIN(TestNdjsonExporter)
#include "TestNdjsonExporter.moc"
