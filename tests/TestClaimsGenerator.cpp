// The claims side of the sandbox against the official CARIN Blue Button 2.0.0 package: every
// resource validates against the profile it names, every EOB profile is used with its
// must-support elements, amounts add up, claims stay inside the coverage that pays, they bill
// exactly the vaccines and lab panels the clinical records report, and the output is
// byte-identical for the same seed.

#include "fhir/validation/FhirPackageSet.h"
#include "fhir/validation/ProfileValidator.h"
#include "sandbox/data/CareCatalog.h"
#include "sandbox/data/ClaimsGenerator.h"
#include "sandbox/data/ClinicalCatalog.h"
#include "sandbox/data/ClinicalGenerator.h"
#include "sandbox/data/MemberStoryPlanner.h"
#include "sandbox/data/NpiNumber.h"
#include "sandbox/data/PopulationPlanner.h"

#include <QDir>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <map>
#include <memory>

using namespace Qt::StringLiterals;
using namespace paw::sandbox;
using paw::fhir::FhirPackageSet;
using paw::fhir::ProfileValidator;
using paw::fhir::ValidationIssue;

namespace {

constexpr quint64 kSeed = 20260101;
constexpr int kMembers = 50;
const QDate kAsOf(2026, 6, 30);
const QString kEobProfile = u"http://hl7.org/fhir/us/carin-bb/StructureDefinition/C4BB-ExplanationOfBenefit-"_s;

// The generators' resources (JSON text) as Qt objects.
QList<QJsonObject> objects(const QList<QByteArray> &texts)
{
    QList<QJsonObject> out;
    for (const QByteArray &text : texts) {
        QJsonParseError error;
        const QJsonDocument document = QJsonDocument::fromJson(text, &error);
        if (error.error != QJsonParseError::NoError || !document.isObject())
            qFatal("a generated resource is not a JSON object: %s", text.left(200).constData());
        out.append(document.object());
    }
    return out;
}

struct Generated
{
    SandboxPopulation population;
    QList<MemberStory> stories;
    QList<QJsonObject> shared;
    QList<QJsonObject> members;
    QByteArray text; // every resource's text as generated, one per line
};

std::unique_ptr<Generated> generate(quint64 seed, int members)
{
    auto g = std::make_unique<Generated>();
    g->population = PopulationPlanner::plan(seed, members);
    const MemberStoryPlanner planner(g->population, seed, kAsOf);
    const ClaimsGenerator claims(g->population);
    const QList<QByteArray> shared = claims.sharedResources();
    g->shared = objects(shared);
    g->text = shared.join('\n');
    for (int i = 0; i < members; ++i) {
        g->stories.append(planner.plan(i));
        const QList<QByteArray> texts = claims.memberResources(g->stories.last(), seed);
        g->members += objects(texts);
        g->text += '\n' + texts.join('\n');
    }
    return g;
}

QString codeOf(const QJsonObject &codeable)
{
    return codeable.value(u"coding"_s).toArray().at(0).toObject().value(u"code"_s).toString();
}

qint64 cents(const QJsonValue &money)
{
    return qRound64(money.toObject().value(u"value"_s).toDouble() * 100.0);
}

// Amount adjudications of one item or of the totals, by category code.
std::map<QString, qint64> amounts(const QJsonArray &adjudications)
{
    std::map<QString, qint64> out;
    for (const QJsonValue &a : adjudications) {
        const QJsonObject o = a.toObject();
        if (o.contains(u"amount"_s) && !o.contains(u"reason"_s))
            out[codeOf(o.value(u"category"_s).toObject())] += cents(o.value(u"amount"_s));
    }
    return out;
}

QDate dateOf(const QJsonValue &v)
{
    return QDate::fromString(v.toString().left(10), Qt::ISODate);
}

} // namespace

class TestClaimsGenerator : public QObject
{
    Q_OBJECT

    FhirPackageSet m_packages;
    std::unique_ptr<ProfileValidator> m_validator;
    std::unique_ptr<Generated> m_data;

