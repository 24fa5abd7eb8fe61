// The `paw` executable as scripts use it: exit statuses, stdout/stderr, and what lands in the store.

#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTemporaryDir>
#include <QTest>

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

Run paw(const QStringList &arguments, int timeoutMs = 60000, const QByteArray &input = {})
{
    QProcess process;
    process.start(QStringLiteral(PAW_BINARY), arguments);
    if (!input.isEmpty()) {
        process.write(input);
        process.closeWriteChannel();
    }
    process.waitForFinished(timeoutMs);
    return Run{process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1, process.readAllStandardOutput(),
               process.readAllStandardError()};
}

void writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(content);
}

} // namespace

class TestCommandLine : public QObject
{
    Q_OBJECT

private:
    QString database() const { return QStringLiteral("sqlite:") + m_dir.filePath(QStringLiteral("paw.sqlite")); }
    QTemporaryDir m_dir;

private Q_SLOTS:
    void initTestCase()
    {
        // A command given --database alone keeps its signing keys in the default data folder: in
        // this test's own folder (the children inherit the environment), never the user's.
        QVERIFY(m_dir.isValid());
        qputenv("XDG_DATA_HOME", m_dir.filePath(QStringLiteral("xdg-data")).toLocal8Bit());
    }

    void usageErrorsExitWithTwo_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addRow("an unknown command") << QStringList{QStringLiteral("fly")};
        QTest::addRow("serve with an access lifetime that is not a number") << QStringList{QStringLiteral("serve"), QStringLiteral("--access-lifetime"), QStringLiteral("forever")};
        QTest::addRow("serve with a code lifetime of an hour") << QStringList{QStringLiteral("serve"), QStringLiteral("--code-lifetime"), QStringLiteral("3600")};
        QTest::addRow("serve with a port that is not a number") << QStringList{QStringLiteral("serve"), QStringLiteral("--open"), QStringLiteral("--port"), QStringLiteral("eighty")};
        QTest::addRow("serve with an address that is not an IP") << QStringList{QStringLiteral("serve"), QStringLiteral("--open"), QStringLiteral("--listen"), QStringLiteral("example.org")};
        QTest::addRow("import with no file") << QStringList{QStringLiteral("import")};
        QTest::addRow("export without --out") << QStringList{QStringLiteral("export")};
        QTest::addRow("an unknown option") << QStringList{QStringLiteral("import"), QStringLiteral("--frobnicate"), QStringLiteral("x.json")};
        QTest::addRow("client add with an http redirect URI")
            << QStringList{QStringLiteral("client"), QStringLiteral("add"), QStringLiteral("--name"), QStringLiteral("A"), QStringLiteral("--type"),
                           QStringLiteral("public"), QStringLiteral("--redirect-uri"), QStringLiteral("http://example.org/cb")};
        QTest::addRow("client add with an unknown type")
            << QStringList{QStringLiteral("client"), QStringLiteral("add"), QStringLiteral("--name"), QStringLiteral("A"), QStringLiteral("--type"),
                           QStringLiteral("secret"), QStringLiteral("--redirect-uri"), QStringLiteral("https://a.example/cb")};
        QTest::addRow("client show without an id") << QStringList{QStringLiteral("client"), QStringLiteral("show")};
        QTest::addRow("serve with --tls-cert but no --tls-key")
            << QStringList{QStringLiteral("serve"), QStringLiteral("--open"), QStringLiteral("--tls-cert"), QStringLiteral("cert.pem")};
        QTest::addRow("serve with --tls and files of its own")
            << QStringList{QStringLiteral("serve"), QStringLiteral("--open"), QStringLiteral("--tls"), QStringLiteral("--tls-cert"),
                           QStringLiteral("c.pem"), QStringLiteral("--tls-key"), QStringLiteral("k.pem")};
        QTest::addRow("delegate without an action") << QStringList{QStringLiteral("delegate")};
        QTest::addRow("delegate with an unknown action") << QStringList{QStringLiteral("delegate"), QStringLiteral("suspend")};
        QTest::addRow("delegate add without --member")
            << QStringList{QStringLiteral("delegate"), QStringLiteral("add"), QStringLiteral("--delegate"), QStringLiteral("parent-0"),
                           QStringLiteral("--relationship"), QStringLiteral("parent")};
        QTest::addRow("delegate add with an unknown relationship")
            << QStringList{QStringLiteral("delegate"), QStringLiteral("add"), QStringLiteral("--delegate"), QStringLiteral("parent-0"),
                           QStringLiteral("--member"), QStringLiteral("m000001"), QStringLiteral("--relationship"), QStringLiteral("cousin")};
        QTest::addRow("delegate add with --until that is not a date")
            << QStringList{QStringLiteral("delegate"), QStringLiteral("add"), QStringLiteral("--delegate"), QStringLiteral("parent-0"),
                           QStringLiteral("--member"), QStringLiteral("m000001"), QStringLiteral("--relationship"), QStringLiteral("parent"),
                           QStringLiteral("--until"), QStringLiteral("next year")};
        QTest::addRow("delegate revoke without --member")
            << QStringList{QStringLiteral("delegate"), QStringLiteral("revoke"), QStringLiteral("--delegate"), QStringLiteral("parent-0")};
        QTest::addRow("delegate list with an option of add")
            << QStringList{QStringLiteral("delegate"), QStringLiteral("list"), QStringLiteral("--no-sensitive")};
        QTest::addRow("audit with --limit 0") << QStringList{QStringLiteral("audit"), QStringLiteral("--limit"), QStringLiteral("0")};
        QTest::addRow("audit with --since that is not a time")
            << QStringList{QStringLiteral("audit"), QStringLiteral("--since"), QStringLiteral("yesterday")};
        QTest::addRow("key without an action") << QStringList{QStringLiteral("key")};
        QTest::addRow("key with an unknown action") << QStringList{QStringLiteral("key"), QStringLiteral("delete")};
        QTest::addRow("key with a database, which it has no use for")
            << QStringList{QStringLiteral("key"), QStringLiteral("list"), QStringLiteral("--database"), QStringLiteral("sqlite:x")};
    }
    void usageErrorsExitWithTwo()
    {
        QFETCH(QStringList, arguments);
        const Run run = paw(arguments);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.startsWith("paw: "), run.err.constData());
    }

    void windowWithoutDisplaySaysWhatToDo()
    {
        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        for (const char *name : {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"})
            environment.remove(QLatin1String(name));
        process.setProcessEnvironment(environment);
        process.start(QStringLiteral(PAW_BINARY), {QStringLiteral("--open")});
        QVERIFY(process.waitForFinished(20000));
        QCOMPARE(process.exitCode(), 2);
        QVERIFY(process.readAllStandardError().contains("run the sandbox headless with `paw serve`"));
    }

    void importReportsEachFileAndKeepsGoodOnes()
    {
        const QString good = m_dir.filePath(QStringLiteral("good.ndjson"));
        const QString bad = m_dir.filePath(QStringLiteral("bad.ndjson"));
        writeFile(good, "{\"resourceType\":\"Patient\",\"id\":\"cli-1\",\"gender\":\"female\"}\n"
                        "{\"resourceType\":\"Patient\",\"id\":\"cli-2\",\"gender\":\"male\"}\n");
        writeFile(bad, "{\"resourceType\":\"Patient\",\"id\":\"cli-3\"}\n{not json\n");
        const Run run = paw({QStringLiteral("import"), QStringLiteral("--database"), database(), QStringLiteral("--json"), bad, good});
        QCOMPARE(run.exitCode, 1); // one file failed
        QVERIFY2(run.err.contains("bad.ndjson, line 2"), run.err.constData());
        const QJsonArray report = QJsonDocument::fromJson(run.out).array();
        QCOMPARE(report.size(), 2);
        QVERIFY(report.at(0).toObject().contains(QStringLiteral("error")));
        QCOMPARE(report.at(1).toObject().value(QStringLiteral("created")).toInt(), 2);

        const Run again = paw({QStringLiteral("import"), QStringLiteral("--database"), database(), QStringLiteral("--json"), good});
        QCOMPARE(again.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(again.out).array().at(0).toObject().value(QStringLiteral("unchanged")).toInt(), 2);
    }

    void exportWritesOneFilePerType()
    {
        const QString out = m_dir.filePath(QStringLiteral("export"));
        const Run run = paw({QStringLiteral("export"), QStringLiteral("--database"), database(), QStringLiteral("--out"), out, QStringLiteral("--json")});
        QCOMPARE(run.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(run.out).object().value(QStringLiteral("Patient")).toInt(), 2);
        QFile file(QDir(out).filePath(QStringLiteral("Patient.ndjson")));
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll().count('\n'), 2);
        QVERIFY(!QFile::exists(QDir(out).filePath(QStringLiteral("Observation.ndjson"))));
    }

    void serveStopsCleanlyOnSigterm()
    {
        QProcess process;
        process.start(QStringLiteral(PAW_BINARY), {QStringLiteral("serve"), QStringLiteral("--open"), QStringLiteral("--port"), QStringLiteral("0"),
                                                   QStringLiteral("--database"), database(), QStringLiteral("--json")});
        QVERIFY(process.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(process.canReadLine(), 20000);
        const QJsonObject card = QJsonDocument::fromJson(process.readLine()).object();
        const QString api = card.value(QStringLiteral("apiEndpoint")).toString();
        QVERIFY2(api.startsWith(QStringLiteral("http://127.0.0.1:")) && api.endsWith(QStringLiteral("/fhir")), qPrintable(api));
        QVERIFY(!api.contains(QStringLiteral(":0/")));
        QCOMPARE(card.value(QStringLiteral("authorization")).toString(), QStringLiteral("none"));
        process.terminate(); // SIGTERM
        QVERIFY(process.waitForFinished(20000));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 0);
        QVERIFY(process.readAllStandardError().contains("WITHOUT AUTHORIZATION"));
    }

    // Without --open the card says authorization is required, warns of nothing, and the FHIR API
    // answers 401 without a token.
    void serveRequiresAuthorizationByDefault()
    {
        QProcess process;
        process.start(QStringLiteral(PAW_BINARY), {QStringLiteral("serve"), QStringLiteral("--no-seed"), QStringLiteral("--port"),
                                                   QStringLiteral("0"), QStringLiteral("--data"), m_dir.filePath(QStringLiteral("secured"))});
        QVERIFY(process.waitForStarted());
        QByteArray card;
        QTRY_VERIFY_WITH_TIMEOUT((card += process.readAllStandardOutput()).contains("Stop with Ctrl+C."), 20000);
        QVERIFY2(card.contains("Authorization: required"), card.constData());
        QVERIFY2(!card.contains("WARNING"), card.constData());
        const QByteArray api = card.mid(card.indexOf("API Endpoint: ") + 14).split('\n').value(0);
        QNetworkAccessManager network;
        QNetworkReply *reply = network.get(QNetworkRequest(QUrl(QString::fromLatin1(api + "/Patient"))));
        QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), 10000);
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 401);
        QVERIFY(reply->rawHeader("WWW-Authenticate").startsWith("Bearer"));
        delete reply;
        process.terminate();
        QVERIFY(process.waitForFinished(20000));
        QCOMPARE(process.exitCode(), 0);
        QVERIFY(!process.readAllStandardError().contains("WITHOUT AUTHORIZATION"));
    }

    // `paw seed` then `paw persona list --json`: the logins and delegations the seed made, with
    // the sandbox passwords of the documented scheme.
    // The secret is printed once, at registration and rotation, and never by list or show.
    void clientRegistrationShowsTheSecretOnce()
    {
        const QString db = QStringLiteral("sqlite:") + m_dir.filePath(QStringLiteral("clients.sqlite"));
        const Run add = paw({QStringLiteral("client"), QStringLiteral("add"), QStringLiteral("--name"), QStringLiteral("BB Viewer"),
                             QStringLiteral("--type"), QStringLiteral("confidential"), QStringLiteral("--redirect-uri"),
                             QStringLiteral("https://viewer.example.org/cb"), QStringLiteral("--redirect-uri"), QStringLiteral("http://127.0.0.1:9000/cb"),
                             QStringLiteral("--scope"), QStringLiteral("openid patient/*.rs"), QStringLiteral("--database"), db, QStringLiteral("--json")});
        QVERIFY2(add.exitCode == 0, add.err.constData());
        const QJsonObject added = QJsonDocument::fromJson(add.out).object();
        const QString id = added.value(QStringLiteral("client_id")).toString();
        const QString secret = added.value(QStringLiteral("client_secret")).toString();
        QVERIFY(!id.isEmpty());
        QCOMPARE(secret.size(), 43);
        QCOMPARE(added.value(QStringLiteral("redirect_uris")).toArray().size(), 2);
        QCOMPARE(added.value(QStringLiteral("scope")).toString(), QStringLiteral("openid patient/*.rs"));

        const Run list = paw({QStringLiteral("client"), QStringLiteral("list"), QStringLiteral("--database"), db, QStringLiteral("--json")});
        const Run show = paw({QStringLiteral("client"), QStringLiteral("show"), id, QStringLiteral("--database"), db});
        QVERIFY2(list.exitCode == 0 && show.exitCode == 0, QByteArray(list.err + show.err).constData());
        QCOMPARE(QJsonDocument::fromJson(list.out).array().at(0).toObject().value(QStringLiteral("client_id")).toString(), id);
        QVERIFY(show.out.contains("BB Viewer"));
        QVERIFY(!list.out.contains(secret.toUtf8()) && !show.out.contains(secret.toUtf8()));

        const Run rotate = paw({QStringLiteral("client"), QStringLiteral("rotate-secret"), id, QStringLiteral("--database"), db, QStringLiteral("--json")});
        QVERIFY2(rotate.exitCode == 0, rotate.err.constData());
        const QString rotated = QJsonDocument::fromJson(rotate.out).object().value(QStringLiteral("client_secret")).toString();
        QVERIFY(rotated.size() == 43 && rotated != secret);

        QCOMPARE(paw({QStringLiteral("client"), QStringLiteral("remove"), id, QStringLiteral("--database"), db}).exitCode, 0);
        const Run again = paw({QStringLiteral("client"), QStringLiteral("remove"), id, QStringLiteral("--database"), db});
        QCOMPARE(again.exitCode, 1);
        QVERIFY2(again.err.contains("no client"), again.err.constData());
    }

    void seedThenListPersonas()
    {
        const QString db = QStringLiteral("sqlite:") + m_dir.filePath(QStringLiteral("seeded.sqlite"));
        const Run seed = paw({QStringLiteral("seed"), QStringLiteral("--members"), QStringLiteral("30"), QStringLiteral("--seed"),
                              QStringLiteral("3"), QStringLiteral("--database"), db, QStringLiteral("--json")});
        QVERIFY2(seed.exitCode == 0, seed.err.constData());
        const QJsonObject report = QJsonDocument::fromJson(seed.out).object();
        QCOMPARE(report.value(QStringLiteral("members")).toInt(), 30);
        QVERIFY(report.value(QStringLiteral("resources")).toDouble() > 30 * 20);
        QCOMPARE(report.value(QStringLiteral("cancelled")).toBool(), false);

        const Run list = paw({QStringLiteral("persona"), QStringLiteral("list"), QStringLiteral("--database"), db, QStringLiteral("--json")});
        QVERIFY2(list.exitCode == 0, list.err.constData());
        const QJsonArray personas = QJsonDocument::fromJson(list.out).array();
        int members = 0;
        QHash<QString, QJsonObject> byName;
        for (const QJsonValue &value : personas) {
            const QJsonObject p = value.toObject();
            const QString username = p.value(QStringLiteral("username")).toString();
            byName.insert(username, p);
            QCOMPARE(p.value(QStringLiteral("password")).toString(), username + QStringLiteral("-sandbox"));
            if (p.value(QStringLiteral("role")).toString() == QLatin1String("member")) {
                ++members;
                const QJsonObject self = p.value(QStringLiteral("patients")).toArray().first().toObject();
                QCOMPARE(self.value(QStringLiteral("relationship")).toString(), QStringLiteral("self"));
            }
        }
        QCOMPARE(members, 30);
        // Block 0 has all five kinds of delegate; block 1 (members 25-29) only those whose
        // members exist: a parent of two, an adult child and a guardian.
        const QJsonArray children = byName.value(QStringLiteral("parent-0")).value(QStringLiteral("patients")).toArray();
        QCOMPARE(children.size(), 2);
        for (const QJsonValue &child : children)
            QCOMPARE(child.toObject().value(QStringLiteral("relationship")).toString(), QStringLiteral("parent"));
        const QJsonObject guardian = byName.value(QStringLiteral("guardian-0")).value(QStringLiteral("patients")).toArray().first().toObject();
        QCOMPARE(guardian.value(QStringLiteral("ceiling")).toString(), QStringLiteral("no-sensitive"));
        const QJsonObject spouse = byName.value(QStringLiteral("spouse-0")).value(QStringLiteral("patients")).toArray().first().toObject();
        QCOMPARE(spouse.value(QStringLiteral("activeToday")).toBool(), false);
        const QJsonObject caregiver = byName.value(QStringLiteral("caregiver-0")).value(QStringLiteral("patients")).toArray().first().toObject();
        QCOMPARE(caregiver.value(QStringLiteral("status")).toString(), QStringLiteral("revoked"));
        QVERIFY(byName.contains(QStringLiteral("guardian-1")));
        QVERIFY(!byName.contains(QStringLiteral("spouse-1"))); // member 30 does not exist
        QVERIFY(!byName.contains(QStringLiteral("caregiver-1")));

        const Run bad = paw({QStringLiteral("seed"), QStringLiteral("--members"), QStringLiteral("0"), QStringLiteral("--database"), db});
        QCOMPARE(bad.exitCode, 2);

        // A login of its own: the password comes on standard input and is never shown again.
        const QStringList setPassword{QStringLiteral("persona"), QStringLiteral("set-password"), QStringLiteral("parent-0"),
                                      QStringLiteral("--database"), db};
        const Run set = paw(setPassword, 60000, "correct horse battery\n");
        QVERIFY2(set.exitCode == 0, set.err.constData());
        QVERIFY(!set.out.contains("correct horse"));
        QCOMPARE(paw(setPassword, 60000, "short\n").exitCode, 2);
        QStringList unknown = setPassword;
        unknown[2] = QStringLiteral("nobody");
        QCOMPARE(paw(unknown, 60000, "long enough password\n").exitCode, 1);
        const Run after = paw({QStringLiteral("persona"), QStringLiteral("list"), QStringLiteral("--database"), db, QStringLiteral("--json")});
        for (const QJsonValue &value : QJsonDocument::fromJson(after.out).array()) {
            const QJsonObject p = value.toObject();
            if (p.value(QStringLiteral("username")).toString() == QLatin1String("parent-0"))
                QVERIFY(p.value(QStringLiteral("password")).isNull());
        }
    }

    // An empty store is seeded before the server listens; SIGTERM during the seed stops it
    // cleanly, and what was written is whole households.
    void serveSeedsAnEmptyStoreAndStopsCleanlyWhileSeeding()
    {
        const QString db = m_dir.filePath(QStringLiteral("fresh.sqlite"));
        QProcess process;
        process.start(QStringLiteral(PAW_BINARY), {QStringLiteral("serve"), QStringLiteral("--open"), QStringLiteral("--port"), QStringLiteral("0"),
                                                   QStringLiteral("--database"), QStringLiteral("sqlite:") + db});
        QVERIFY(process.waitForStarted());
        QByteArray err;
        QTRY_VERIFY_WITH_TIMEOUT((err += process.readAllStandardError()).contains("seeding"), 20000);
        process.terminate();
        QVERIFY(process.waitForFinished(30000));
        QCOMPARE(process.exitStatus(), QProcess::NormalExit);
        QCOMPARE(process.exitCode(), 0);
        const Run list = paw({QStringLiteral("persona"), QStringLiteral("list"), QStringLiteral("--database"), QStringLiteral("sqlite:") + db,
                              QStringLiteral("--json")});
        QCOMPARE(list.exitCode, 0);
        const qsizetype logins = QJsonDocument::fromJson(list.out).array().size();
        QVERIFY2(logins == 0 || logins == 25 + 5, qPrintable(QString::number(logins))); // nothing, or the whole first block

        // Started again, it finds the store seeded (or seeds it now) and serves 25 members.
        QProcess again;
        again.start(QStringLiteral(PAW_BINARY), {QStringLiteral("serve"), QStringLiteral("--open"), QStringLiteral("--port"), QStringLiteral("0"),
                                                 QStringLiteral("--database"), QStringLiteral("sqlite:") + db, QStringLiteral("--json")});
        QVERIFY(again.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(again.canReadLine(), 30000);
        again.terminate();
        QVERIFY(again.waitForFinished(20000));
        QCOMPARE(again.exitCode(), 0);
        const Run after = paw({QStringLiteral("persona"), QStringLiteral("list"), QStringLiteral("--database"), QStringLiteral("sqlite:") + db,
                               QStringLiteral("--json")});
        QCOMPARE(QJsonDocument::fromJson(after.out).array().size(), 25 + 5);
    }

    // SIGTERM while worker threads are answering from the database: each worker closes its
    // connections before it ends, so the process exits cleanly (it crashed ~1 time in 10 when a
    // worker's thread_local cleanup ran after Qt SQL's globals were gone).
    void serveStopsCleanlyOnSigtermWhileServing()
    {
        for (int round = 0; round < 3; ++round) {
            QProcess process;
            process.start(QStringLiteral(PAW_BINARY), {QStringLiteral("serve"), QStringLiteral("--open"), QStringLiteral("--port"), QStringLiteral("0"),
                                                       QStringLiteral("--database"), database(), QStringLiteral("--json")});
            QVERIFY(process.waitForStarted());
            QTRY_VERIFY_WITH_TIMEOUT(process.canReadLine(), 20000);
            const QString api = QJsonDocument::fromJson(process.readLine()).object().value(QStringLiteral("apiEndpoint")).toString();
            QNetworkAccessManager network;
            int answered = 0;
            for (int i = 0; i < 24; ++i) {
                QNetworkReply *reply = network.get(QNetworkRequest(QUrl(api + QStringLiteral("/Patient?name=a%1").arg(i))));
                QObject::connect(reply, &QNetworkReply::finished, reply, [reply, &answered] { ++answered; reply->deleteLater(); });
            }
            QTRY_VERIFY_WITH_TIMEOUT(answered >= 4 + round * 3, 20000);
            process.terminate(); // SIGTERM, with requests still arriving
            QVERIFY(process.waitForFinished(20000));
            QCOMPARE(process.exitStatus(), QProcess::NormalExit);
            QCOMPARE(process.exitCode(), 0);
        }
    }

    // `paw delegate add|list|revoke` on a seeded sandbox: the delegation and its RelatedPerson
    // appear, refusals name `paw persona list`, and a revoked delegation stays listed.
    void delegateAddListRevoke()
    {
        const QString db = QStringLiteral("sqlite:") + m_dir.filePath(QStringLiteral("delegates.sqlite"));
        const Run seed = paw({QStringLiteral("seed"), QStringLiteral("--members"), QStringLiteral("25"), QStringLiteral("--database"), db});
        QVERIFY2(seed.exitCode == 0, seed.err.constData());
        const auto delegate = [&db](QStringList arguments) {
            arguments.prepend(QStringLiteral("delegate"));
            arguments << QStringLiteral("--database") << db;
            return paw(arguments);
        };

        const Run add = delegate({QStringLiteral("add"), QStringLiteral("--delegate"), QStringLiteral("caregiver-0"), QStringLiteral("--member"),
                                  QStringLiteral("m000010"), QStringLiteral("--relationship"), QStringLiteral("caregiver"), QStringLiteral("--until"),
                                  QStringLiteral("2099-12-31"), QStringLiteral("--no-sensitive"), QStringLiteral("--json")});
        QVERIFY2(add.exitCode == 0, add.err.constData());
        const QJsonObject added = QJsonDocument::fromJson(add.out).object();
        QCOMPARE(added.value(QStringLiteral("status")).toString(), QStringLiteral("active"));
        QCOMPARE(added.value(QStringLiteral("ceiling")).toString(), QStringLiteral("no-sensitive"));
        QCOMPARE(added.value(QStringLiteral("validTo")).toString(), QStringLiteral("2099-12-31"));
        QCOMPARE(added.value(QStringLiteral("activeToday")).toBool(), true);
        const QString relatedPerson = added.value(QStringLiteral("relatedPerson")).toString();
        QCOMPARE(relatedPerson, QStringLiteral("m000010-rp-caregiver-0"));

        const Run twice = delegate({QStringLiteral("add"), QStringLiteral("--delegate"), QStringLiteral("caregiver-0"), QStringLiteral("--member"),
                                    QStringLiteral("m000010"), QStringLiteral("--relationship"), QStringLiteral("caregiver")});
        QCOMPARE(twice.exitCode, 1);
        QVERIFY2(twice.err.contains("revoke it first") && twice.err.count('\n') == 1, twice.err.constData());
        for (const QString &who : {QStringLiteral("nobody-9"), QStringLiteral("aaron.wilson.00001")}) {
            const Run refused = delegate({QStringLiteral("add"), QStringLiteral("--delegate"), who, QStringLiteral("--member"),
                                          QStringLiteral("m000010"), QStringLiteral("--relationship"), QStringLiteral("other")});
            QCOMPARE(refused.exitCode, 1);
            QVERIFY2(refused.err.contains("paw persona list"), refused.err.constData());
        }

        const Run list = delegate({QStringLiteral("list"), QStringLiteral("--delegate"), QStringLiteral("caregiver-0"), QStringLiteral("--json")});
        QVERIFY2(list.exitCode == 0, list.err.constData());
        QCOMPARE(QJsonDocument::fromJson(list.out).array().size(), 2); // the seeded (revoked) one and the new one

        const Run revoke = delegate({QStringLiteral("revoke"), QStringLiteral("--delegate"), QStringLiteral("caregiver-0"), QStringLiteral("--member"),
                                     QStringLiteral("m000010"), QStringLiteral("--json")});
        QVERIFY2(revoke.exitCode == 0, revoke.err.constData());
        QCOMPARE(QJsonDocument::fromJson(revoke.out).object().value(QStringLiteral("status")).toString(), QStringLiteral("revoked"));
        const Run after = delegate({QStringLiteral("list"), QStringLiteral("--member"), QStringLiteral("m000010")});
        QVERIFY2(after.out.contains("caregiver-0\tm000010\tcaregiver\trevoked"), after.out.constData());
        const Run unknown = delegate({QStringLiteral("revoke"), QStringLiteral("--delegate"), QStringLiteral("parent-0"), QStringLiteral("--member"),
                                      QStringLiteral("m000010")});
        QCOMPARE(unknown.exitCode, 1);

        // The RelatedPerson is in the FHIR store, inactive now.
        const Run exported = paw({QStringLiteral("export"), QStringLiteral("--database"), db, QStringLiteral("--out"),
                                  m_dir.filePath(QStringLiteral("delegates-export"))});
        QVERIFY2(exported.exitCode == 0, exported.err.constData());
        QFile file(QDir(m_dir.filePath(QStringLiteral("delegates-export"))).filePath(QStringLiteral("RelatedPerson.ndjson")));
        QVERIFY(file.open(QIODevice::ReadOnly));
        bool found = false;
        for (const QByteArray &line : file.readAll().split('\n')) {
            const QJsonObject resource = QJsonDocument::fromJson(line).object();
            if (resource.value(QStringLiteral("id")).toString() != relatedPerson)
                continue;
            found = true;
            QCOMPARE(resource.value(QStringLiteral("active")).toBool(true), false);
        }
        QVERIFY(found);
    }

    // Events in the audit table (as access::AuditLog writes them) listed by `paw audit`.
    void auditPrintsEventsAsJson()
    {
        const QString path = m_dir.filePath(QStringLiteral("audit.sqlite"));
        const Run empty = paw({QStringLiteral("audit"), QStringLiteral("--database"), QStringLiteral("sqlite:") + path, QStringLiteral("--json")});
        QVERIFY2(empty.exitCode == 0, empty.err.constData()); // creates the schema
        QCOMPARE(QJsonDocument::fromJson(empty.out).array().size(), 0);
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("audit-writer"));
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery insert(db);
            QVERIFY(insert.prepare(QStringLiteral("INSERT INTO audit_event (event_time, kind, client_id, username, patient_id, interaction,"
                                                  " query, result_count, status, outcome, token_id) VALUES (?, 'fhir', ?, 'parent-0', ?,"
                                                  " 'search', ?, ?, 200, 'ok', ?)")));
            for (int i = 0; i < 5; ++i) {
                const QString patient = i % 2 ? QStringLiteral("m000001") : QStringLiteral("m000002");
                insert.addBindValue(QDateTime(QDate(2026, 7, 1), QTime(10, i), Qt::UTC).toMSecsSinceEpoch());
                insert.addBindValue(i < 3 ? QStringLiteral("paw-app-a") : QStringLiteral("paw-app-b"));
                insert.addBindValue(patient);
                insert.addBindValue(QString(QStringLiteral("/fhir/ExplanationOfBenefit?patient=") + patient));
                insert.addBindValue(i);
                insert.addBindValue(QStringLiteral("jti-%1").arg(i));
                QVERIFY(insert.exec());
            }
            db.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("audit-writer"));
        const QString db = QStringLiteral("sqlite:") + path;
        const Run all = paw({QStringLiteral("audit"), QStringLiteral("--database"), db, QStringLiteral("--json")});
        QVERIFY2(all.exitCode == 0, all.err.constData());
        const QJsonArray events = QJsonDocument::fromJson(all.out).array();
        QCOMPARE(events.size(), 5);
        const QJsonObject newest = events.at(0).toObject();
        QCOMPARE(newest.value(QStringLiteral("time")).toString(), QStringLiteral("2026-07-01T10:04:00.000Z"));
        QCOMPARE(newest.value(QStringLiteral("kind")).toString(), QStringLiteral("fhir"));
        QCOMPARE(newest.value(QStringLiteral("client")).toString(), QStringLiteral("paw-app-b"));
        QCOMPARE(newest.value(QStringLiteral("resultCount")).toInt(), 4);
        QCOMPARE(newest.value(QStringLiteral("tokenId")).toString(), QStringLiteral("jti-4"));

        const Run filtered = paw({QStringLiteral("audit"), QStringLiteral("--database"), db, QStringLiteral("--json"), QStringLiteral("--patient"),
                                  QStringLiteral("m000001"), QStringLiteral("--client"), QStringLiteral("paw-app-a")});
        QCOMPARE(QJsonDocument::fromJson(filtered.out).array().size(), 1); // event 1 (event 3 is app b's)
        const Run since = paw({QStringLiteral("audit"), QStringLiteral("--database"), db, QStringLiteral("--json"), QStringLiteral("--since"),
                               QStringLiteral("2026-07-01T10:03:00Z"), QStringLiteral("--limit"), QStringLiteral("1")});
        const QJsonArray one = QJsonDocument::fromJson(since.out).array();
        QCOMPARE(one.size(), 1);
        QCOMPARE(one.at(0).toObject().value(QStringLiteral("tokenId")).toString(), QStringLiteral("jti-4"));
        const Run text = paw({QStringLiteral("audit"), QStringLiteral("--database"), db, QStringLiteral("--since"), QStringLiteral("2026-07-02")});
        QVERIFY2(text.exitCode == 0 && text.out.isEmpty(), text.out.constData());
    }

    // `paw serve --tls`: a sandbox certificate is made once (key 0600), its fingerprint printed,
    // reused on the next start, and the server answers HTTPS to a client trusting it.
    void serveWithTlsMakesAndReusesTheSandboxCertificate()
    {
        const QString data = m_dir.filePath(QStringLiteral("tls-data"));
        QString fingerprint;
        for (int round = 0; round < 2; ++round) {
            QProcess process;
            process.start(QStringLiteral(PAW_BINARY), {QStringLiteral("serve"), QStringLiteral("--open"), QStringLiteral("--tls"), QStringLiteral("--port"),
                                                       QStringLiteral("0"), QStringLiteral("--data"), data, QStringLiteral("--no-seed"),
                                                       QStringLiteral("--json")});
            QVERIFY(process.waitForStarted());
            QTRY_VERIFY_WITH_TIMEOUT(process.canReadLine(), 20000);
            const QJsonObject card = QJsonDocument::fromJson(process.readLine()).object();
            const QString certificate = card.value(QStringLiteral("tlsCertificate")).toString();
            QCOMPARE(certificate, QDir(data).filePath(QStringLiteral("tls/sandbox-cert.pem")));
            const QString key = QDir(data).filePath(QStringLiteral("tls/sandbox-key.pem"));
            QCOMPARE(QFile::permissions(key) & ~(QFileDevice::ReadUser | QFileDevice::WriteUser), QFileDevice::ReadOwner | QFileDevice::WriteOwner);
            if (round == 0)
                fingerprint = card.value(QStringLiteral("tlsFingerprint")).toString();
            QCOMPARE(fingerprint.size(), 95);
            QCOMPARE(card.value(QStringLiteral("tlsFingerprint")).toString(), fingerprint); // reused

            const QString api = card.value(QStringLiteral("apiEndpoint")).toString();
            QVERIFY2(api.startsWith(QStringLiteral("https://127.0.0.1:")), qPrintable(api));
            const QUrl url(api);
            QSslSocket socket;
            QSslConfiguration trust = QSslConfiguration::defaultConfiguration();
            trust.setCaCertificates(QSslCertificate::fromPath(certificate));
            socket.setSslConfiguration(trust);
            socket.connectToHostEncrypted(QStringLiteral("127.0.0.1"), quint16(url.port()));
            QVERIFY2(socket.waitForEncrypted(10000), qPrintable(socket.errorString()));
            socket.write("GET /fhir/metadata HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
            QByteArray answer;
            while (socket.waitForReadyRead(10000))
                answer += socket.readAll();
            answer += socket.readAll();
            QVERIFY2(answer.startsWith("HTTP/1.1 200") && answer.contains("CapabilityStatement"), answer.left(300).constData());

            process.terminate();
            QVERIFY(process.waitForFinished(20000));
            QCOMPARE(process.exitCode(), 0);
            const QByteArray err = process.readAllStandardError();
            QCOMPARE(err.contains("made the sandbox's TLS certificate"), round == 0);
        }
    }

    // `paw key rotate` while `paw serve` runs: the server signs with the new key and publishes
    // both at once; the old one is listed as retired until its tokens can have expired (the
    // server's 30 minutes plus 60 s); private keys are owner-only.
    void keyRotationReachesTheRunningServer()
    {
        const QString data = m_dir.filePath(QStringLiteral("keys-data"));
        const auto key = [&data](const QString &action) {
            return paw({QStringLiteral("key"), action, QStringLiteral("--data"), data, QStringLiteral("--json")});
        };
        const Run none = key(QStringLiteral("list"));
        QCOMPARE(none.exitCode, 1);
        QVERIFY2(none.err.contains("paw serve") && none.err.count('\n') == 1, none.err.constData());
        QVERIFY(!QFile::exists(QDir(data).filePath(QStringLiteral("keys/keys.json")))); // listing makes no key

        QProcess server;
        server.start(QStringLiteral(PAW_BINARY), {QStringLiteral("serve"), QStringLiteral("--no-seed"), QStringLiteral("--port"),
                                                  QStringLiteral("0"), QStringLiteral("--data"), data, QStringLiteral("--json")});
        QVERIFY(server.waitForStarted());
        QTRY_VERIFY_WITH_TIMEOUT(server.canReadLine(), 20000);
        const QString issuer = QJsonDocument::fromJson(server.readLine()).object().value(QStringLiteral("oauthIssuer")).toString();
        QNetworkAccessManager network;
        const auto publishedKids = [&network, &issuer] {
            QNetworkReply *reply = network.get(QNetworkRequest(QUrl(issuer + QStringLiteral("/jwks"))));
            QEventLoop loop;
            QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
            loop.exec();
            QStringList kids;
            for (const QJsonValue &jwk : QJsonDocument::fromJson(reply->readAll()).object().value(QStringLiteral("keys")).toArray())
                kids << jwk.toObject().value(QStringLiteral("kid")).toString();
            delete reply;
            return kids;
        };

        const Run list = key(QStringLiteral("list"));
        QVERIFY2(list.exitCode == 0, list.err.constData());
        const QJsonArray before = QJsonDocument::fromJson(list.out).array();
        QCOMPARE(before.size(), 1);
        const QJsonObject first = before.at(0).toObject();
        const QString oldKid = first.value(QStringLiteral("kid")).toString();
        QCOMPARE(first.value(QStringLiteral("alg")).toString(), QStringLiteral("RS256"));
        QCOMPARE(first.value(QStringLiteral("state")).toString(), QStringLiteral("active"));
        QVERIFY(first.value(QStringLiteral("retireUntil")).isNull());
        QVERIFY(QDateTime::fromString(first.value(QStringLiteral("created")).toString(), Qt::ISODate).isValid());
        QCOMPARE(publishedKids(), QStringList{oldKid});

        const QDateTime rotatedAt = QDateTime::currentDateTimeUtc();
        const Run rotate = key(QStringLiteral("rotate"));
        QVERIFY2(rotate.exitCode == 0, rotate.err.constData());
        const QJsonObject rotated = QJsonDocument::fromJson(rotate.out).object();
        const QString newKid = rotated.value(QStringLiteral("active")).toObject().value(QStringLiteral("kid")).toString();
        const QJsonObject retired = rotated.value(QStringLiteral("retired")).toObject();
        QVERIFY(!newKid.isEmpty() && newKid != oldKid);
        QCOMPARE(retired.value(QStringLiteral("kid")).toString(), oldKid);
        QCOMPARE(retired.value(QStringLiteral("state")).toString(), QStringLiteral("retired"));
        const qint64 keptSeconds = rotatedAt.secsTo(QDateTime::fromString(retired.value(QStringLiteral("retireUntil")).toString(), Qt::ISODate));
        QVERIFY2(keptSeconds > 30 * 60 && keptSeconds <= 31 * 60 + 5, qPrintable(QString::number(keptSeconds)));
        for (const QString &kid : {oldKid, newKid})
            QCOMPARE(QFile::permissions(QDir(data).filePath(QStringLiteral("keys/") + kid + QStringLiteral(".pem")))
                         & ~(QFileDevice::ReadUser | QFileDevice::WriteUser),
                     QFileDevice::ReadOwner | QFileDevice::WriteOwner);

        // The running server picks it up without a restart.
        QTRY_COMPARE_WITH_TIMEOUT(publishedKids(), QStringList({newKid, oldKid}), 10000);
        const QJsonArray after = QJsonDocument::fromJson(key(QStringLiteral("list")).out).array();
        QCOMPARE(after.size(), 2);
        QCOMPARE(after.at(0).toObject().value(QStringLiteral("kid")).toString(), newKid);
        const Run text = paw({QStringLiteral("key"), QStringLiteral("list"), QStringLiteral("--data"), data});
        QVERIFY2(text.out.startsWith(QByteArray(newKid.toLatin1() + "\tRS256\t")) && text.out.contains("\tretired\t"), text.out.constData());

        server.terminate();
        QVERIFY(server.waitForFinished(20000));
        QCOMPARE(server.exitCode(), 0);
    }

    void serveRefusesABadKeyInOneLine()
    {
        const QString cert = m_dir.filePath(QStringLiteral("bad-cert.pem"));
        const QString key = m_dir.filePath(QStringLiteral("bad-key.pem"));
        writeFile(cert, "-----BEGIN CERTIFICATE-----\nnot base64\n-----END CERTIFICATE-----\n");
        writeFile(key, "not a key\n");
        const Run run = paw({QStringLiteral("serve"), QStringLiteral("--open"), QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--tls-cert"),
                             cert, QStringLiteral("--tls-key"), key, QStringLiteral("--database"), database(), QStringLiteral("--no-seed")});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.err.startsWith("paw: ") && run.err.count('\n') == 1 && run.err.contains("bad-cert.pem"), run.err.constData());
    }
};

QTEST_GUILESS_MAIN(TestCommandLine)
#include "TestCommandLine.moc"
