// The profile validator against the official IG packages: every shipped example validates
// against its declared profiles, and each kind of rule rejects a mutated example, naming the path.

#include "fhir/validation/FhirPackage.h"
#include "fhir/validation/FhirPackageSet.h"
#include "fhir/validation/ProfileValidator.h"
#include "fhir/validation/StructureDefinitionModel.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>
#include <functional>
#include <variant>

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


// A step into JSON: a member name or an array index.
using Step = std::variant<QString, int>;

// `root` with the value at `path` replaced by `change(old value)`; an undefined result removes it.
QJsonValue edited(const QJsonValue &root, QList<Step> path, const std::function<QJsonValue(const QJsonValue &)> &change)
{
    if (path.isEmpty())
        return change(root);
    const Step step = path.takeFirst();
    if (const QString *key = std::get_if<QString>(&step)) {
        QJsonObject object = root.toObject();
        const QJsonValue value = edited(object.value(*key), path, change);
        if (value.isUndefined())
            object.remove(*key);
        else
            object.insert(*key, value);
        return object;
    }
    QJsonArray array = root.toArray();
    const int index = std::get<int>(step);
    const QJsonValue value = edited(index < array.size() ? array.at(index) : QJsonValue(), path, change);
    if (value.isUndefined())
        array.removeAt(index);
    else if (index < array.size())
        array.replace(index, value);
    else
        array.append(value);
    return array;
}

QJsonObject set(const QJsonObject &root, const QList<Step> &path, const QJsonValue &value)
{
    return edited(root, path, [&](const QJsonValue &) { return value; }).toObject();
}

QJsonObject removed(const QJsonObject &root, const QList<Step> &path)
{
    return edited(root, path, [](const QJsonValue &) { return QJsonValue(QJsonValue::Undefined); }).toObject();
}

QJsonObject appended(const QJsonObject &root, const QList<Step> &path, const QJsonValue &value)
{
    return edited(root, path, [&](const QJsonValue &old) {
               QJsonArray array = old.toArray();
               array.append(value);
               return QJsonValue(array);
           }).toObject();
}

QJsonValue at(const QJsonObject &root, const QList<Step> &path)
{
    QJsonValue value = root;
    for (const Step &step : path)
        value = std::holds_alternative<QString>(step) ? value.toObject().value(std::get<QString>(step))
                                                      : value.toArray().at(std::get<int>(step));
    return value;
}

QJsonObject coding(const char *system, const char *code)
{
    return QJsonObject{{u"system"_s, QString::fromLatin1(system)}, {u"code"_s, QString::fromLatin1(code)}};
}

// One broken example: what is changed, and where and what the validator must say.
struct Mutation
{
    const char *name;
    const char *file;
    std::function<QJsonObject(const QJsonObject &)> mutate;
    QString path;    // the issue's path, exactly
    QString message; // a fragment of its message
    ValidationIssue::Severity severity = ValidationIssue::Severity::Error;
    const char *profile = nullptr; // validate against this (a profile derived in initTestCase), not meta.profile
};

const char *const kEob2 = "carin-bb-2.0.0/example/ExplanationOfBenefit-EOBInpatient1.json";
// Profiles the test derives from official ones (no shipped profile uses these slicing rules).
const char *const kClosedPatient = "http://paw.test/fhir/StructureDefinition/closed-extension-patient";
const char *const kOrderedEob = "http://paw.test/fhir/StructureDefinition/ordered-supportinginfo-eob";
const char *const kOpenAtEndEob = "http://paw.test/fhir/StructureDefinition/open-at-end-adjudication-eob";
const char *const kEob1 = "carin-bb-1.1.0/example/ExplanationOfBenefit-EOBInpatient1.json";
const char *const kCoverage2 = "carin-bb-2.0.0/example/Coverage-Coverage1.json";
const char *const kPatient6 = "us-core-6.1.0/example/Patient-example.json";
const char *const kWeight6 = "us-core-6.1.0/example/Observation-weight.json";
const char *const kHeartRate6 = "us-core-6.1.0/example/Observation-heart-rate.json";
const char *const kLab6 = "us-core-6.1.0/example/Observation-cbc-hemoglobin.json";

