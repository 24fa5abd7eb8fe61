// FHIR packages: the three layouts (package folder, its parent, .tgz), the ~/.fhir/packages cache,
// and how canonicals resolve across packages and versions.

#include "fhir/validation/FhirPackage.h"
#include "fhir/validation/FhirPackageSet.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using paw::fhir::FhirPackage;
using paw::fhir::FhirPackageSet;

namespace {

QString shared(const QString &folder)
{
    return QDir(QStringLiteral(PAW_FHIR_PACKAGES)).filePath(folder);
}

void writeJson(const QString &path, const QJsonObject &object)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qUtf8Printable(path));
    file.write(QJsonDocument(object).toJson());
}

QJsonObject valueSet(const QString &url, const QString &version)
{
    return QJsonObject{{u"resourceType"_s, u"ValueSet"_s}, {u"id"_s, u"colours"_s}, {u"url"_s, url}, {u"version"_s, version},
                       {u"status"_s, u"active"_s}};
}

// A small package folder `root/package/...` with one ValueSet, optionally with an .index.json.
void makePackage(const QString &root, const QString &name, const QString &version, bool withIndex)
{
    const QString url = u"http://paw.test/ValueSet/colours"_s;
    writeJson(root + u"/package/package.json"_s,
              QJsonObject{{u"name"_s, name}, {u"version"_s, version},
                          {u"dependencies"_s, QJsonObject{{u"hl7.fhir.r4.core"_s, u"4.0.1"_s}}}});
    writeJson(root + u"/package/ValueSet-colours.json"_s, valueSet(url, version));
    writeJson(root + u"/package/example/ValueSet-not-a-definition.json"_s, valueSet(u"http://paw.test/ValueSet/example"_s, version));
    if (withIndex)
        writeJson(root + u"/package/.index.json"_s,
                  QJsonObject{{u"index-version"_s, 1},
                              {u"files"_s, QJsonArray{QJsonObject{{u"filename"_s, u"ValueSet-colours.json"_s},
                                                                  {u"resourceType"_s, u"ValueSet"_s},
                                                                  {u"id"_s, u"colours"_s},
                                                                  {u"url"_s, url},
                                                                  {u"version"_s, version}}}}});
}

bool tarGz(const QString &folder, const QString &archive)
{
    QProcess tar;
    tar.setWorkingDirectory(folder);
    tar.start(u"tar"_s, {u"czf"_s, archive, u"package"_s});
    return tar.waitForFinished(20000) && tar.exitCode() == 0;
}

} // namespace

