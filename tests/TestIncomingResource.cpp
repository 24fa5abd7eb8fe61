#include "fhir/search/SearchIndexer.h"
#include "fhir/search/SearchParameterRegistry.h"
#include "fhir/store/IncomingResource.h"
#include "support/StoreFixture.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace paw::fhir;
using namespace Qt::StringLiterals;

namespace {

const QByteArray kVersion = "\"7\"";
const QByteArray kUpdated = "\"2026-11-28T10:00:00.000Z\"";

} // namespace

class TestIncomingResource : public QObject
{
    Q_OBJECT

    const SearchIndexer m_indexer{SearchParameterRegistry::builtIn()};

    IncomingResource parsed(const QByteArray &text)
    {
        auto r = IncomingResource::parse(text, m_indexer);
        if (!r)
            qWarning() << r.error();
        return r ? *r : IncomingResource{};
    }

    // The search index entries of `actual` equal those of `expected` (QCOMPARE: the calling
    // test stops at the first difference when it returns).
    void compareIndexEntries(const IndexEntries &a, const IndexEntries &e)
    {
        QCOMPARE(a.tokens, e.tokens);
        QCOMPARE(a.strings, e.strings);
        QCOMPARE(a.dates, e.dates);
        QCOMPARE(a.references, e.references);
    }

private Q_SLOTS:
    void storedJsonKeepsMemberOrderAndSplicesTheVersion()
    {
        const IncomingResource r = parsed(PAW_JSON({"resourceType":"Patient","id":"p1","gender":"female",
                                                    "meta":{"versionId":"99","profile":["http://x/p"],"lastUpdated":"2001-01-01T00:00:00Z"},
                                                    "birthDate":"1980-02-03"}));
        QCOMPARE(r.type, u"Patient"_s);
        QCOMPARE(r.id, u"p1"_s);
        const QByteArray stored = r.stored(kVersion, kUpdated);
        QCOMPARE(stored, QByteArray(PAW_JSON({"resourceType":"Patient","id":"p1","gender":"female",
                                              "meta":{"versionId":"7","lastUpdated":"2026-11-28T10:00:00.000Z","profile":["http://x/p"]},
                                              "birthDate":"1980-02-03"})).replace(" ", ""));
    }

    void metaIsAddedAfterTheId()
    {
        const IncomingResource r = parsed(PAW_JSON({"resourceType":"Patient","id":"p1","gender":"male"}));
        QCOMPARE(r.stored(kVersion, kUpdated),
                 QByteArray("{\"resourceType\":\"Patient\",\"id\":\"p1\",\"meta\":{\"versionId\":\"7\",\"lastUpdated\":\"2026-11-28T10:00:00.000Z\"},\"gender\":\"male\"}"));
    }

    void theHashIgnoresVersionAndLastUpdatedOnly()
    {
        const IncomingResource a = parsed(PAW_JSON({"resourceType":"Patient","id":"p","gender":"male"}));
        const IncomingResource stored = parsed(a.stored(kVersion, kUpdated));
        QCOMPARE(stored.hash, a.hash); // a stored version read back and written again is unchanged
        const IncomingResource spaced = parsed("{ \"resourceType\" : \"Patient\",\n \"id\":\"p\", \"gender\": \"male\" }");
        QCOMPARE(spaced.hash, a.hash);
        const IncomingResource other = parsed(PAW_JSON({"resourceType":"Patient","id":"p","gender":"female"}));
        QVERIFY(other.hash != a.hash);
        const IncomingResource profiled = parsed(PAW_JSON({"resourceType":"Patient","id":"p","gender":"male","meta":{"profile":["http://x"]}}));
        QVERIFY(profiled.hash != a.hash);
    }

