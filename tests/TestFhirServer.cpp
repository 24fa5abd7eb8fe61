// End to end: the real sandbox server on port 0, loaded with every official C4BB 2.0.0 and
// US Core 6.1.0 example, driven over loopback HTTP as an app would.

#include "support/HttpTestClient.h"
#include "support/StoreFixture.h"

#include "fhir/io/ResourceImporter.h"
#include "fhir/search/SearchIndexer.h"
#include "fhir/store/SqlResourceStore.h"
#include "sandbox/SandboxServer.h"

#include <QDir>
#include <QJsonArray>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

using namespace paw;
using test::HttpTestClient;
using test::HttpResult;

namespace {

const QStringList kExampleFolders{QStringLiteral(PAW_FHIR_PACKAGES "/carin-bb-2.0.0/example"),
                                  QStringLiteral(PAW_FHIR_PACKAGES "/us-core-6.1.0/example")};

QJsonObject withoutMeta(QJsonObject resource)
{
    resource.remove(QStringLiteral("meta"));
    return resource;
}

QString escapeValue(QString value)
{
    value.replace(QStringLiteral("\\"), QStringLiteral("\\\\"));
    value.replace(QStringLiteral(","), QStringLiteral("\\,"));
    value.replace(QStringLiteral("|"), QStringLiteral("\\|"));
    value.replace(QStringLiteral("$"), QStringLiteral("\\$"));
    return value;
}

QString instant(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

QStringList entryIds(const QJsonObject &bundle, const QString &mode = QStringLiteral("match"))
{
    QStringList ids;
    for (const QJsonValue &e : bundle.value(QStringLiteral("entry")).toArray()) {
        const QJsonObject entry = e.toObject();
        if (entry.value(QStringLiteral("search")).toObject().value(QStringLiteral("mode")).toString() != mode)
            continue;
        const QJsonObject r = entry.value(QStringLiteral("resource")).toObject();
        ids << r.value(QStringLiteral("resourceType")).toString() + QLatin1Char('/') + r.value(QStringLiteral("id")).toString();
    }
    return ids;
}

QString nextLink(const QJsonObject &bundle)
{
    for (const QJsonValue &l : bundle.value(QStringLiteral("link")).toArray()) {
        if (l.toObject().value(QStringLiteral("relation")).toString() == QLatin1String("next"))
            return l.toObject().value(QStringLiteral("url")).toString();
    }
    return {};
}

} // namespace

class TestFhirServer : public QObject
{
    Q_OBJECT

private:
    QUrl url(const QString &pathAndQuery) const { return QUrl(m_base + pathAndQuery); }
    HttpResult get(const QString &pathAndQuery, const QList<QPair<QByteArray, QByteArray>> &headers = {})
    {
        return m_client.get(url(pathAndQuery), headers);
    }
    void verifyOutcome(const HttpResult &result, int status)
    {
        QCOMPARE(result.status, status);
        QVERIFY2(result.header("Content-Type").startsWith("application/fhir+json"), result.header("Content-Type").constData());
        QCOMPARE(result.json().value(QStringLiteral("resourceType")).toString(), QStringLiteral("OperationOutcome"));
        QVERIFY(!result.json().value(QStringLiteral("issue")).toArray().isEmpty());
    }

    QTemporaryDir m_dir;
    sandbox::SandboxServer m_server;
    QString m_base;
    HttpTestClient m_client;
    QHash<QString, QJsonObject> m_examples; // "Type/id" -> the example as published
    std::unique_ptr<fhir::SqlResourceStore> m_store;

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY2(QDir(kExampleFolders.first()).exists(), "the official FHIR packages must be beside the project (../shared/fhir)");
        sandbox::SandboxConfig config;
        config.databaseUrl = QStringLiteral("sqlite:") + m_dir.filePath(QStringLiteral("paw.sqlite"));
        config.http.port = 0;
        config.http.threads = 2;
        config.open = true;
        const QString error = m_server.start(config);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        m_base = m_server.fhirBaseUrl();