const QList<Mutation> &mutations()
{
    using S = QList<Step>;
    static const QList<Mutation> list{
        {"a required element dropped", kEob2, [](const QJsonObject &r) { return removed(r, S{u"created"_s}); },
         u"ExplanationOfBenefit.created"_s, u"minimum 1, found 0"_s},
        {"a required element of a present parent dropped", kEob2,
         [](const QJsonObject &r) { return removed(r, S{u"item"_s, 0, u"sequence"_s}); },
         u"ExplanationOfBenefit.item[0].sequence"_s, u"minimum 1, found 0"_s},
        {"a required element of a data type dropped (base Coding inside the profile)", kEob2,
         [](const QJsonObject &r) { return removed(r, S{u"insurance"_s, 0, u"focal"_s}); },
         u"ExplanationOfBenefit.insurance[0].focal"_s, u"minimum 1, found 0"_s},
        {"a fixed value broken", kWeight6,
         [](const QJsonObject &r) { return set(r, S{u"valueQuantity"_s, u"system"_s}, u"http://example.org/units"_s); },
         u"Observation.valueQuantity.system"_s, u"fixed value 'http://unitsofmeasure.org'"_s},
        {"a pattern broken", kEob2,
         [](const QJsonObject &r) { return set(r, S{u"type"_s, u"coding"_s, 0, u"code"_s}, u"oral"_s); },
         u"ExplanationOfBenefit.type"_s, u"does not match the pattern"_s},
        {"an unknown element in a backbone element", kEob2,
         [](const QJsonObject &r) { return set(r, S{u"item"_s, 0, u"colour"_s}, u"blue"_s); },
         u"ExplanationOfBenefit.item[0].colour"_s, u"Unknown element 'colour'"_s},
        {"an unknown element inside a data type (base CodeableConcept)", kEob2,
         [](const QJsonObject &r) { return set(r, S{u"type"_s, u"coding"_s, 0, u"colour"_s}, u"blue"_s); },
         u"ExplanationOfBenefit.type.coding[0].colour"_s, u"Unknown element 'colour'"_s},
        {"an item outside a closed slicing (C4BB 1.1.0 adjudication)", kEob1,
         [](const QJsonObject &r) {
             return appended(r, S{u"adjudication"_s},
                             QJsonObject{{u"category"_s, QJsonObject{{u"coding"_s, QJsonArray{coding("http://example.org/cs", "other")}}}}});
         },
         u"ExplanationOfBenefit.adjudication[3]"_s, u"matches none of the slices"_s},
        {"a slice above its maximum (two admission periods)", kEob2,
         [](const QJsonObject &r) { return appended(r, S{u"supportingInfo"_s}, at(r, S{u"supportingInfo"_s, 0})); },
         u"ExplanationOfBenefit.supportingInfo"_s, u"Slice 'admissionperiod' allows at most 1"_s},
        {"a required slice missing", kEob2, [](const QJsonObject &r) { return removed(r, S{u"supportingInfo"_s, 0}); },
         u"ExplanationOfBenefit.supportingInfo"_s, u"Slice 'admissionperiod' requires at least 1"_s},
        {"a reference to the wrong resource type", kEob2,
         [](const QJsonObject &r) { return set(r, S{u"patient"_s, u"reference"_s}, u"Organization/Payer1"_s); },
         u"ExplanationOfBenefit.patient.reference"_s, u"Reference to a Organization"_s},
        {"a code outside a required binding", kEob2, [](const QJsonObject &r) { return set(r, S{u"status"_s}, u"closed"_s); },
         u"ExplanationOfBenefit.status"_s, u"not in the required value set http://hl7.org/fhir/ValueSet/explanationofbenefit-status"_s},
        {"a code outside an extensible binding is a warning", kPatient6,
         [](const QJsonObject &r) {
             return set(r, S{u"identifier"_s, 0, u"type"_s, u"coding"_s, 0}, coding("http://example.org/types", "XX"));
         },
         u"Patient.identifier[0].type"_s, u"not in the extensible value set"_s, ValidationIssue::Severity::Warning},
        {"a choice type the slice does not allow (admission period as a date)", kEob2,
         [](const QJsonObject &r) {
             QJsonObject o = removed(r, S{u"supportingInfo"_s, 0, u"timingPeriod"_s});
             return set(o, S{u"supportingInfo"_s, 0, u"timingDate"_s}, u"2020-01-01"_s);
         },
         u"ExplanationOfBenefit.supportingInfo[0].timingDate"_s, u"Choice type 'timingDate' is not allowed"_s},
        {"a choice type that does not exist", kHeartRate6,
         [](const QJsonObject &r) {
             QJsonObject o = removed(r, S{u"valueQuantity"_s});
             o.insert(u"valueColour"_s, u"red"_s);
             return o;
         },
         u"Observation.valueColour"_s, u"Choice type 'valueColour' is not allowed"_s},
        {"an extension with an unknown URL where the slicing is closed", kPatient6,
         [](const QJsonObject &r) {
             return appended(r, S{u"extension"_s},
                             QJsonObject{{u"url"_s, u"http://example.org/unknown"_s}, {u"valueString"_s, u"x"_s}});
         },
         u"Patient.extension[6]"_s, u"matches none of the slices"_s, ValidationIssue::Severity::Error, kClosedPatient},
        {"slices out of order where the slicing is ordered", kEob2,
         [](const QJsonObject &r) {
             const QJsonValue first = at(r, S{u"supportingInfo"_s, 0});
             const QJsonValue second = at(r, S{u"supportingInfo"_s, 1});
             return set(set(r, S{u"supportingInfo"_s, 0}, second), S{u"supportingInfo"_s, 1}, first);
         },
         u"ExplanationOfBenefit.supportingInfo[1]"_s, u"out of order"_s, ValidationIssue::Severity::Error, kOrderedEob},
        {"a slice after an unsliced item where the slicing is open at the end", kEob2,
         [](const QJsonObject &r) {
             QJsonArray items = at(r, S{u"adjudication"_s}).toArray();
             items.prepend(QJsonObject{{u"category"_s, QJsonObject{{u"coding"_s, QJsonArray{coding("http://example.org/cs", "other")}}}}});
             return set(r, S{u"adjudication"_s}, items);
         },
         u"ExplanationOfBenefit.adjudication[1]"_s, u"open at the end only"_s, ValidationIssue::Severity::Error, kOpenAtEndEob},
        {"a required sub-extension missing (US Core race without text)", kPatient6,
         [](const QJsonObject &r) {
             const QJsonArray parts = at(r, S{u"extension"_s, 0, u"extension"_s}).toArray();
             QJsonArray kept;
             for (const QJsonValue &p : parts)
                 if (p.toObject().value(u"url"_s).toString() != u"text"_s)
                     kept.append(p);
             return set(r, S{u"extension"_s, 0, u"extension"_s}, kept);
         },
         u"Patient.extension[0].extension"_s, u"Slice 'text' requires at least 1"_s},
        {"a known extension broken (race text of the wrong type)", kPatient6,
         [](const QJsonObject &r) {
             const QJsonArray parts = at(r, S{u"extension"_s, 0, u"extension"_s}).toArray();
             for (qsizetype i = 0; i < parts.size(); ++i)
                 if (parts.at(i).toObject().value(u"url"_s).toString() == u"text"_s)
                     return set(r, S{u"extension"_s, 0, u"extension"_s, int(i)},
                                QJsonObject{{u"url"_s, u"text"_s}, {u"valueInteger"_s, 3}});
             return r;
         },
         u"Patient.extension[0].extension[5].valueInteger"_s, u"Choice type 'valueInteger' is not allowed"_s},
        {"a US Core invariant violated (us-core-6: a name needs family or given)", kPatient6,
         [](const QJsonObject &r) {
             return set(r, S{u"name"_s, 0}, QJsonObject{{u"use"_s, u"old"_s}, {u"text"_s, u"Amy Shaw"_s}});
         },
         u"Patient.name[0]"_s, u"Constraint us-core-6 failed"_s},
        {"a C4BB invariant violated (meta.profile without the 2.0 version)", kCoverage2,
         [](const QJsonObject &r) {
             return set(r, S{u"meta"_s, u"profile"_s},
                        QJsonArray{u"http://hl7.org/fhir/us/carin-bb/StructureDefinition/C4BB-Coverage"_s});
         },
         u"Coverage"_s, u"Constraint coverage-meta-profile-version failed"_s},
        {"a core invariant violated (ele-1: an empty element)", kEob2,
         [](const QJsonObject &r) { return set(r, S{u"billablePeriod"_s}, QJsonObject()); },
         u"ExplanationOfBenefit.billablePeriod"_s, u"Constraint ele-1 failed"_s},
        {"a primitive in the wrong format (date)", kPatient6,
         [](const QJsonObject &r) { return set(r, S{u"birthDate"_s}, u"1987-02-30T"_s); },
         u"Patient.birthDate"_s, u"not a valid date"_s},
        {"a primitive of the wrong JSON type", kEob2,
         [](const QJsonObject &r) { return set(r, S{u"item"_s, 0, u"sequence"_s}, u"1"_s); },
         u"ExplanationOfBenefit.item[0].sequence"_s, u"must be a JSON number"_s},
        {"a data type profile broken (SimpleQuantity with a comparator)", kLab6,
         [](const QJsonObject &r) { return set(r, S{u"referenceRange"_s, 0, u"low"_s, u"comparator"_s}, u"<"_s); },
         u"Observation.referenceRange[0].low.comparator"_s, u"not allowed by the profile"_s},
        {"a present parent without its required child (payee without type)", kEob2,
         [](const QJsonObject &r) {
             return set(r, S{u"payee"_s}, QJsonObject{{u"party"_s, QJsonObject{{u"reference"_s, u"Patient/Patient2"_s}}}});
         },
         u"ExplanationOfBenefit.payee.type"_s, u"minimum 1, found 0"_s},
        {"a single element given as an array", kEob2,
         [](const QJsonObject &r) { return set(r, S{u"created"_s}, QJsonArray{at(r, S{u"created"_s})}); },
         u"ExplanationOfBenefit.created"_s, u"must not be a JSON array"_s},
    };
    return list;
}