    QList<QJsonObject> all() const { return m_data->shared + m_data->members; }

    bool requiredChildOfPresent(const QString &profile, const QString &element, const QSet<QString> &seen) const
    {
        const qsizetype dot = element.lastIndexOf(u'.');
        if (dot < 0 || !seen.contains(element.left(dot)))
            return false;
        const QJsonObject definition = m_packages.resolve(profile).resource;
        for (const QJsonValue &e : definition[u"snapshot"_s][u"element"_s].toArray())
            if (e[u"id"_s].toString() == element)
                return e[u"min"_s].toInt() >= 1;
        return false;
    }

    QList<QJsonObject> ofType(const QString &type) const
    {
        QList<QJsonObject> out;
        for (const QJsonObject &r : all())
            if (r.value(u"resourceType"_s).toString() == type)
                out.append(r);
        return out;
    }

private Q_SLOTS:
    void initTestCase()
    {
        for (const QString &folder : {u"r4-core"_s, u"us-core-3.1.1"_s, u"carin-bb-2.0.0"_s}) {
            const auto loaded = m_packages.load(QDir(QStringLiteral(PAW_FHIR_PACKAGES)).filePath(folder));
            QVERIFY2(loaded, qPrintable(loaded ? QString() : loaded.error()));
        }
        m_validator = std::make_unique<ProfileValidator>(m_packages);
        m_data = generate(kSeed, kMembers);
    }

    void everyResourceValidatesAgainstItsProfile()
    {
        QMap<QString, int> perProfile;
        QStringList errors;
        int warnings = 0;
        for (const QJsonObject &r : all()) {
            const QString profile = r.value(u"meta"_s).toObject().value(u"profile"_s).toArray().at(0).toString();
            QVERIFY2(profile.endsWith(u"|2.0.0"_s), qPrintable(profile));
            ++perProfile[profile.section(u'/', -1)];
            const auto report = m_validator->validate(r);
            warnings += report.count(ValidationIssue::Severity::Warning);
            for (const ValidationIssue &i : report.issues)
                if (i.severity == ValidationIssue::Severity::Error && errors.size() < 30)
                    errors.append(r.value(u"id"_s).toString() + u": "_s + i.path + u": "_s + i.message);
        }
        for (auto it = perProfile.cbegin(); it != perProfile.cend(); ++it)
            qInfo("%6d %s", it.value(), qPrintable(it.key()));
        qInfo("%lld resources validated, %d warnings", qlonglong(all().size()), warnings);
        QVERIFY2(errors.isEmpty(), qPrintable(errors.join(u'\n')));
        for (const char *p : {"Inpatient-Institutional", "Outpatient-Institutional", "Professional-NonClinician", "Pharmacy", "Oral"})
            QVERIFY2(perProfile.value(u"C4BB-ExplanationOfBenefit-"_s + QString::fromLatin1(p) + u"|2.0.0"_s) > 0, p);
        QVERIFY(perProfile.value(u"C4BB-Patient|2.0.0"_s) == kMembers);
    }