        m_store = std::make_unique<fhir::SqlResourceStore>(m_server.database(), fhir::SearchParameterRegistry::builtIn(),
                                                           platform::Clock::system(), m_base);
        fhir::ResourceImporter importer(*m_store);
        const QStringList served = fhir::SearchParameterRegistry::builtIn().resourceTypes();
        for (const QString &folder : kExampleFolders) {
            const QStringList files = QDir(folder).entryList({QStringLiteral("*.json")}, QDir::Files, QDir::Name);
            for (const QString &name : files) {
                const QString path = QDir(folder).filePath(name);
                auto parsed = fhir::ResourceImporter::readFile(path);
                QVERIFY2(parsed, qPrintable(parsed ? QString() : parsed.error().toString()));
                bool allServed = true;
                for (const QByteArray &document : std::as_const(parsed->documents)) {
                    const QString type = QJsonDocument::fromJson(document).object().value(QStringLiteral("resourceType")).toString();
                    allServed = allServed && served.contains(type);
                }
                const auto result = importer.importFile(path);
                if (!allServed) {
                    // A file with a type PAW does not serve imports nothing and says why.
                    QVERIFY2(!result, qPrintable(path));
                    QVERIFY2(result.error().message.contains(QStringLiteral("is not served")), qPrintable(result.error().toString()));
                    continue;
                }
                QVERIFY2(result, qPrintable(result ? QString() : result.error().toString()));
                for (const QByteArray &document : std::as_const(parsed->documents)) {
                    const QJsonObject r = QJsonDocument::fromJson(document).object();
                    m_examples.insert(r.value(QStringLiteral("resourceType")).toString() + QLatin1Char('/') + r.value(QStringLiteral("id")).toString(), r);
                }
            }
        }
        // Types and elements no official example carries, so that every parameter is exercised.
        QList<QJsonObject> synthetic{
            QJsonDocument::fromJson(PAW_JSON({"resourceType":"MedicationStatement","id":"paw-ms1","status":"active",
                "medicationCodeableConcept":{"coding":[{"system":"http://www.nlm.nih.gov/research/umls/rxnorm","code":"197361"}]},
                "subject":{"reference":"Patient/Patient1"},"effectiveDateTime":"2021-05-06"})).object(),
            QJsonDocument::fromJson(PAW_JSON({"resourceType":"PractitionerRole","id":"paw-pr1","active":true,
                "practitioner":{"reference":"Practitioner/Practitioner1"},"endpoint":[{"reference":"Endpoint/paw-ep1"}],
                "specialty":[{"coding":[{"system":"http://nucc.org/provider-taxonomy","code":"208D00000X"}]}]})).object(),
            QJsonDocument::fromJson(PAW_JSON({"resourceType":"Encounter","id":"paw-enc1","status":"finished",
                "identifier":[{"system":"urn:oid:1.2.3","value":"enc-42"}],
                "class":{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"AMB"},
                "subject":{"reference":"Patient/Patient1"}})).object(),
            QJsonDocument::fromJson(PAW_JSON({"resourceType":"MedicationDispense","id":"paw-md1","status":"completed",
                "medicationReference":{"reference":"Medication/paw-med1"},"subject":{"reference":"Patient/Patient1"}})).object(),
        };
        // No official example carries a security label: one resource of each type has one (`_security`).
        QList<QJsonObject> labelled;
        for (const QString &type : served) {
            labelled << QJsonObject{{QStringLiteral("resourceType"), type},
                                    {QStringLiteral("id"), QStringLiteral("paw-labelled")},
                                    {QStringLiteral("meta"),
                                     QJsonObject{{QStringLiteral("security"),
                                                  QJsonArray{QJsonObject{
                                                      {QStringLiteral("system"), QStringLiteral("http://terminology.hl7.org/CodeSystem/v3-ActCode")},
                                                      {QStringLiteral("code"), QStringLiteral("PSY")}}}}}}};
        }
        synthetic += labelled;
        QVERIFY(m_store->write(synthetic));
        for (const QJsonObject &r : synthetic)
            m_examples.insert(r.value(QStringLiteral("resourceType")).toString() + QLatin1Char('/') + r.value(QStringLiteral("id")).toString(), r);
        QVERIFY2(m_examples.size() >= 180, qPrintable(QString::number(m_examples.size())));
    }