// Official examples that break their profile per the specification (see the README's notes on
// the validator): each with every error it must produce, and no other.
struct KnownViolation
{
    QString path;
    QString message;
};
const QHash<QString, QList<KnownViolation>> &knownViolations()
{
    static const QHash<QString, QList<KnownViolation>> known{
        // Attachment.hash is base64Binary; "EQH/..AgME" holds dots (fixed in the 6.1.0 copy).
        {u"us-core-3.1.1/example/DiagnosticReport-cardiology-report.json"_s,
         {{u"DiagnosticReport.presentedForm[0].hash"_s, u"not a valid base64Binary"_s}}},
        // US Core 3.1.1 pulse-oximetry fixes the FlowRate unit to L/min while the slice keeps the
        // required binding to ucum-vitals-common, which has no L/min: no instance can satisfy both.
        {u"us-core-3.1.1/example/Observation-satO2-fiO2.json"_s,
         {{u"Observation.component[0].valueQuantity"_s,
           u"http://unitsofmeasure.org#L/min is not in the required value set http://hl7.org/fhir/ValueSet/ucum-vitals-common|4.0.1"_s}}},
    };
    return known;
}

} // namespace

class TestProfileValidator : public QObject
{
    Q_OBJECT

private:
    FhirPackageSet m_packages;
    std::unique_ptr<ProfileValidator> m_validator;