    void everyMustSupportElementIsUsed()
    {
        // Elements that only apply to claims the sandbox does not make: ambulance transport
        // (professional), compound drugs and rejected pharmacy lines, orthodontic treatment.
        const QSet<QString> notApplicable{
            u"ExplanationOfBenefit.supportingInfo:patientweight"_s, u"ExplanationOfBenefit.supportingInfo:ambulancetransportreason"_s,
            u"ExplanationOfBenefit.supportingInfo:transportationdistance"_s, u"ExplanationOfBenefit.supportingInfo:roudtrippurpose"_s,
            u"ExplanationOfBenefit.supportingInfo:stretcherpurpose"_s, u"ExplanationOfBenefit.supportingInfo:pickuplocation"_s,
            u"ExplanationOfBenefit.supportingInfo:dropofflocation"_s, u"ExplanationOfBenefit.item.detail"_s,
            u"ExplanationOfBenefit.item.detail.productOrService"_s, u"ExplanationOfBenefit.item.detail.quantity"_s,
            u"ExplanationOfBenefit.item.adjudication:rejectreason"_s, u"ExplanationOfBenefit.item.adjudication:rejectreason.category"_s,
            u"ExplanationOfBenefit.item.adjudication:rejectreason.reason"_s, u"ExplanationOfBenefit.supportingInfo:orthodontics"_s,
            u"ExplanationOfBenefit.supportingInfo:orthodontics.category"_s,
            u"ExplanationOfBenefit.supportingInfo:orthodontics.value[x]"_s,
            // Individual clinicians are identified by NPI; they bill under their organization's tax id.
            u"Practitioner.identifier:tax"_s};
        QHash<QString, QSet<QString>> present, absent;
        for (const QJsonObject &r : all()) {
            const QString profile = r.value(u"meta"_s).toObject().value(u"profile"_s).toArray().at(0).toString();
            for (const ValidationIssue &i : m_validator->validate(r).issues) {
                if (i.severity != ValidationIssue::Severity::Information || !i.message.startsWith(u"Must-support element"_s))
                    continue;
                if (!i.profile.startsWith(profile.section(u'|', 0, 0)))
                    continue;
                (i.message.endsWith(u"is present"_s) ? present : absent)[profile].insert(i.elementId);
            }
        }
        QVERIFY(!present.isEmpty());
        // Institutional amounts belong on the items (EOB-institutional-item-or-header-adjudication),
        // and inpatient revenue lines carry no CPT/HCPCS to modify.
        const QSet<QString> notInstitutional{u"ExplanationOfBenefit.adjudication:adjudicationamounttype"_s,
                                             u"ExplanationOfBenefit.adjudication:adjudicationamounttype.amount"_s};
        QStringList never;
        for (auto it = absent.cbegin(); it != absent.cend(); ++it) {
            const QSet<QString> &seen = present.value(it.key());
            for (const QString &element : it.value()) {
                if (seen.contains(element) || notApplicable.contains(element))
                    continue;
                if (it.key().contains(u"Institutional"_s) && notInstitutional.contains(element))
                    continue;
                // Inpatient revenue lines carry no CPT/HCPCS code, and CDT codes take no CPT modifiers.
                if ((it.key().contains(u"Inpatient"_s) || it.key().contains(u"Oral"_s))
                    && element == u"ExplanationOfBenefit.item.modifier"_s)
                    continue;
                // A required child of an element that is present is present (slices match the
                // entries, so the validator notes the child under the slice, or not at all).
                if (requiredChildOfPresent(it.key(), element, seen))
                    continue;
                // A child of a sliced element counts as present when it is present in a slice.
                const qsizetype dot = element.lastIndexOf(u'.');
                const QString parent = element.left(dot), child = element.mid(dot);
                if (std::any_of(seen.cbegin(), seen.cend(), [&](const QString &s) {
                        return s.startsWith(parent + u':') && s.endsWith(child) && !s.mid(parent.size()).contains(u'.') == false
                            && s.indexOf(u'.', parent.size()) == s.size() - child.size();
                    }))
                    continue;
                never.append(it.key().section(u'/', -1) + u' ' + element);
            }
        }
        never.sort();
        for (const QString &line : never)
            qWarning("never present: %s", qPrintable(line));
        QVERIFY2(never.isEmpty(), qPrintable(QString::number(never.size()) + u" must-support elements never present"_s));
    }