    void everyExampleReadsBackEqual()
    {
        for (auto it = m_examples.cbegin(); it != m_examples.cend(); ++it) {
            const HttpResult result = get(QLatin1Char('/') + it.key());
            QVERIFY2(result.status == 200, qPrintable(it.key() + QStringLiteral(": ") + QString::number(result.status)));
            QCOMPARE(withoutMeta(result.json()), withoutMeta(it.value()));
            const QJsonObject meta = result.json().value(QStringLiteral("meta")).toObject();
            QCOMPARE(meta.value(QStringLiteral("versionId")).toString(), QStringLiteral("1"));
            QVERIFY(!meta.value(QStringLiteral("lastUpdated")).toString().isEmpty());
            QCOMPARE(result.header("ETag"), QByteArray("W/\"1\""));
        }
    }

    void reimportCreatesNoNewVersion()
    {
        const QString folder = kExampleFolders.first();
        const QString file = QDir(folder).filePath(QDir(folder).entryList({QStringLiteral("Patient-*.json")}).first());
        fhir::ResourceImporter importer(*m_store);
        const auto again = importer.importFile(file);
        QVERIFY(again);
        QCOMPARE(again->summary.unchanged, 1);
        QCOMPARE(again->summary.created + again->summary.updated, 0);
    }

    void searchByEveryParameterFindsTheExample_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("id");
        QTest::addColumn<QString>("parameter");
        QTest::addColumn<QString>("matching");
        QTest::addColumn<QString>("different");