    void aMissingIdIsDerivedFromTheContent()
    {
        const IncomingResource a = parsed(PAW_JSON({"resourceType":"Patient","gender":"male"}));
        QVERIFY2(QRegularExpression(u"^[0-9a-f]{32}$"_s).match(a.id).hasMatch(), qPrintable(a.id));
        QCOMPARE(parsed("{\"gender\": \"male\", \"resourceType\": \"Patient\"}").id.size(), 32);
        QCOMPARE(parsed(PAW_JSON({"resourceType":"Patient", "gender":"male"})).id, a.id);
        QVERIFY(parsed(PAW_JSON({"resourceType":"Patient","gender":"female"})).id != a.id);
        const QJsonObject stored = QJsonDocument::fromJson(a.stored(kVersion, kUpdated)).object();
        QCOMPARE(stored.value(u"id"_s).toString(), a.id);
        QCOMPARE(stored.value(u"meta"_s).toObject().value(u"versionId"_s).toString(), u"7"_s);
        // Stored and read back, it keeps that id and is the same content.
        QCOMPARE(parsed(a.stored(kVersion, kUpdated)).hash, a.hash);
    }

    void textThatLooksLikeAPlaceholderStaysText()
    {
        const QByteArray text = PAW_JSON({"resourceType":"Patient","id":"p","gender":"\u0001paw-version\u0001"});
        const IncomingResource r = parsed(text);
        const QJsonObject stored = QJsonDocument::fromJson(r.stored(kVersion, kUpdated)).object();
        QCOMPARE(stored.value(u"gender"_s).toString(), u"\u0001paw-version\u0001"_s);
        QCOMPARE(stored.value(u"meta"_s).toObject().value(u"versionId"_s).toString(), u"7"_s);
    }