    void amountsAddUp()
    {
        int items = 0;
        for (const QJsonObject &eob : ofType(u"ExplanationOfBenefit"_s)) {
            const QString id = eob.value(u"id"_s).toString();
            std::map<QString, qint64> sums;
            for (const QJsonValue &v : eob.value(u"item"_s).toArray()) {
                const auto a = amounts(v.toObject().value(u"adjudication"_s).toArray());
                const qint64 submitted = a.at(u"submitted"_s), allowed = a.at(u"eligible"_s), paid = a.at(u"paidtoprovider"_s);
                QVERIFY2(submitted >= allowed && allowed >= paid && paid >= 0, qPrintable(id));
                QCOMPARE(allowed, paid + a.at(u"memberliability"_s));
                QCOMPARE(a.at(u"memberliability"_s), a.at(u"deductible"_s) + a.at(u"copay"_s) + a.at(u"coinsurance"_s));
                QCOMPARE(submitted, allowed + a.at(u"discount"_s));
                for (const auto &[category, value] : a)
                    sums[category] += value;
                ++items;
            }
            const auto totals = amounts(eob.value(u"total"_s).toArray());
            QVERIFY2(!totals.empty(), qPrintable(id));
            QVERIFY2(totals == sums, qPrintable(id));
            QCOMPARE(eob.value(u"outcome"_s).toString(), u"complete"_s);
            QCOMPARE(eob.value(u"status"_s).toString(), u"active"_s);
        }
        QVERIFY(items > kMembers * 10);
    }

    void claimsArePaidByTheCoveragePayorInsideItsPeriod()
    {
        QHash<QString, QJsonObject> coverages;
        for (const QJsonObject &c : ofType(u"Coverage"_s))
            coverages.insert(u"Coverage/"_s + c.value(u"id"_s).toString(), c);
        int checked = 0;
        for (const QJsonObject &eob : ofType(u"ExplanationOfBenefit"_s)) {
            const QJsonArray insurance = eob.value(u"insurance"_s).toArray();
            QCOMPARE(insurance.size(), 1);
            const QJsonObject coverage = coverages.value(insurance.at(0)[u"coverage"_s][u"reference"_s].toString());
            QVERIFY(!coverage.isEmpty());
            QCOMPARE(eob[u"insurer"_s][u"reference"_s].toString(), coverage[u"payor"_s][0][u"reference"_s].toString());
            QCOMPARE(eob[u"patient"_s][u"reference"_s].toString(), coverage[u"beneficiary"_s][u"reference"_s].toString());
            const QDate start = dateOf(eob[u"billablePeriod"_s][u"start"_s]);
            const QDate end = dateOf(eob[u"billablePeriod"_s][u"end"_s]);
            const QDate from = dateOf(coverage[u"period"_s][u"start"_s]);
            const QJsonValue to = coverage[u"period"_s][u"end"_s];
            QVERIFY2(start >= from && end <= (to.isUndefined() ? kAsOf : dateOf(to)) && end <= kAsOf,
                     qPrintable(eob.value(u"id"_s).toString()));
            QVERIFY(dateOf(eob.value(u"created"_s)) >= end && dateOf(eob.value(u"created"_s)) <= kAsOf);
            ++checked;
        }
        QVERIFY(checked > 0);
    }

    void everyNpiIsValid()
    {
        int npis = 0;
        for (const QJsonObject &r : all())
            for (const QJsonValue &i : r.value(u"identifier"_s).toArray())
                if (i[u"system"_s].toString() == u"http://hl7.org/fhir/sid/us-npi"_s) {
                    QVERIFY2(NpiNumber::isValid(i[u"value"_s].toString()), qPrintable(i[u"value"_s].toString()));
                    ++npis;
                }
        QCOMPARE(npis, int(m_data->population.providers.size() + m_data->population.clinicians.size()));
    }

    void sensitiveClaimsAreLabelled()
    {
        QHash<QString, QString> expected;
        for (const MemberStory &s : m_data->stories)
            for (const CareEvent &e : s.events)
                expected.insert(e.id + u"-eob"_s, e.sensitivity);
        QSet<QString> labels;
        for (const QJsonObject &eob : ofType(u"ExplanationOfBenefit"_s)) {
            const QJsonArray security = eob[u"meta"_s][u"security"_s].toArray();
            const QString want = expected.value(eob.value(u"id"_s).toString());
            if (want.isEmpty()) {
                QVERIFY(security.isEmpty());
                continue;
            }
            QCOMPARE(security.size(), 1);
            QCOMPARE(security.at(0)[u"system"_s].toString(), u"http://terminology.hl7.org/CodeSystem/v3-ActCode"_s);
            QCOMPARE(security.at(0)[u"code"_s].toString(), want);
            labels.insert(want);
        }
        QCOMPARE(labels, (QSet<QString>{u"ETH"_s, u"PSY"_s, u"HIV"_s, u"SEX"_s, u"GDIS"_s}));
    }