        const auto &registry = fhir::SearchParameterRegistry::builtIn();
        const fhir::SearchIndexer indexer(registry);
        QSet<QString> covered;
        for (auto it = m_examples.cbegin(); it != m_examples.cend(); ++it) {
            const QString type = it.key().section(u'/', 0, 0);
            const QString id = it.key().section(u'/', 1);
            const auto stored = m_store->read(type, id);
            QVERIFY(stored);
            const fhir::IndexEntries entries = indexer.extract(QJsonDocument::fromJson(stored->json).object());
            QSet<QString> done; // one row per parameter per example
            const auto add = [&](const QString &param, const QString &matching, const QString &different) {
                if (done.contains(param) || matching.isEmpty())
                    return;
                done.insert(param);
                covered.insert(type + QLatin1Char('.') + param);
                QTest::addRow("%s %s", qPrintable(it.key()), qPrintable(param)) << type << id << param << matching << different;
            };
            for (const auto &e : entries.tokens) {
                if (e.code.isEmpty())
                    continue;
                const QString system = e.system.isEmpty() ? QString() : escapeValue(e.system) + QLatin1Char('|');
                add(e.param, system + escapeValue(e.code), system + QStringLiteral("paw-absent-code"));
            }
            for (const auto &e : entries.strings) {
                if (!e.exact.trimmed().isEmpty())
                    add(e.param, escapeValue(e.exact), QStringLiteral("zzqx-paw-absent"));
            }
            for (const auto &e : entries.dates) {
                if (e.low > std::numeric_limits<qint64>::min() && QDateTime::fromMSecsSinceEpoch(e.low, Qt::UTC).date().year() >= 1000)
                    add(e.param, QStringLiteral("ge") + instant(e.low), QStringLiteral("eq1801-01-01"));
                else if (e.high < std::numeric_limits<qint64>::max())
                    add(e.param, QStringLiteral("le") + instant(e.high), QStringLiteral("eq1801-01-01"));
            }
            for (const auto &e : entries.references) {
                if (!e.targetType.isEmpty() && !e.targetId.isEmpty())
                    add(e.param, e.targetType + QLatin1Char('/') + e.targetId, e.targetType + QStringLiteral("/paw-absent"));
                else if (!e.url.isEmpty())
                    add(e.param, escapeValue(e.url), QStringLiteral("http://absent.example.org/fhir/Patient/x"));
            }
        }
        QStringList uncovered;
        for (const QString &type : registry.resourceTypes()) {
            for (const fhir::SearchParameter *p : registry.forType(type)) {
                if (!covered.contains(type + QLatin1Char('.') + p->name))
                    uncovered << type + QLatin1Char('.') + p->name;
            }
        }
        // Every search parameter the server supports is exercised, by an official example or a synthetic one.
        QVERIFY2(uncovered.isEmpty(), qPrintable(QStringLiteral("no example has a value for ") + uncovered.join(u' ')));
        for (const char *p : {"patient", "_id", "_lastUpdated", "type", "identifier", "service-date",
                              "service-start-date", "billable-period-start"})
            QVERIFY2(covered.contains(QStringLiteral("ExplanationOfBenefit.") + QLatin1String(p)), p);
    }

    void searchByEveryParameterFindsTheExample()
    {
        QFETCH(QString, type);
        QFETCH(QString, id);
        QFETCH(QString, parameter);
        QFETCH(QString, matching);
        QFETCH(QString, different);

        const auto search = [&](const QString &value) {
            QUrlQuery query;
            query.addQueryItem(QStringLiteral("_id"), id);
            query.addQueryItem(parameter, QString::fromLatin1(QUrl::toPercentEncoding(value)));
            return get(QLatin1Char('/') + type + QLatin1Char('?') + query.toString(QUrl::FullyEncoded));
        };
        const HttpResult found = search(matching);
        QVERIFY2(found.status == 200, found.body.constData());
        QCOMPARE(entryIds(found.json()), QStringList{type + QLatin1Char('/') + id});
        QCOMPARE(found.json().value(QStringLiteral("total")).toInt(), 1);

        const HttpResult missed = search(different);
        QVERIFY2(missed.status == 200, missed.body.constData());
        QCOMPARE(entryIds(missed.json()), QStringList());
    }

    void readsSeeWhatIsWrittenAfterThem()
    {
        // Every worker must read the store as it is now, not a snapshot kept from an earlier read.
        const QString path = QStringLiteral("/Patient/paw-late-arrival");
        for (int i = 0; i < 4; ++i)
            QCOMPARE(get(path).status, 404); // several requests, so that every worker has read once
        QVERIFY(m_store->write({QJsonObject{{QStringLiteral("resourceType"), QStringLiteral("Patient")},
                                            {QStringLiteral("id"), QStringLiteral("paw-late-arrival")}}}));
        for (int i = 0; i < 4; ++i)
            QCOMPARE(get(path).status, 200);
        QVERIFY(m_store->write({QJsonObject{{QStringLiteral("resourceType"), QStringLiteral("Patient")},
                                            {QStringLiteral("id"), QStringLiteral("paw-late-arrival")},
                                            {QStringLiteral("gender"), QStringLiteral("other")}}}));
        for (int i = 0; i < 4; ++i)
            QCOMPARE(get(path).header("ETag"), QByteArray("W/\"2\""));
    }

    void postSearchEqualsGet()
    {
        const QString query = QStringLiteral("patient=Patient/Patient1&_count=50");
        const HttpResult viaGet = get(QStringLiteral("/ExplanationOfBenefit?") + query);
        const HttpResult viaPost = m_client.send("POST", url(QStringLiteral("/ExplanationOfBenefit/_search")),
                                                 {{"Content-Type", "application/x-www-form-urlencoded"}}, query.toUtf8());
        QCOMPARE(viaGet.status, 200);
        QCOMPARE(viaPost.status, 200);
        QVERIFY(!entryIds(viaGet.json()).isEmpty());
        QCOMPARE(entryIds(viaPost.json()), entryIds(viaGet.json()));
        QCOMPARE(viaPost.json().value(QStringLiteral("total")), viaGet.json().value(QStringLiteral("total")));
    }

    void referenceValueWithAndWithoutType()
    {
        const HttpResult typed = get(QStringLiteral("/ExplanationOfBenefit?patient=Patient/Patient1"));
        const HttpResult bare = get(QStringLiteral("/ExplanationOfBenefit?patient=Patient1"));
        const HttpResult absolute = m_client.get(QUrl(m_base + QStringLiteral("/ExplanationOfBenefit?patient=")
                                                      + QString::fromLatin1(QUrl::toPercentEncoding(m_base + QStringLiteral("/Patient/Patient1")))));
        QVERIFY(!entryIds(typed.json()).isEmpty());
        QCOMPARE(entryIds(bare.json()), entryIds(typed.json()));
        QCOMPARE(entryIds(absolute.json()), entryIds(typed.json()));
    }

    void pagingVisitsEveryMatchOnceWhileImportsRun()
    {
        const HttpResult all = get(QStringLiteral("/Observation?_count=500"));
        const QStringList expected = entryIds(all.json());
        QVERIFY(expected.size() > 20);

        QStringList seen;
        QString link = m_base + QStringLiteral("/Observation?_count=7");
        int pages = 0;
        while (!link.isEmpty() && pages < 100) {
            const HttpResult page = m_client.get(QUrl(link));
            QCOMPARE(page.status, 200);
            seen += entryIds(page.json());
            link = nextLink(page.json());
            if (pages++ == 1) {
                // New Observations arrive between page 2 and 3: the walk must not see them.
                QList<QJsonObject> fresh;
                for (int i = 0; i < 5; ++i)
                    fresh << QJsonObject{{QStringLiteral("resourceType"), QStringLiteral("Observation")},
                                         {QStringLiteral("id"), QStringLiteral("paging-new-%1").arg(i)},
                                         {QStringLiteral("status"), QStringLiteral("final")},
                                         {QStringLiteral("code"), QJsonObject{{QStringLiteral("text"), QStringLiteral("new")}}}};
                QVERIFY(m_store->write(fresh));
            }
        }
        QCOMPARE(QSet<QString>(seen.cbegin(), seen.cend()).size(), seen.size()); // no duplicates
        QStringList sortedSeen = seen, sortedExpected = expected;
        sortedSeen.sort();
        sortedExpected.sort();
        QCOMPARE(sortedSeen, sortedExpected);
    }

    void includeFollowsReferences()
    {
        const HttpResult result = get(QStringLiteral("/ExplanationOfBenefit?patient=Patient1&_include=ExplanationOfBenefit:patient"
                                                     "&_include=ExplanationOfBenefit:insurer"));
        QCOMPARE(result.status, 200);
        const QStringList included = entryIds(result.json(), QStringLiteral("include"));
        QVERIFY2(included.contains(QStringLiteral("Patient/Patient1")), qPrintable(included.join(u' ')));
        QVERIFY2(std::any_of(included.cbegin(), included.cend(), [](const QString &id) { return id.startsWith(QStringLiteral("Organization/")); }),
                 qPrintable(included.join(u' ')));
        const HttpResult star = get(QStringLiteral("/ExplanationOfBenefit?patient=Patient1&_include=ExplanationOfBenefit:*"));
        QVERIFY(entryIds(star.json(), QStringLiteral("include")).size() >= included.size());
    }

    void errorsAreOperationOutcomes_data()
    {
        QTest::addColumn<QByteArray>("method");
        QTest::addColumn<QString>("path");
        QTest::addColumn<QByteArray>("accept");
        QTest::addColumn<int>("status");
        QTest::addRow("an unknown search parameter is a bad request") << QByteArray("GET") << QStringLiteral("/Patient?shoe-size=9") << QByteArray() << 400;
        QTest::addRow("a malformed date is a bad request") << QByteArray("GET") << QStringLiteral("/Patient?birthdate=1990-13-45") << QByteArray() << 400;
        QTest::addRow("an unknown modifier is a bad request") << QByteArray("GET") << QStringLiteral("/Patient?gender:fuzzy=male") << QByteArray() << 400;
        QTest::addRow("an unknown type is not found") << QByteArray("GET") << QStringLiteral("/Spaceship/1") << QByteArray() << 404;
        QTest::addRow("an unknown id is not found") << QByteArray("GET") << QStringLiteral("/Patient/no-such-patient") << QByteArray() << 404;
        QTest::addRow("an unknown version is not found") << QByteArray("GET") << QStringLiteral("/Patient/Patient1/_history/99") << QByteArray() << 404;
        QTest::addRow("an unknown path is not found") << QByteArray("GET") << QStringLiteral("/Patient/Patient1/everything/else") << QByteArray() << 404;
        QTest::addRow("PUT is not allowed") << QByteArray("PUT") << QStringLiteral("/Patient/Patient1") << QByteArray() << 405;
        QTest::addRow("DELETE is not allowed") << QByteArray("DELETE") << QStringLiteral("/Patient/Patient1") << QByteArray() << 405;
        QTest::addRow("POST create is not allowed") << QByteArray("POST") << QStringLiteral("/Patient") << QByteArray() << 405;
        QTest::addRow("XML by _format is not acceptable") << QByteArray("GET") << QStringLiteral("/Patient/Patient1?_format=xml") << QByteArray() << 406;
        QTest::addRow("XML by Accept is not acceptable") << QByteArray("GET") << QStringLiteral("/Patient/Patient1") << QByteArray("application/fhir+xml") << 406;
    }

    void errorsAreOperationOutcomes()
    {
        QFETCH(QByteArray, method);
        QFETCH(QString, path);
        QFETCH(QByteArray, accept);
        QFETCH(int, status);
        QList<QPair<QByteArray, QByteArray>> headers;
        if (!accept.isEmpty())
            headers << qMakePair(QByteArray("Accept"), accept);
        const HttpResult result = m_client.send(method, url(path), headers, method == "GET" ? QByteArray() : QByteArray("{}"));
        verifyOutcome(result, status);
        if (status == 405)
            QVERIFY(result.header("Allow").contains("GET"));
    }

    void lenientHandlingIgnoresUnknownParameters()
    {
        const HttpResult result = get(QStringLiteral("/Patient?shoe-size=9&_id=Patient1"), {{"Prefer", "handling=lenient"}});
        QCOMPARE(result.status, 200);
        QCOMPARE(entryIds(result.json()), QStringList{QStringLiteral("Patient/Patient1")});
        QCOMPARE(entryIds(result.json(), QStringLiteral("outcome")).size(), 1);
    }

    void conditionalReadAnswersNotModified()
    {
        const HttpResult first = get(QStringLiteral("/Patient/Patient1"));
        QCOMPARE(first.status, 200);
        const QByteArray etag = first.header("ETag");
        QCOMPARE(etag, QByteArray("W/\"1\""));
        QVERIFY(!first.header("Last-Modified").isEmpty());
        QCOMPARE(get(QStringLiteral("/Patient/Patient1"), {{"If-None-Match", etag}}).status, 304);
        QCOMPARE(get(QStringLiteral("/Patient/Patient1"), {{"If-None-Match", "W/\"7\""}}).status, 200);
        QCOMPARE(get(QStringLiteral("/Patient/Patient1"), {{"If-Modified-Since", first.header("Last-Modified")}}).status, 304);
        QCOMPARE(get(QStringLiteral("/Patient/Patient1/_history/1")).status, 200);
    }

    void headAnswersWithoutBody()
    {
        const HttpResult head = m_client.send("HEAD", url(QStringLiteral("/Patient/Patient1")));
        QCOMPARE(head.status, 200);
        QVERIFY(head.body.isEmpty());
        QCOMPARE(head.header("ETag"), QByteArray("W/\"1\""));
    }

    void browserAppsGetCorsAnswers()
    {
        // A browser app's preflight, then the real request: both must carry the CORS headers.
        const HttpResult preflight = m_client.send("OPTIONS", url(QStringLiteral("/Patient")),
                                                   {{"Origin", "https://app.example"},
                                                    {"Access-Control-Request-Method", "GET"},
                                                    {"Access-Control-Request-Headers", "authorization"}});
        QCOMPARE(preflight.status, 204);
        QVERIFY(!preflight.header("Access-Control-Allow-Origin").isEmpty());
        QVERIFY(preflight.header("Access-Control-Allow-Methods").contains("GET"));
        QVERIFY(preflight.header("Access-Control-Allow-Headers").toLower().contains("authorization"));

        const HttpResult read = get(QStringLiteral("/Patient/Patient1"), {{"Origin", "https://app.example"}});
        QCOMPARE(read.status, 200);
        QVERIFY(!read.header("Access-Control-Allow-Origin").isEmpty());
        QVERIFY(read.header("Access-Control-Expose-Headers").contains("ETag"));
        QCOMPARE(read.header("X-Content-Type-Options"), QByteArray("nosniff"));
    }

    void oversizedBodyIsRefused()
    {
        const QByteArray body(2 * 1024 * 1024, 'a');
        const HttpResult result = m_client.send("POST", url(QStringLiteral("/Patient/_search")),
                                                {{"Content-Type", "application/x-www-form-urlencoded"}}, body);
        QCOMPARE(result.status, 413);
    }

    void summaryCountAndElements()
    {
        const HttpResult count = get(QStringLiteral("/Patient?_summary=count"));
        QCOMPARE(count.status, 200);
        QVERIFY(count.json().value(QStringLiteral("total")).toInt() >= 2);
        QVERIFY(!count.json().contains(QStringLiteral("entry")));

        const HttpResult elements = get(QStringLiteral("/Patient?_id=Patient1&_elements=gender"));
        const QJsonObject patient = elements.json().value(QStringLiteral("entry")).toArray().first().toObject()
                                        .value(QStringLiteral("resource")).toObject();
        QVERIFY(patient.contains(QStringLiteral("gender")));
        QVERIFY(!patient.contains(QStringLiteral("name")));
        QVERIFY(QJsonDocument(patient.value(QStringLiteral("meta")).toObject()).toJson().contains("SUBSETTED"));
    }

    void capabilityStatementDescribesTheServer()
    {
        const HttpResult result = get(QStringLiteral("/metadata"));
        QCOMPARE(result.status, 200);
        const QJsonObject cs = result.json();
        QCOMPARE(cs.value(QStringLiteral("resourceType")).toString(), QStringLiteral("CapabilityStatement"));
        QCOMPARE(cs.value(QStringLiteral("fhirVersion")).toString(), QStringLiteral("4.0.1"));
        const QByteArray text = result.body;
        QVERIFY(text.contains("http://hl7.org/fhir/us/carin-bb/CapabilityStatement/c4bb"));
        QVERIFY(text.contains("http://hl7.org/fhir/us/core/CapabilityStatement/us-core-server"));
        QSet<QString> types;
        for (const QJsonValue &r : cs.value(QStringLiteral("rest")).toArray().first().toObject().value(QStringLiteral("resource")).toArray()) {
            const QJsonObject resource = r.toObject();
            types.insert(resource.value(QStringLiteral("type")).toString());
            if (resource.value(QStringLiteral("type")).toString() == QLatin1String("ExplanationOfBenefit")) {
                QStringList names;
                for (const QJsonValue &p : resource.value(QStringLiteral("searchParam")).toArray())
                    names << p.toObject().value(QStringLiteral("name")).toString();
                for (const char *p : {"patient", "_id", "_lastUpdated", "type", "identifier", "service-date", "service-start-date", "billable-period-start"})
                    QVERIFY2(names.contains(QLatin1String(p)), p);
            }
        }
        QCOMPARE(types.size(), 21);
    }
};

QTEST_GUILESS_MAIN(TestFhirServer)
#include "TestFhirServer.moc"
