#include "fhir/io/ResourceImporter.h"

#include "support/StoreFixture.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace paw::fhir;
using paw::test::jsonObject;
using paw::test::references;
using paw::test::StoreFixture;

namespace {

// Every current resource of the store as "Type/id", sorted.
QStringList everything(const StoreFixture &f)
{
    QStringList out;
    const QStringList types = f.registry.resourceTypes();
    for (const QString &type : types) {
        const QString error = f.store->forEach(type, [&out](const StoredResource &r) {
            out << r.type + u'/' + r.id;
            return true;
        });
        if (!error.isEmpty())
            out << u"error: "_s + error;
    }
    out.sort();
    return out;
}

QString writeFile(const QTemporaryDir &dir, const QString &name, const QByteArray &content)
{
    const QString path = dir.filePath(name);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(content) != content.size())
        qFatal("cannot write %s", qUtf8Printable(path));
    return path;
}

QJsonObject stored(const StoreFixture &f, const QString &type, const QString &id)
{
    const auto r = f.store->read(type, id);
    return r ? QJsonDocument::fromJson(r->json).object() : QJsonObject();
}

const QByteArray kGoodFile = PAW_JSON({"resourceType":"Patient","id":"good","gender":"female"});

} // namespace

class TestResourceImporter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void importsEachFormat_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QStringList>("expected");
        QTest::newRow("imports a transaction Bundle of PUT and POST entries")
            << QByteArray(PAW_JSON({"resourceType":"Bundle","type":"transaction","entry":[
                   {"resource":{"resourceType":"Patient","id":"p1"},"request":{"method":"PUT","url":"Patient/p1"}},
                   {"resource":{"resourceType":"Organization","id":"o1"},"request":{"method":"POST","url":"Organization"}}]}))
            << QStringList{u"Organization/o1"_s, u"Patient/p1"_s};
        QTest::newRow("imports a batch Bundle")
            << QByteArray(PAW_JSON({"resourceType":"Bundle","type":"batch","entry":[
                   {"resource":{"resourceType":"Patient","id":"p1"},"request":{"method":"PUT","url":"Patient/p1"}}]}))
            << QStringList{u"Patient/p1"_s};
        QTest::newRow("imports a collection Bundle")
            << QByteArray(PAW_JSON({"resourceType":"Bundle","type":"collection","entry":[
                   {"resource":{"resourceType":"Patient","id":"p1"}},{"resource":{"resourceType":"Patient","id":"p2"}}]}))
            << QStringList{u"Patient/p1"_s, u"Patient/p2"_s};
        QTest::newRow("imports a searchset Bundle's matches and includes, not its outcome")
            << QByteArray(PAW_JSON({"resourceType":"Bundle","type":"searchset","entry":[
                   {"resource":{"resourceType":"Patient","id":"p1"},"search":{"mode":"match"}},
                   {"resource":{"resourceType":"Organization","id":"o1"},"search":{"mode":"include"}},
                   {"resource":{"resourceType":"OperationOutcome","id":"oo","issue":[]},"search":{"mode":"outcome"}}]}))
            << QStringList{u"Organization/o1"_s, u"Patient/p1"_s};
        QTest::newRow("imports a Bundle entry's id from its fullUrl")
            << QByteArray(PAW_JSON({"resourceType":"Bundle","type":"collection","entry":[
                   {"fullUrl":"http://example.org/fhir/Patient/from-url","resource":{"resourceType":"Patient"}}]}))
            << QStringList{u"Patient/from-url"_s};
        QTest::newRow("imports a single resource")
            << kGoodFile << QStringList{u"Patient/good"_s};
        QTest::newRow("imports NDJSON with blank lines")
            << QByteArray("\n" PAW_JSON({"resourceType":"Patient","id":"p1"}) "\n\n  \n"
                          PAW_JSON({"resourceType":"Organization","id":"o1"}) "\n\n")
            << QStringList{u"Organization/o1"_s, u"Patient/p1"_s};
        QTest::newRow("imports NDJSON with CRLF line ends")
            << QByteArray(PAW_JSON({"resourceType":"Patient","id":"p1"}) "\r\n" PAW_JSON({"resourceType":"Patient","id":"p2"}) "\r\n")
            << QStringList{u"Patient/p1"_s, u"Patient/p2"_s};
        QTest::newRow("imports an empty Bundle as nothing")
            << QByteArray(PAW_JSON({"resourceType":"Bundle","type":"collection"})) << QStringList();
    }
    void importsEachFormat()
    {
        QFETCH(QByteArray, content);
        QFETCH(QStringList, expected);
        StoreFixture f;
        QVERIFY2(f.ok(), qPrintable(f.error));
        ResourceImporter importer(*f.store);
        const auto result = importer.importFile(writeFile(f.dir, u"in.json"_s, content));
        QVERIFY2(result, qPrintable(result ? QString() : result.error().toString()));
        QCOMPARE(result->resources, expected.size());
        QCOMPARE(result->summary.created, expected.size());
        QCOMPARE(everything(f), expected);

        // Read and prepared ahead (as `paw import` does), the same file stores the same.
        StoreFixture g;
        QVERIFY2(g.ok(), qPrintable(g.error));
        ResourceImporter ahead(*g.store);
        auto read = ResourceImporter::readFile(f.dir.filePath(u"in.json"_s));
        QVERIFY(read);
        ahead.prepare(*read);
        QVERIFY(read->documents.isEmpty());
        const auto prepared = ahead.importParsed(f.dir.filePath(u"in.json"_s), std::move(read));
        QVERIFY2(prepared, qPrintable(prepared ? QString() : prepared.error().toString()));
        QCOMPARE(prepared->resources, expected.size());
        QCOMPARE(everything(g), expected);
        for (const QString &reference : expected) {
            const QString type = reference.section(u'/', 0, 0), id = reference.section(u'/', 1);
            QCOMPARE(g.store->read(type, id)->json, f.store->read(type, id)->json);
        }
    }

    void urnUuidEntriesGetIdsAndReferences()
    {
        StoreFixture f;
        QVERIFY2(f.ok(), qPrintable(f.error));
        const QByteArray bundle = PAW_JSON({"resourceType":"Bundle","type":"transaction","entry":[
            {"fullUrl":"urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a",
             "resource":{"resourceType":"Patient","name":[{"family":"Uuid"}]},
             "request":{"method":"POST","url":"Patient"}},
            {"fullUrl":"urn:uuid:88f151c0-a954-468a-88bd-5ae15c08e059",
             "resource":{"resourceType":"Coverage","beneficiary":{"reference":"urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a"}},
             "request":{"method":"POST","url":"Coverage"}},
            {"resource":{"resourceType":"ExplanationOfBenefit","id":"eob1",
                         "patient":{"reference":"urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a"},
                         "insurance":[{"coverage":{"reference":"urn:uuid:88f151c0-a954-468a-88bd-5ae15c08e059"}}]},
             "request":{"method":"PUT","url":"ExplanationOfBenefit/eob1"}}]});
        ResourceImporter importer(*f.store);
        const auto result = importer.importFile(writeFile(f.dir, u"tx.json"_s, bundle));
        QVERIFY2(result, qPrintable(result ? QString() : result.error().toString()));
        QCOMPARE(everything(f), (QStringList{u"Coverage/88f151c0-a954-468a-88bd-5ae15c08e059"_s,
                                             u"ExplanationOfBenefit/eob1"_s,
                                             u"Patient/61ebe359-bfdc-4613-8bf2-c5e300945f0a"_s}));
        const QJsonObject eob = stored(f, u"ExplanationOfBenefit"_s, u"eob1"_s);
        QCOMPARE(eob.value(u"patient"_s).toObject().value(u"reference"_s).toString(),
                 u"Patient/61ebe359-bfdc-4613-8bf2-c5e300945f0a"_s);
        QCOMPARE(eob.value(u"insurance"_s).toArray().at(0).toObject().value(u"coverage"_s).toObject()
                     .value(u"reference"_s).toString(),
                 u"Coverage/88f151c0-a954-468a-88bd-5ae15c08e059"_s);
        // The rewritten references are searchable and followable.
        const auto page = f.search(u"ExplanationOfBenefit"_s,
                                   u"patient=61ebe359-bfdc-4613-8bf2-c5e300945f0a&_include:iterate=Coverage:patient"
                                   u"&_include=ExplanationOfBenefit:coverage"_s);
        QVERIFY2(page, qPrintable(page ? QString() : page.error().diagnostics));
        QCOMPARE(references(page->matches), QStringList{u"ExplanationOfBenefit/eob1"_s});
        QStringList included = references(page->included);
        included.sort();
        QCOMPARE(included, (QStringList{u"Coverage/88f151c0-a954-468a-88bd-5ae15c08e059"_s,
                                        u"Patient/61ebe359-bfdc-4613-8bf2-c5e300945f0a"_s}));
    }

    void contentDerivedIdIsStable()
    {
        StoreFixture f;
        QVERIFY2(f.ok(), qPrintable(f.error));
        ResourceImporter importer(*f.store);
        const QByteArray ndjson = PAW_JSON({"resourceType":"Patient","gender":"female"}) "\n"
                                  PAW_JSON({"resourceType":"Patient","gender":"male"}) "\n";
        const QString path = writeFile(f.dir, u"noid.ndjson"_s, ndjson);
        const auto first = importer.importFile(path);
        QVERIFY2(first, qPrintable(first ? QString() : first.error().toString()));
        QCOMPARE(first->summary.created, 2);
        const QStringList ids = everything(f);
        QCOMPARE(ids.size(), 2);
        static const QRegularExpression hex(u"^Patient/[0-9a-f]{32}$"_s);
        for (const QString &id : ids)
            QVERIFY2(hex.match(id).hasMatch(), qPrintable(id));

        f.clock.advanceSecond(60);
        const auto again = importer.importFile(path);
        QVERIFY(again);
        QCOMPARE(again->summary.unchanged, 2);
        QCOMPARE(again->summary.created + again->summary.updated, 0);
        QCOMPARE(everything(f), ids);

        // The same content as a single-resource file gets the same id.
        const auto single = importer.importFile(writeFile(f.dir, u"one.json"_s, PAW_JSON({"resourceType":"Patient","gender":"male"})));
        QVERIFY(single);
        QCOMPARE(single->summary.unchanged, 1);
        QCOMPARE(everything(f), ids);
    }

    void badFileImportsNothing_data()
    {
        QTest::addColumn<QByteArray>("content");
        QTest::addColumn<QString>("location");
        QTest::addColumn<QString>("message");
        QTest::newRow("rejects an empty file") << QByteArray() << QString() << u"empty"_s;
        QTest::newRow("rejects a file of blank lines") << QByteArray("\n  \n\t\n") << QString() << u"empty"_s;
        QTest::newRow("rejects text that is not JSON") << QByteArray("hello, world") << u"line 1"_s << u"JSON"_s;
        QTest::newRow("rejects a JSON array")
            << QByteArray("[" PAW_JSON({"resourceType":"Patient","id":"a"}) "]") << QString() << u"object"_s;
        QTest::newRow("rejects a JSON object without resourceType")
            << QByteArray(PAW_JSON({"id":"a"})) << QString() << u"resourceType"_s;
        QTest::newRow("rejects a document Bundle")
            << QByteArray(PAW_JSON({"resourceType":"Bundle","type":"document","entry":[{"resource":{"resourceType":"Patient","id":"a"}}]}))
            << QString() << u"document"_s;
        QTest::newRow("rejects a message Bundle")
            << QByteArray(PAW_JSON({"resourceType":"Bundle","type":"message","entry":[{"resource":{"resourceType":"Patient","id":"a"}}]}))
            << QString() << u"message"_s;
        QTest::newRow("rejects a Bundle entry without a resource")
            << QByteArray(PAW_JSON({"resourceType":"Bundle","type":"collection","entry":[
                   {"resource":{"resourceType":"Patient","id":"a"}},{"fullUrl":"urn:uuid:x"}]}))
            << u"entry 2"_s << u"resource"_s;
        QTest::newRow("rejects a DELETE request")
            << QByteArray(PAW_JSON({"resourceType":"Bundle","type":"transaction","entry":[
                   {"resource":{"resourceType":"Patient","id":"a"},"request":{"method":"PUT","url":"Patient/a"}},
                   {"request":{"method":"DELETE","url":"Patient/good"}}]}))
            << u"entry 2"_s << u"DELETE"_s;
        QTest::newRow("rejects NDJSON with a bad line")
            << QByteArray(PAW_JSON({"resourceType":"Patient","id":"a"}) "\n\n{\"resourceType\":\n"
                          PAW_JSON({"resourceType":"Patient","id":"b"}))
            << u"line 3"_s << u"JSON"_s;
        QTest::newRow("rejects NDJSON with a line that is not a resource")
            << QByteArray(PAW_JSON({"resourceType":"Patient","id":"a"}) "\n[1,2]\n") << u"line 2"_s << u"resourceType"_s;
        QTest::newRow("rejects NDJSON with an unserved type, naming its line")
            << QByteArray(PAW_JSON({"resourceType":"Patient","id":"a"}) "\n\n" PAW_JSON({"resourceType":"Claim","id":"c"}))
            << u"line 3"_s << u"Claim"_s;
        QTest::newRow("rejects an unserved type in entry 3, naming the entry")
            << QByteArray(PAW_JSON({"resourceType":"Bundle","type":"collection","entry":[
                   {"resource":{"resourceType":"Patient","id":"a"}},
                   {"resource":{"resourceType":"Organization","id":"o"}},
                   {"resource":{"resourceType":"Claim","id":"c"}}]}))
            << u"entry 3"_s << u"Claim"_s;
        QTest::newRow("rejects an invalid id in a single resource")
            << QByteArray(PAW_JSON({"resourceType":"Patient","id":"a b"})) << u"the file"_s << u"id"_s;
    }
    void badFileImportsNothing()
    {
        QFETCH(QByteArray, content);
        QFETCH(QString, location);
        QFETCH(QString, message);
        StoreFixture f;
        QVERIFY2(f.ok(), qPrintable(f.error));
        ResourceImporter importer(*f.store);
        QVERIFY(importer.importFile(writeFile(f.dir, u"first.json"_s, PAW_JSON({"resourceType":"Patient","id":"first"}))));
        const QStringList before = everything(f);

        const QString bad = writeFile(f.dir, u"bad.json"_s, content);
        // As importFile() writes it, and as `paw import` does: read and prepared ahead, then written.
        for (const bool preparedAhead : {false, true}) {
            auto read = ResourceImporter::readFile(bad);
            if (preparedAhead && read)
                importer.prepare(*read);
            const auto result = preparedAhead ? importer.importParsed(bad, std::move(read)) : importer.importFile(bad);
            QVERIFY(!result);
            QCOMPARE(result.error().file, bad);
            QCOMPARE(result.error().location, location);
            QVERIFY2(result.error().message.contains(message, Qt::CaseInsensitive), qPrintable(result.error().toString()));
            QVERIFY(result.error().toString().startsWith(bad));
            QCOMPARE(everything(f), before);
        }

        // A good file after it still imports.
        const auto good = importer.importFile(writeFile(f.dir, u"good.json"_s, kGoodFile));
        QVERIFY2(good, qPrintable(good ? QString() : good.error().toString()));
        QCOMPARE(good->summary.created, 1);
        QCOMPARE(everything(f), QStringList(before) << u"Patient/good"_s);
    }

    void missingFileIsAnError()
    {
        StoreFixture f;
        QVERIFY2(f.ok(), qPrintable(f.error));
        ResourceImporter importer(*f.store);
        const auto result = importer.importFile(f.dir.filePath(u"absent.json"_s));
        QVERIFY(!result);
        QVERIFY(result.error().message.startsWith(u"cannot read"_s));
        QVERIFY(everything(f).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestResourceImporter)
#include "TestResourceImporter.moc"