    void idsAndReferencesAreWellFormed()
    {
        const QRegularExpression id(u"^[A-Za-z0-9\\-.]{1,64}$"_s);
        QSet<QString> known;
        for (const QJsonObject &r : all()) {
            QVERIFY2(id.match(r.value(u"id"_s).toString()).hasMatch(), qPrintable(r.value(u"id"_s).toString()));
            const QString key = r.value(u"resourceType"_s).toString() + u'/' + r.value(u"id"_s).toString();
            QVERIFY2(!known.contains(key), qPrintable(key));
            known.insert(key);
        }
        for (const QJsonObject &eob : ofType(u"ExplanationOfBenefit"_s)) {
            for (const char *field : {"patient", "insurer", "provider"})
                QVERIFY2(known.contains(eob[QString::fromLatin1(field)][u"reference"_s].toString()), field);
            for (const QJsonValue &member : eob.value(u"careTeam"_s).toArray())
                QVERIFY(known.contains(member[u"provider"_s][u"reference"_s].toString()));
        }
    }

    void claimsBillTheVaccinesAndLabPanelsTheRecordsReport()
    {
        // The codes that bill a vaccine product or a lab panel, and what each stands for.
        QHash<QString, QString> productOf, panelOf; // CVX -> CPT, panel LOINC -> CPT
        for (const Vaccine &v : ClinicalCatalog::vaccines())
            productOf.insert(v.cvx.code, CareCatalog::vaccineProduct(v.cvx.code).code.code);
        for (const LabPanel &p : ClinicalCatalog::labPanels())
            panelOf.insert(p.loinc.code, CareCatalog::labPanelProcedure(p.loinc.code).code.code);
        const QSet<QString> products(productOf.cbegin(), productOf.cend());
        const QSet<QString> panelCodes(panelOf.cbegin(), panelOf.cend());

        // What the records report, per claim: "<CPT>@<date>" for each Immunization and lab report.
        QHash<QString, QStringList> reportedVaccines, reportedPanels; // by EOB id
        int immunizations = 0, reports = 0;
        const ClinicalGenerator clinical(m_data->population);
        for (const MemberStory &story : m_data->stories) {
            for (const QJsonObject &r : objects(clinical.memberResources(story, kSeed))) {
                const QString type = r.value(u"resourceType"_s).toString();
                const QString encounter = r[u"encounter"_s][u"reference"_s].toString();
                const QString eob = encounter.section(u'/', 1).chopped(4) + u"-eob"_s; // "<event>-enc" -> "<event>-eob"
                if (type == u"Immunization"_s) {
                    const QString cvx = codeOf(r.value(u"vaccineCode"_s).toObject());
                    QVERIFY2(productOf.contains(cvx), qPrintable(cvx));
                    reportedVaccines[eob].append(productOf.value(cvx) + u'@' + r.value(u"occurrenceDateTime"_s).toString().left(10));
                    ++immunizations;
                } else if (type == u"DiagnosticReport"_s && r.value(u"id"_s).toString().contains(u"-dr-lab"_s)) {
                    const QString loinc = codeOf(r.value(u"code"_s).toObject());
                    QVERIFY2(panelOf.contains(loinc), qPrintable(loinc));
                    reportedPanels[eob].append(panelOf.value(loinc) + u'@' + r.value(u"effectiveDateTime"_s).toString().left(10));
                    ++reports;
                }
            }
        }

        // What each claim bills, the same way; administration and venipuncture lines counted.
        int withTwoVaccines = 0, inpatientPanels = 0;
        for (const QJsonObject &eob : ofType(u"ExplanationOfBenefit"_s)) {
            const QString id = eob.value(u"id"_s).toString();
            QStringList billedVaccines, billedPanels;
            int administrations = 0, additional = 0, draws = 0;
            for (const QJsonValue &item : eob.value(u"item"_s).toArray()) {
                const QString code = codeOf(item[u"productOrService"_s].toObject());
                const QString line = code + u'@' + item[u"servicedDate"_s].toString();
                if (products.contains(code))
                    billedVaccines.append(line);
                if (panelCodes.contains(code))
                    billedPanels.append(line);
                administrations += code == u"90471"_s ? 1 : 0;
                additional += code == u"90472"_s ? 1 : 0;
                draws += code == u"36415"_s ? 1 : 0;
            }
            QStringList vaccines = reportedVaccines.take(id), panels = reportedPanels.take(id);
            for (QStringList *list : {&vaccines, &panels, &billedVaccines, &billedPanels})
                list->sort();
            // Each Immunization is one product line of its visit's claim, same day, and each
            // product line an Immunization; likewise lab reports and panel lines.
            QVERIFY2(billedVaccines == vaccines, qPrintable(id + u": billed "_s + billedVaccines.join(u' ')
                                                             + u", recorded "_s + vaccines.join(u' ')));
            QVERIFY2(billedPanels == panels, qPrintable(id + u": billed "_s + billedPanels.join(u' ')
                                                         + u", reported "_s + panels.join(u' ')));
            QCOMPARE(administrations, vaccines.isEmpty() ? 0 : 1);
            QCOMPARE(additional, std::max(0, int(vaccines.size()) - 1));
            QCOMPARE(draws, panels.isEmpty() ? 0 : 1);
            withTwoVaccines += vaccines.size() > 1 ? 1 : 0;
            if (eob[u"subType"_s][u"coding"_s][0][u"code"_s].toString() == u"inpatient"_s)
                inpatientPanels += int(panels.size());
        }
        // No record without its claim.
        QVERIFY2(reportedVaccines.isEmpty(), qPrintable(reportedVaccines.keys().join(u' ')));
        QVERIFY2(reportedPanels.isEmpty(), qPrintable(reportedPanels.keys().join(u' ')));
        QVERIFY2(immunizations > kMembers / 2 && reports > kMembers / 2,
                 qPrintable(u"%1 immunizations, %2 lab reports"_s.arg(immunizations).arg(reports)));
        QVERIFY(withTwoVaccines > 0 && inpatientPanels > 0);
    }