    void rejects_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::addColumn<QString>("message");
        QTest::newRow("rejects an empty text") << QByteArray() << u"JSON"_s;
        QTest::newRow("rejects a truncated object") << QByteArray("{\"resourceType\":\"Patient\"") << u"JSON"_s;
        QTest::newRow("rejects two objects") << QByteArray("{\"resourceType\":\"Patient\"} {}") << u"JSON"_s;
        QTest::newRow("rejects invalid UTF-8") << QByteArray("{\"resourceType\":\"Patient\",\"x\":\"\xc3\x28\"}") << u"JSON"_s;
        QTest::newRow("rejects a string") << QByteArray("\"Patient\"") << u"resourceType"_s;
        QTest::newRow("rejects an object without resourceType") << QByteArray("{\"id\":\"a\"}") << u"resourceType"_s;
        QTest::newRow("rejects a numeric resourceType") << QByteArray("{\"resourceType\":1}") << u"resourceType"_s;
        QTest::newRow("rejects an empty resourceType") << QByteArray("{\"resourceType\":\"\"}") << u"resourceType"_s;
        QTest::newRow("rejects an object id") << QByteArray("{\"resourceType\":\"Patient\",\"id\":{}}") << u"id"_s;
        QTest::newRow("rejects a member name with a space") << QByteArray("{\"resourceType\":\"Patient\",\"a b\":1}") << u"element name"_s;
        QTest::newRow("rejects an empty member name") << QByteArray("{\"resourceType\":\"Patient\",\"\":1}") << u"element name"_s;
        QTest::newRow("rejects a meta member name with a quote")
            << QByteArray("{\"resourceType\":\"Patient\",\"meta\":{\"a\\\"b\":1}}") << u"meta."_s;
        QTest::newRow("rejects a member given twice")
            << QByteArray("{\"resourceType\":\"Patient\",\"gender\":\"male\",\"gender\":\"female\"}") << u"twice"_s;
        QTest::newRow("rejects two metas")
            << QByteArray("{\"resourceType\":\"Patient\",\"meta\":{},\"meta\":{}}") << u"twice"_s;
        QTest::newRow("rejects a meta array") << QByteArray("{\"resourceType\":\"Patient\",\"meta\":[]}") << u"meta"_s;
    }
    void rejects()
    {
        QFETCH(QByteArray, text);
        QFETCH(QString, message);
        const auto r = IncomingResource::parse(text, m_indexer);
        QVERIFY(!r);
        QVERIFY2(r.error().contains(message), qPrintable(r.error()));
    }

    void acceptsWhatFhirJsonAllows_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("accepts primitive extensions") << QByteArray("{\"resourceType\":\"Patient\",\"_birthDate\":{\"extension\":[]}}");
        QTest::newRow("accepts escapes and non-ASCII text")
            << QByteArray("{\"resourceType\":\"Patient\",\"name\":[{\"family\":\"M\xc3\xbcller \\\"\\u00e9\\\" \\\\\"}]}");
        QTest::newRow("accepts numbers of every kind") << QByteArray("{\"resourceType\":\"Observation\",\"v\":[0,-1,1.5,1e300,18446744073709551615]}");
    }
    void acceptsWhatFhirJsonAllows()
    {
        QFETCH(QByteArray, text);
        const auto r = IncomingResource::parse(text, m_indexer);
        QVERIFY2(r, qPrintable(r ? QString() : r.error()));
        // The stored form is the same JSON as the text, apart from meta and the derived id.
        QJsonObject expected = QJsonDocument::fromJson(text).object();
        QJsonObject stored = QJsonDocument::fromJson(r->stored(kVersion, kUpdated)).object();
        QVERIFY(!stored.isEmpty());
        stored.remove(u"meta"_s);
        stored.remove(u"id"_s);
        QCOMPARE(stored, expected);
    }

    // The projection holds what the search parameters read: for every official example, the
    // index entries from it equal those from the whole resource.
    void parseIndexesTheResource_data()
    {
        QTest::addColumn<QString>("path");
        for (const char *folder : {"carin-bb-2.0.0/example", "us-core-6.1.0/example", "us-core-3.1.1/example"}) {
            const QDir dir(QStringLiteral(PAW_FHIR_PACKAGES "/") + QLatin1String(folder));
            const QStringList names = dir.entryList({u"*.json"_s}, QDir::Files, QDir::Name);
            for (const QString &name : names)
                QTest::newRow(qPrintable(QLatin1String(folder) + u'/' + name)) << dir.filePath(name);
        }
    }
    // parse() hands its parsed document to the indexer: the entries are the indexer's own.
    void parseIndexesTheResource()
    {
        QFETCH(QString, path);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QByteArray text = file.readAll();
        const QJsonObject whole = QJsonDocument::fromJson(text).object();
        if (!m_indexer.indexes(whole.value(u"resourceType"_s).toString()))
            QSKIP("a type PAW does not index");
        const auto r = IncomingResource::parse(text, m_indexer);
        QVERIFY2(r, qPrintable(r ? QString() : r.error()));
        QVERIFY(!r->entries.tokens.isEmpty()); // _id at least
        compareIndexEntries(r->entries, m_indexer.extract(whole));
    }

    // fromObject() must store exactly what parse() stores for the object's text: the same
    // bytes, placeholders and hash (re-importing an exported sandbox then changes nothing).
    void anObjectIsStoredAsItsTextWouldBe_data()
    {
        QTest::addColumn<QJsonObject>("resource");
        QTest::newRow("meta with version and lastUpdated")
            << QJsonDocument::fromJson(PAW_JSON({"resourceType":"Patient","id":"p1","gender":"female",
                                                 "meta":{"versionId":"99","profile":["http://x/p"],"lastUpdated":"2001-01-01T00:00:00Z"}})).object();
        QTest::newRow("empty meta") << QJsonDocument::fromJson(PAW_JSON({"resourceType":"Patient","id":"p1","meta":{}})).object();
        QTest::newRow("no meta") << QJsonDocument::fromJson(PAW_JSON({"resourceType":"Patient","id":"p1","active":true})).object();
        QTest::newRow("no id") << QJsonDocument::fromJson(PAW_JSON({"resourceType":"Patient","meta":{"source":"x"}})).object();
        // A value that reads like fromObject()'s own mark for meta, before meta and after it.
        QTest::newRow("text like the meta mark")
            << QJsonDocument::fromJson(PAW_JSON({"resourceType":"Patient","id":"p1","meta":{},"contained":[{"resourceType":"Patient",
                                                 "meta":"\u0001paw-meta\u0001"}],"text":{"div":"\u0001paw-meta\u0001"}})).object();
        QTest::newRow("numbers, text and nesting")
            << QJsonDocument::fromJson(PAW_JSON({"resourceType":"Observation","id":"o.1","meta":{"security":[{"code":"PSY"}]},
                                                 "valueQuantity":{"value":0.1},"component":[{"valueInteger":-3},{"valueDecimal":1e21},
                                                 {"valueDecimal":123.45}],"note":[{"text":"quote \" slash \\ tab \t \u0001 é 💊"}],
                                                 "issued":null})).object();
        for (const char *folder : {"carin-bb-2.0.0/example", "us-core-6.1.0/example"}) {
            const QDir dir(QStringLiteral(PAW_FHIR_PACKAGES "/") + QLatin1String(folder));
            const QStringList names = dir.entryList({u"*.json"_s}, QDir::Files, QDir::Name);
            for (const QString &name : names) {
                QFile file(dir.filePath(name));
                if (file.open(QIODevice::ReadOnly))
                    QTest::newRow(qPrintable(QLatin1String(folder) + u'/' + name)) << QJsonDocument::fromJson(file.readAll()).object();
            }
        }
    }
    void anObjectIsStoredAsItsTextWouldBe()
    {
        QFETCH(QJsonObject, resource);
        const auto expected = IncomingResource::parse(QJsonDocument(resource).toJson(QJsonDocument::Compact), m_indexer);
        const auto actual = IncomingResource::fromObject(resource, m_indexer);
        QVERIFY2(expected, qPrintable(expected ? QString() : expected.error()));
        QVERIFY2(actual, qPrintable(actual ? QString() : actual.error()));
        QCOMPARE(actual->type, expected->type);
        QCOMPARE(actual->id, expected->id);
        QCOMPARE(actual->json, expected->json);
        QCOMPARE(actual->versionAt, expected->versionAt);
        QCOMPARE(actual->updatedAt, expected->updatedAt);
        QCOMPARE(actual->hash, expected->hash);
        QCOMPARE(actual->stored(kVersion, kUpdated), expected->stored(kVersion, kUpdated));
        compareIndexEntries(actual->entries, expected->entries);
    }

    void anObjectIsCheckedLikeText_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("member name") << QByteArray(PAW_JSON({"resourceType":"Patient","id":"p1","meta":{},"bad-name":1}));
        QTest::newRow("empty resourceType") << QByteArray(PAW_JSON({"resourceType":"","id":"p1","meta":{}}));
        QTest::newRow("resourceType not text") << QByteArray(PAW_JSON({"resourceType":7,"id":"p1","meta":{}}));
        QTest::newRow("no resourceType") << QByteArray(PAW_JSON({"id":"p1","meta":{}}));
        QTest::newRow("meta not an object") << QByteArray(PAW_JSON({"resourceType":"Patient","id":"p1","meta":[]}));
        QTest::newRow("id not text") << QByteArray(PAW_JSON({"resourceType":"Patient","id":5,"meta":{}}));
    }
    void anObjectIsCheckedLikeText()
    {
        QFETCH(QByteArray, text);
        QVERIFY(!IncomingResource::parse(text, m_indexer));
        QVERIFY(!IncomingResource::fromObject(QJsonDocument::fromJson(text).object(), m_indexer));
    }

    void parseIndexesAnEob()
    {
        QFile file(QStringLiteral(PAW_FHIR_PACKAGES "/carin-bb-2.0.0/example/ExplanationOfBenefit-EOBInpatient1.json"));
        QVERIFY(file.open(QIODevice::ReadOnly));
        const auto r = IncomingResource::parse(file.readAll(), m_indexer);
        QVERIFY(r);
        const auto patient = std::find_if(r->entries.references.cbegin(), r->entries.references.cend(),
                                          [](const IndexEntries::Reference &e) { return e.param == u"patient"_s; });
        QVERIFY(patient != r->entries.references.cend());
        QCOMPARE(patient->targetType, u"Patient"_s);
        QVERIFY(std::any_of(r->entries.dates.cbegin(), r->entries.dates.cend(),
                            [](const IndexEntries::Date &e) { return e.param == u"billable-period-start"_s; }));
    }
};

QTEST_GUILESS_MAIN(TestIncomingResource)
#include "TestIncomingResource.moc"