    // The official definition `file` under a new url, with one slicing property of `elementId` changed.
    static QJsonObject derived(const QString &file, const char *url, const QString &elementId, const QString &property,
                               const QJsonValue &value)
    {
        QJsonObject definition = readJson(QDir(packagesRoot()).filePath(file));
        definition.insert(u"url"_s, QString::fromLatin1(url));
        definition.insert(u"version"_s, u"0.1.0"_s);
        QJsonObject snapshot = definition.value(u"snapshot"_s).toObject();
        QJsonArray elements = snapshot.value(u"element"_s).toArray();
        for (qsizetype i = 0; i < elements.size(); ++i) {
            QJsonObject element = elements.at(i).toObject();
            if (element.value(u"id"_s).toString() != elementId)
                continue;
            QJsonObject slicing = element.value(u"slicing"_s).toObject();
            slicing.insert(property, value);
            element.insert(u"slicing"_s, slicing);
            elements.replace(i, element);
        }
        snapshot.insert(u"element"_s, elements);
        definition.insert(u"snapshot"_s, snapshot);
        return definition;
    }

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
        // Profiles with slicing rules no shipped profile uses, derived in memory from official ones.
        m_packages.add(paw::fhir::FhirPackage::fromResources(
            u"paw.test.derived"_s, u"0.1.0"_s,
            {derived(u"us-core-6.1.0/StructureDefinition-us-core-patient.json"_s, kClosedPatient, u"Patient.extension"_s,
                     u"rules"_s, u"closed"_s),
             derived(u"carin-bb-2.0.0/StructureDefinition-C4BB-ExplanationOfBenefit-Inpatient-Institutional.json"_s, kOrderedEob,
                     u"ExplanationOfBenefit.supportingInfo"_s, u"ordered"_s, true),
             derived(u"carin-bb-2.0.0/StructureDefinition-C4BB-ExplanationOfBenefit-Inpatient-Institutional.json"_s,
                     kOpenAtEndEob, u"ExplanationOfBenefit.adjudication"_s, u"rules"_s, u"openAtEnd"_s)},
            {{u"hl7.fhir.us.carin-bb"_s, u"2.0.0"_s}, {u"hl7.fhir.us.core"_s, u"6.1.0"_s}}));
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
        const QList<KnownViolation> known = knownViolations().value(file);
        if (known.isEmpty()) {
            QVERIFY2(!report.hasErrors(), qPrintable(describe(report.issues, ValidationIssue::Severity::Error)));
            return;
        }
        // A known defect of the example: exactly the expected errors.
        for (const ValidationIssue &issue : report.issues) {
            if (issue.severity != ValidationIssue::Severity::Error)
                continue;
            const bool expected = std::any_of(known.begin(), known.end(), [&](const KnownViolation &k) {
                return issue.path == k.path && issue.message.contains(k.message);
            });
            QVERIFY2(expected, qPrintable(u"unexpected: "_s + issue.path + u": "_s + issue.message));
        }
        for (const KnownViolation &k : known) {
            const bool found = std::any_of(report.issues.begin(), report.issues.end(), [&](const ValidationIssue &i) {
                return i.severity == ValidationIssue::Severity::Error && i.path == k.path && i.message.contains(k.message);
            });
            QVERIFY2(found, qPrintable(u"missing: "_s + k.path + u": "_s + k.message));
        }
    }

    void examplesAreCheckedAgainstTheirDeclaredProfiles()
    {
        // Every declared profile that is loaded is the one used: issues name it with its version.
        const ValidationReport report = validateFile(u"us-core-3.1.1/example/Patient-example.json"_s);
        const bool named = std::any_of(report.issues.begin(), report.issues.end(), [](const ValidationIssue &i) {
            return i.profile == u"http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient|3.1.1"_s;
        });
        QVERIFY(named);
        QVERIFY(report.invariantsChecked > 0);
    }

    void profilesResolveInTheirOwnPackage_data()
    {
        QTest::addColumn<QString>("context");
        QTest::addColumn<QString>("canonical");
        QTest::addColumn<QString>("version");
        const QString patient = u"http://hl7.org/fhir/us/core/StructureDefinition/us-core-patient"_s;
        QTest::addRow("US Core 3.1.1 sees its own us-core-patient") << u"hl7.fhir.us.core#3.1.1"_s << patient << u"3.1.1"_s;
        QTest::addRow("US Core 6.1.0 sees its own us-core-patient") << u"hl7.fhir.us.core#6.1.0"_s << patient << u"6.1.0"_s;
        QTest::addRow("C4BB 2.0.0 sees US Core 3.1.1, its dependency") << u"hl7.fhir.us.carin-bb#2.0.0"_s << patient << u"3.1.1"_s;
        QTest::addRow("a versioned canonical wins over the context") << u"hl7.fhir.us.core#3.1.1"_s
                                                                      << QString(patient + u"|6.1.0"_s) << u"6.1.0"_s;
        QTest::addRow("without a context the highest version") << QString() << patient << u"6.1.0"_s;
        QTest::addRow("C4BB 1.1.0 sees its own C4BB-Patient") << u"hl7.fhir.us.carin-bb#1.1.0"_s
            << u"http://hl7.org/fhir/us/carin-bb/StructureDefinition/C4BB-Patient"_s << u"1.1.0"_s;
    }
    void profilesResolveInTheirOwnPackage()
    {
        QFETCH(QString, context);
        QFETCH(QString, canonical);
        QFETCH(QString, version);
        const paw::fhir::FhirPackage *package =
            context.isEmpty() ? nullptr : m_packages.find(context.section(u'#', 0, 0), context.section(u'#', 1));
        QVERIFY(context.isEmpty() || package);
        const auto model = m_validator->model(canonical, package);
        QVERIFY(model);
        QCOMPARE(model->version(), version);
    }

    void mutationIsRejected_data()
    {
        QTest::addColumn<int>("index");
        for (int i = 0; i < mutations().size(); ++i)
            QTest::addRow("%s", mutations().at(i).name) << i;
    }
    void mutationIsRejected()
    {
        QFETCH(int, index);
        const Mutation &mutation = mutations().at(index);
        const QString file = QString::fromLatin1(mutation.file);
        QStringList profiles;
        if (mutation.profile)
            profiles = {QString::fromLatin1(mutation.profile)};
        const QString path = QDir(packagesRoot()).filePath(file);
        const QJsonObject original = readJson(path);
        const auto *context = m_packages.packageContaining(path);
        auto matches = [&](const ValidationIssue &i) {
            return i.severity == mutation.severity && i.path == mutation.path && i.message.contains(mutation.message);
        };
        const ValidationReport before = m_validator->validate(original, profiles, context);
        QVERIFY2(std::none_of(before.issues.begin(), before.issues.end(), matches), "the unchanged example already has it");
        const ValidationReport after = m_validator->validate(mutation.mutate(original), profiles, context);
        QVERIFY2(std::any_of(after.issues.begin(), after.issues.end(), matches),
                 qPrintable(u"errors:\n"_s + describe(after.issues, ValidationIssue::Severity::Error) + u"\nwarnings:\n"_s
                            + describe(after.issues, ValidationIssue::Severity::Warning)));
        if (mutation.severity == ValidationIssue::Severity::Warning)
            QVERIFY2(!after.hasErrors(), qPrintable(describe(after.issues, ValidationIssue::Severity::Error)));
    }

    void unknownExtensionOnOpenSlicingIsOnlyNoted()
    {
        const QString path = QDir(packagesRoot()).filePath(QString::fromLatin1(kPatient6));
        QJsonObject patient = readJson(path);
        QJsonArray extensions = patient.value(u"extension"_s).toArray();
        extensions.append(QJsonObject{{u"url"_s, u"http://example.org/unknown"_s}, {u"valueString"_s, u"x"_s}});
        patient.insert(u"extension"_s, extensions);
        const ValidationReport report = m_validator->validate(patient, {}, m_packages.packageContaining(path));
        QVERIFY2(!report.hasErrors(), qPrintable(describe(report.issues, ValidationIssue::Severity::Error)));
        QVERIFY(std::any_of(report.issues.begin(), report.issues.end(), [](const ValidationIssue &i) {
            return i.severity == ValidationIssue::Severity::Information && i.path == u"Patient.extension[6]"_s
                   && i.message.contains(u"http://example.org/unknown"_s);
        }));
    }

    void absentParentsDoNotRequireTheirChildren()
    {
        // C4BB requires payee.type, but the example has no payee at all.
        const ValidationReport report = validateFile(QString::fromLatin1(kEob2));
        QVERIFY(!readJson(QDir(packagesRoot()).filePath(QString::fromLatin1(kEob2))).contains(u"payee"_s));
        QVERIFY(std::none_of(report.issues.begin(), report.issues.end(), [](const ValidationIssue &i) {
            return i.severity == ValidationIssue::Severity::Error && i.path.startsWith(u"ExplanationOfBenefit.payee"_s);
        }));
    }

    void unsupportedInvariantsAreCountedNotPassed()
    {
        // txt-1 uses htmlChecks(), which this validator does not implement.
        const ValidationReport report = validateFile(QString::fromLatin1(kEob2));
        QVERIFY(report.invariantsNotChecked.contains(u"txt-1"_s));
        QVERIFY(std::any_of(report.issues.begin(), report.issues.end(), [](const ValidationIssue &i) {
            return i.severity == ValidationIssue::Severity::Information && i.message.contains(u"txt-1 not checked"_s);
        }));
        // A binding whose code system is only a stub (content: not-present) is noted, not judged.
        QVERIFY(report.bindingsNotChecked.contains(u"http://hl7.org/fhir/us/carin-bb/ValueSet/AHANUBCRevenueCodes"_s));
    }

    void mustSupportElementsAreReported()
    {
        const ValidationReport report = validateFile(QString::fromLatin1(kEob2));
        auto has = [&](const QString &text) {
            return std::any_of(report.issues.begin(), report.issues.end(), [&](const ValidationIssue &i) {
                return i.severity == ValidationIssue::Severity::Information && i.message == text;
            });
        };
        QVERIFY(has(u"Must-support element ExplanationOfBenefit.billablePeriod is present"_s));
        QVERIFY(has(u"Must-support element ExplanationOfBenefit.payee is absent"_s));
    }

    void reportBecomesAnOperationOutcome()
    {
        const QString path = QDir(packagesRoot()).filePath(QString::fromLatin1(kEob2));
        const QJsonObject broken = removed(readJson(path), {u"created"_s});
        const QJsonObject outcome = m_validator->validate(broken, {}, m_packages.packageContaining(path)).toOperationOutcome();
        QCOMPARE(outcome.value(u"resourceType"_s).toString(), u"OperationOutcome"_s);
        const QJsonArray issues = outcome.value(u"issue"_s).toArray();
        const auto it = std::find_if(issues.begin(), issues.end(), [](const QJsonValue &v) {
            return v.toObject().value(u"expression"_s).toArray().first().toString() == u"ExplanationOfBenefit.created"_s;
        });
        QVERIFY(it != issues.end());
        const QJsonObject issue = it->toObject();
        QCOMPARE(issue.value(u"severity"_s).toString(), u"error"_s);
        QCOMPARE(issue.value(u"code"_s).toString(), u"required"_s);
        QVERIFY(issue.value(u"details"_s).toObject().value(u"text"_s).toString().contains(u"minimum 1"_s));
        QCOMPARE(issue.value(u"diagnostics"_s).toString(),
                 u"http://hl7.org/fhir/us/carin-bb/StructureDefinition/C4BB-ExplanationOfBenefit-Inpatient-Institutional|2.0.0#ExplanationOfBenefit.created"_s);
    }

    void validatesAnEobWellUnderTenMilliseconds()
    {
        const QString path = QDir(packagesRoot()).filePath(QString::fromLatin1(kEob2));
        const QJsonObject eob = readJson(path);
        const auto *context = m_packages.packageContaining(path);
        (void)m_validator->validate(eob, {}, context); // definitions compiled once
        QList<qint64> times;
        for (int i = 0; i < 21; ++i) {
            QElapsedTimer timer;
            timer.start();
            const ValidationReport report = m_validator->validate(eob, {}, context);
            times.append(timer.nsecsElapsed());
            QVERIFY(!report.hasErrors());
        }
        std::sort(times.begin(), times.end());
        const double medianMs = double(times.at(times.size() / 2)) / 1e6;
        qInfo("EOBInpatient1 (C4BB 2.0.0): median %.2f ms per validation", medianMs);
        QVERIFY2(medianMs < 10.0, qPrintable(QString::number(medianMs)));
    }
};

QTEST_GUILESS_MAIN(TestProfileValidator)
#include "TestProfileValidator.moc"