    void outputIsDeterministic()
    {
        const auto again = generate(kSeed, kMembers);
        QCOMPARE(again->text, m_data->text);
        const auto other = generate(kSeed + 1, kMembers);
        QVERIFY(other->text != m_data->text);
    }

    void eachResourceIsOneObjectInFhirOrder()
    {
        const QList<QByteArray> texts = m_data->text.split('\n');
        QCOMPARE(texts.size(), m_data->shared.size() + m_data->members.size());
        const QRegularExpression start(u"^\\{\"resourceType\":\"[A-Za-z]+\",\"id\":\"[A-Za-z0-9.-]{1,64}\",\"meta\":\\{"_s);
        for (const QByteArray &text : texts) {
            QVERIFY2(start.match(QString::fromUtf8(text)).hasMatch(), text.left(120).constData());
            QVERIFY(text.endsWith('}'));
            QVERIFY2(!text.contains('\n'), "compact text");
        }
    }

    void resourcesPerMember()
    {
        const double perMember = double(m_data->members.size()) / kMembers;
        qInfo("%.1f claims-side resources per member", perMember);
        QVERIFY2(perMember >= 15 && perMember <= 30, qPrintable(QString::number(perMember)));
    }
};

QTEST_GUILESS_MAIN(TestClaimsGenerator)
#include "TestClaimsGenerator.moc"
