// `paw validate` as scripts use it: exit statuses, human and --json output, Bundles and NDJSON.

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {

struct Run
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
};

QString shared(const QString &relative)
{
    return QDir(QStringLiteral(PAW_FHIR_PACKAGES)).filePath(relative);
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestValidateCommand : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_home; // an empty ~/.fhir/packages: only the packages named are used

    Run paw(QStringList arguments, bool withPackages = true)
    {
        if (withPackages)
            for (const QString &p : {u"r4-core"_s, u"us-core-3.1.1"_s, u"us-core-6.1.0"_s, u"carin-bb-1.1.0"_s, u"carin-bb-2.0.0"_s})
                arguments << u"--package"_s << shared(p);
        QProcess process;
        QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
        environment.insert(u"HOME"_s, m_home.path());
        process.setProcessEnvironment(environment);
        process.start(QStringLiteral(PAW_BINARY), QStringList{u"validate"_s} + arguments);
        process.waitForFinished(60000);
        return Run{process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1, process.readAllStandardOutput(),
                   process.readAllStandardError()};
    }

    QString write(const QString &name, const QByteArray &content)
    {
        const QString path = m_home.filePath(name);
        QFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            qFatal("cannot write %s", qUtf8Printable(path));
        file.write(content);
        return path;
    }

private Q_SLOTS:
    void validExamplesExitWithZero()
    {
        const Run run = paw({shared(u"carin-bb-2.0.0/example/ExplanationOfBenefit-EOBInpatient1.json"_s),
                             shared(u"us-core-6.1.0/example/Bundle-66c8856b-ba11-4876-8aa8-467aad8c11a2.json"_s)});
        QVERIFY2(run.exitCode == 0, run.out.constData());
        QVERIFY(run.out.contains("ExplanationOfBenefit/EOBInpatient1: 0 error(s)"));
        QVERIFY(run.out.contains("Bundle/66c8856b-ba11-4876-8aa8-467aad8c11a2: 0 error(s)"));
        QVERIFY(!run.out.contains("Must-support")); // information only with --verbose
        const Run verbose = paw({u"--verbose"_s, shared(u"carin-bb-2.0.0/example/ExplanationOfBenefit-EOBInpatient1.json"_s)});
        QVERIFY(verbose.out.contains("Must-support element ExplanationOfBenefit.billablePeriod is present"));
    }

    void errorsExitWithOneAndNameThePath()
    {
        QJsonObject eob = QJsonDocument::fromJson(readAll(shared(u"carin-bb-2.0.0/example/ExplanationOfBenefit-EOBInpatient1.json"_s))).object();
        eob.remove(u"created"_s);
        const QString broken = write(u"broken-eob.json"_s, QJsonDocument(eob).toJson());
        const Run run = paw({broken});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.out.contains("error  ExplanationOfBenefit.created: created is required"), run.out.constData());
    }

    void jsonPrintsOneOperationOutcomePerFile()
    {
        QJsonObject patient = QJsonDocument::fromJson(readAll(shared(u"us-core-6.1.0/example/Patient-example.json"_s))).object();
        patient.insert(u"colour"_s, u"blue"_s);
        const QString broken = write(u"broken-patient.json"_s, QJsonDocument(patient).toJson());
        const Run run = paw({u"--json"_s, shared(u"us-core-6.1.0/example/Patient-example.json"_s), broken});
        QCOMPARE(run.exitCode, 1);
        const QJsonArray outcomes = QJsonDocument::fromJson(run.out).array();
        QCOMPARE(outcomes.size(), 2);
        for (const QJsonValue &outcome : outcomes)
            QCOMPARE(outcome.toObject().value(u"resourceType"_s).toString(), u"OperationOutcome"_s);
        auto errors = [](const QJsonValue &outcome) {
            QStringList paths;
            for (const QJsonValue &issue : outcome.toObject().value(u"issue"_s).toArray())
                if (issue.toObject().value(u"severity"_s).toString() == u"error"_s)
                    paths.append(issue.toObject().value(u"expression"_s).toArray().first().toString());
            return paths;
        };
        QVERIFY(errors(outcomes.at(0)).isEmpty());
        QCOMPARE(errors(outcomes.at(1)), QStringList{u"Patient.colour"_s});
    }

    void ndjsonLinesAreValidatedOneByOne()
    {
        const QByteArray good = QJsonDocument(QJsonDocument::fromJson(readAll(shared(u"us-core-3.1.1/example/Patient-example.json"_s))).object())
                                    .toJson(QJsonDocument::Compact);
        const QString file = write(u"patients.ndjson"_s, good + "\n{\"resourceType\":\"Patient\",\"gender\":\"sometimes\"}\n");
        const Run run = paw({file});
        QCOMPARE(run.exitCode, 1);
        QVERIFY2(run.out.contains("line 1: Patient/example: 0 error(s)"), run.out.constData());
        QVERIFY2(run.out.contains("line 2: Patient: 1 error(s)"), run.out.constData());
        QVERIFY(run.out.contains("error  Patient.gender: sometimes is not in the required value set"));
    }

    void aProfileOptionOverridesMetaProfile()
    {
        // A plain Patient checked against C4BB's Patient: C4BB requires meta.lastUpdated and an identifier.
        const QString file = write(u"plain.json"_s, "{\"resourceType\":\"Patient\",\"id\":\"x\",\"gender\":\"female\"}");
        const Run plain = paw({file});
        QCOMPARE(plain.exitCode, 0);
        const Run profiled = paw({u"--profile"_s, u"http://hl7.org/fhir/us/carin-bb/StructureDefinition/C4BB-Patient|2.0.0"_s, file});
        QCOMPARE(profiled.exitCode, 1);
        QVERIFY2(profiled.out.contains("Patient.identifier: identifier is required"), profiled.out.constData());
    }

    void badUsageExitsWithTwo_data()
    {
        QTest::addColumn<QStringList>("arguments");
        QTest::addColumn<bool>("withPackages");
        QTest::addColumn<QString>("message");
        QTest::addRow("no file") << QStringList{} << true << u"usage: paw validate"_s;
        QTest::addRow("a package folder that does not exist") << QStringList{u"--package"_s, u"/nonexistent/pkg"_s, u"x.json"_s}
                                                           << true << u"/nonexistent/pkg"_s;
        QTest::addRow("no R4 core package") << QStringList{u"--package"_s, shared(u"us-core-6.1.0"_s), u"x.json"_s} << false
                                            << u"hl7.fhir.r4.core"_s;
        QTest::addRow("a profile that is not loaded") << QStringList{u"--profile"_s, u"http://example.org/StructureDefinition/nope"_s, u"x.json"_s}
                                                      << true << u"is not in the loaded packages"_s;
        QTest::addRow("an unknown option") << QStringList{u"--frobnicate"_s, u"x.json"_s} << true << u"frobnicate"_s;
    }
    void badUsageExitsWithTwo()
    {
        QFETCH(QStringList, arguments);
        QFETCH(bool, withPackages);
        QFETCH(QString, message);
        const Run run = paw(arguments, withPackages);
        QCOMPARE(run.exitCode, 2);
        QVERIFY2(run.err.startsWith("paw: ") && QString::fromLocal8Bit(run.err).contains(message), run.err.constData());
    }

    void unreadableFilesFail()
    {
        const Run run = paw({m_home.filePath(u"missing.json"_s)});
        QCOMPARE(run.exitCode, 1);
        QVERIFY(run.err.contains("missing.json"));
    }
};

QTEST_GUILESS_MAIN(TestValidateCommand)
#include "TestValidateCommand.moc"