class TestFhirPackages : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void readsTheSharedPackageFolders_data()
    {
        QTest::addColumn<QString>("folder");
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("version");
        QTest::addColumn<QString>("dependency");
        QTest::addRow("R4 core (no .index.json: files are read)") << u"r4-core"_s << u"hl7.fhir.r4.core"_s << u"4.0.1"_s << QString();
        QTest::addRow("US Core 3.1.1") << u"us-core-3.1.1"_s << u"hl7.fhir.us.core"_s << u"3.1.1"_s << u"hl7.fhir.r4.core"_s;
        QTest::addRow("US Core 6.1.0") << u"us-core-6.1.0"_s << u"hl7.fhir.us.core"_s << u"6.1.0"_s << u"hl7.fhir.r4.core"_s;
        QTest::addRow("C4BB 1.1.0") << u"carin-bb-1.1.0"_s << u"hl7.fhir.us.carin-bb"_s << u"1.1.0"_s << u"hl7.fhir.us.core"_s;
        QTest::addRow("C4BB 2.0.0") << u"carin-bb-2.0.0"_s << u"hl7.fhir.us.carin-bb"_s << u"2.0.0"_s << u"hl7.fhir.us.core"_s;
    }
    void readsTheSharedPackageFolders()
    {
        QFETCH(QString, folder);
        QFETCH(QString, name);
        QFETCH(QString, version);
        QFETCH(QString, dependency);
        const auto package = FhirPackage::fromFolder(shared(folder));
        QVERIFY2(package, qPrintable(package ? QString() : package.error()));
        QCOMPARE((*package)->name(), name);
        QCOMPARE((*package)->version(), version);
        if (!dependency.isEmpty())
            QVERIFY(std::any_of((*package)->dependencies().begin(), (*package)->dependencies().end(),
                                [&](const auto &d) { return d.first == dependency; }));
        const auto &entries = (*package)->entries();
        const auto sd = std::find_if(entries.begin(), entries.end(),
                                     [](const FhirPackage::Entry &e) { return e.resourceType == u"StructureDefinition"_s; });
        QVERIFY(sd != entries.end());
        // Examples are instances, not definitions; search parameters are skipped on purpose.
        QVERIFY(std::none_of(entries.begin(), entries.end(), [](const FhirPackage::Entry &e) {
            return e.fileName.startsWith(u"example/"_s) || e.resourceType == u"SearchParameter"_s;
        }));
        const QJsonObject resource = (*package)->resource(sd - entries.begin());
        QCOMPARE(resource.value(u"url"_s).toString(), sd->url);
    }

    void readsTheLayouts_data()
    {
        QTest::addColumn<QString>("layout");
        QTest::addColumn<bool>("withIndex");
        QTest::addRow("a folder holding package/") << u"parent"_s << false;
        QTest::addRow("the package/ folder itself, with .index.json") << u"package"_s << true;
        QTest::addRow("a .tgz without .index.json") << u"tgz"_s << false;
        QTest::addRow("a .tgz with .index.json (read lazily from memory)") << u"tgz"_s << true;
    }
    void readsTheLayouts()
    {
        QFETCH(QString, layout);
        QFETCH(bool, withIndex);
        QTemporaryDir dir;
        makePackage(dir.path(), u"paw.test.colours"_s, u"1.2.0"_s, withIndex);
        QString path = dir.path();
        if (layout == u"package"_s)
            path = dir.filePath(u"package"_s);
        if (layout == u"tgz"_s) {
            path = dir.filePath(u"colours.tgz"_s);
            QVERIFY(tarGz(dir.path(), path));
        }
        FhirPackageSet set;
        const auto loaded = set.load(path);
        QVERIFY2(loaded, qPrintable(loaded ? QString() : loaded.error()));
        QCOMPARE((*loaded)->label(), u"paw.test.colours#1.2.0"_s);
        QCOMPARE((*loaded)->entries().size(), 1);
        const auto resolved = set.resolve(u"http://paw.test/ValueSet/colours|1.2.0"_s);
        QVERIFY(resolved);
        QCOMPARE(resolved.resource.value(u"id"_s).toString(), u"colours"_s);
        QVERIFY(!set.resolve(u"http://paw.test/ValueSet/example"_s));
        QCOMPARE(set.packageContaining(dir.filePath(u"package/example/x.json"_s)) != nullptr, layout != u"tgz"_s);
    }

    void refusesWhatIsNotAPackage_data()
    {
        QTest::addColumn<QString>("kind");
        QTest::addColumn<QString>("message");
        QTest::addRow("a missing folder") << u"missing"_s << u"no such folder"_s;
        QTest::addRow("a folder without package.json") << u"empty"_s << u"not a FHIR package"_s;
        QTest::addRow("a file that is not an archive") << u"text"_s << u"colours.tgz"_s;
        QTest::addRow("an archive without package/package.json") << u"nomanifest"_s << u"not a FHIR package"_s;
        QTest::addRow("a name#version that is not in the cache") << u"uncached"_s << u"not in the cache"_s;
    }
    void refusesWhatIsNotAPackage()
    {
        QFETCH(QString, kind);
        QFETCH(QString, message);
        QTemporaryDir dir;
        QString path;
        if (kind == u"missing"_s) {
            path = dir.filePath(u"nothing-here"_s);
        } else if (kind == u"empty"_s) {
            path = dir.path();
        } else if (kind == u"text"_s) {
            path = dir.filePath(u"colours.tgz"_s);
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write("this is not gzip");
        } else if (kind == u"nomanifest"_s) {
            writeJson(dir.filePath(u"package/ValueSet-colours.json"_s), valueSet(u"http://paw.test/ValueSet/c"_s, u"1"_s));
            path = dir.filePath(u"colours.tgz"_s);
            QVERIFY(tarGz(dir.path(), path));
        } else {
            path = u"paw.test.absent#9.9.9"_s;
        }
        FhirPackageSet set;
        set.setCacheFolder(dir.filePath(u"cache"_s));
        const auto loaded = set.load(path);
        QVERIFY(!loaded);
        QVERIFY2(loaded.error().contains(message), qPrintable(loaded.error()));
    }

    void loadsFromTheCache()
    {
        QTemporaryDir cache;
        makePackage(cache.filePath(u"paw.test.colours#1.0.0"_s), u"paw.test.colours"_s, u"1.0.0"_s, true);
        makePackage(cache.filePath(u"paw.test.colours#2.0.0"_s), u"paw.test.colours"_s, u"2.0.0"_s, false);
        QDir().mkpath(cache.filePath(u"not-a-package"_s));
        {
            FhirPackageSet set;
            set.setCacheFolder(cache.path());
            const auto loaded = set.load(u"paw.test.colours#1.0.0"_s);
            QVERIFY2(loaded, qPrintable(loaded ? QString() : loaded.error()));
            QCOMPARE(set.packages().size(), 1);
            // Loading the same package again adds nothing.
            QVERIFY(set.load(cache.filePath(u"paw.test.colours#1.0.0"_s)));
            QCOMPARE(set.packages().size(), 1);
        }
        FhirPackageSet set;
        QVERIFY(set.loadCache(cache.path()).isEmpty());
        QCOMPARE(set.packages().size(), 2);
        QCOMPARE(set.find(u"paw.test.colours"_s)->version(), u"2.0.0"_s);
        QCOMPARE(set.resolve(u"http://paw.test/ValueSet/colours"_s).package->version(), u"2.0.0"_s);
        QCOMPARE(set.resolve(u"http://paw.test/ValueSet/colours|1.0.0"_s).package->version(), u"1.0.0"_s);
        QVERIFY(!set.resolve(u"http://paw.test/ValueSet/colours|3.0.0"_s));
    }

    void resolvesThroughTheAskingPackagesDependencies()
    {
        // Two versions of one definition; a third package depends on the older one.
        const QString url = u"http://paw.test/ValueSet/colours"_s;
        FhirPackageSet set;
        set.add(FhirPackage::fromResources(u"paw.test.base"_s, u"1.0.0"_s, {valueSet(url, u"1.0.0"_s)}));
        set.add(FhirPackage::fromResources(u"paw.test.base"_s, u"2.0.0"_s, {valueSet(url, u"2.0.0"_s)}));
        set.add(FhirPackage::fromResources(u"paw.test.ig"_s, u"0.1.0"_s, {}, {{u"paw.test.base"_s, u"1.0.0"_s}}));
        set.add(FhirPackage::fromResources(u"paw.test.downstream"_s, u"0.1.0"_s, {}, {{u"paw.test.ig"_s, u"0.1.0"_s}}));
        const auto *ig = set.find(u"paw.test.ig"_s, u"0.1.0"_s);
        const auto *downstream = set.find(u"paw.test.downstream"_s, u"0.1.0"_s);
        QCOMPARE(set.resolve(url).resource.value(u"version"_s).toString(), u"2.0.0"_s);
        QCOMPARE(set.resolve(url, ig).resource.value(u"version"_s).toString(), u"1.0.0"_s);
        QCOMPARE(set.resolve(url, downstream).resource.value(u"version"_s).toString(), u"1.0.0"_s);
        QCOMPARE(set.resolve(url + u"|2.0.0"_s, ig).resource.value(u"version"_s).toString(), u"2.0.0"_s);
        QCOMPARE(set.dependencyOrder(downstream).size(), 2);
    }

    void resolvesTheSharedPackagesByVersion()
    {
        FhirPackageSet set;
        for (const QString &folder : {u"r4-core"_s, u"us-core-3.1.1"_s, u"us-core-6.1.0"_s, u"carin-bb-2.0.0"_s})
            QVERIFY(set.load(shared(folder)));
        const QString race = u"http://hl7.org/fhir/us/core/StructureDefinition/us-core-race"_s;
        QCOMPARE(set.resolve(race + u"|3.1.1"_s).package->version(), u"3.1.1"_s);
        QCOMPARE(set.resolve(race + u"|6.1.0"_s).package->version(), u"6.1.0"_s);
        QCOMPARE(set.resolve(race, set.find(u"hl7.fhir.us.carin-bb"_s)).package->version(), u"3.1.1"_s);
        QCOMPARE(set.baseDefinition(u"Patient"_s).package->name(), u"hl7.fhir.r4.core"_s);
        QCOMPARE(set.packageContaining(shared(u"us-core-6.1.0/example/Patient-example.json"_s))->version(), u"6.1.0"_s);
    }
};

QTEST_GUILESS_MAIN(TestFhirPackages)
#include "TestFhirPackages.moc"
