// The clinical generator against the official US Core packages: every record it writes validates
// against its declared US Core 3.1.1 (or base vital-signs) profile and against the matching US
// Core 6.1.0 profile, points only at resources that exist, agrees with the member's story (one
// Encounter per visit, one MedicationDispense per pharmacy fill, an Immunization per vaccine and a
// lab report per panel the story gives and draws, and no others; vital signs at check-ups and
// hospital stays only; dates inside the story), carries
// sensitivity labels exactly where its content is sensitive, and is the same bytes every time.
// The generator gives each resource as JSON text, its members in FHIR's order; the checks read
// that text back as Qt objects.
//
// The story and population planners are written elsewhere, so this test builds its own fixture:
// a small population and hand-made stories covering every kind of event, plus many more made by
// a tiny planner of its own so that the generator's random choices all occur.

#include "fhir/validation/FhirPackage.h"
#include "fhir/validation/FhirPackageSet.h"
#include "fhir/validation/ProfileValidator.h"
#include "sandbox/data/CareCatalog.h"
#include "sandbox/data/ClinicalCatalog.h"
#include "sandbox/data/ClinicalGenerator.h"
#include "sandbox/data/NpiNumber.h"
#include "sandbox/data/SandboxRandom.h"

#include <QDir>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QMap>
#include <QRegularExpression>
#include <QSet>
#include <QTest>
#include <functional>
#include <time.h>

#include <rapidjson/document.h>

using namespace Qt::StringLiterals;
using namespace paw::sandbox;
using paw::fhir::FhirPackageSet;
using paw::fhir::ProfileValidator;
using paw::fhir::ValidationIssue;
using paw::fhir::ValidationReport;

namespace {

const QString kUsCore = u"http://hl7.org/fhir/us/core/StructureDefinition/"_s;
const QString kActCode = u"http://terminology.hl7.org/CodeSystem/v3-ActCode"_s;
const quint64 kSeed = 20260101;

Code icd(const char *code, const char *display)
{
    return Code{u"http://hl7.org/fhir/sid/icd-10-cm"_s, QString::fromLatin1(code), QString::fromLatin1(display)};
}

Code sct(const char *code, const char *display)
{
    return Code{u"http://snomed.info/sct"_s, QString::fromLatin1(code), QString::fromLatin1(display)};
}

Code cpt(const char *code, const char *display)
{
    return Code{u"http://www.ama-assn.org/go/cpt"_s, QString::fromLatin1(code), QString::fromLatin1(display)};
}

Code rxnorm(const char *code, const char *display)
{
    return Code{u"http://www.nlm.nih.gov/research/umls/rxnorm"_s, QString::fromLatin1(code), QString::fromLatin1(display)};
}

Code ndc(const char *code)
{
    return Code{u"http://hl7.org/fhir/sid/ndc"_s, QString::fromLatin1(code), {}};
}

Diagnosis dx(const char *icd10, const char *snomedCode, const char *display, const char *sensitivity = "")
{
    return Diagnosis{icd(icd10, display), sct(snomedCode, display), QString::fromLatin1(sensitivity)};
}

// The diagnoses the fixture draws from: plain ones and one of each sensitivity.
const Diagnosis kHypertension = dx("I10", "38341003", "Hypertensive disorder");
const Diagnosis kDiabetes = dx("E11.9", "44054006", "Diabetes mellitus type 2");
const Diagnosis kBronchitis = dx("J20.9", "10509002", "Acute bronchitis");
const Diagnosis kNstemi = dx("I21.4", "401314000", "Acute non-ST segment elevation myocardial infarction");
const Diagnosis kCaries = dx("K02.9", "80967001", "Dental caries");
const Diagnosis kDepression = dx("F32.9", "35489007", "Depressive disorder", "PSY");
const Diagnosis kOpioid = dx("F11.20", "5602001", "Opioid dependence", "ETH");
const Diagnosis kHiv = dx("B20", "86406008", "Human immunodeficiency virus infection", "HIV");
const Diagnosis kContraception = dx("Z30.011", "384866001", "Contraception care", "SEX");
const Diagnosis kBrca = dx("Z15.01", "412734009", "BRCA1 gene mutation positive", "GDIS");

// Lab panels of ClinicalCatalog, by LOINC code.
const QString kMetabolicPanel = u"51990-0"_s;
const QString kBloodCount = u"58410-2"_s;
const QString kHemoglobinA1c = u"4548-4"_s;

ProcedureCode proc(Code code, Code snomed)
{
    return ProcedureCode{std::move(code), std::move(snomed)};
}

const ProcedureCode kOfficeVisit = proc(cpt("99213", "Office or other outpatient visit, established patient"),
                                        sct("185349003", "Encounter for check up"));
const ProcedureCode kEcg = proc(cpt("93000", "Electrocardiogram, routine ECG with at least 12 leads"),
                                sct("29303009", "Electrocardiographic procedure"));
const ProcedureCode kStent = proc(Code{u"http://www.cms.gov/Medicare/Coding/ICD10"_s, u"02703DZ"_s,
                                       u"Dilation of Coronary Artery, One Artery with Intraluminal Device"_s},
                                  sct("36969009", "Placement of stent in coronary artery"));
const ProcedureCode kFilling = proc(Code{u"http://www.ada.org/cdt"_s, u"D2391"_s, u"Resin-based composite - one surface, posterior"_s},
                                    sct("234785009", "Filling of tooth"));
const ProcedureCode kPsychotherapy = proc(cpt("90834", "Psychotherapy, 45 minutes with patient"),
                                          sct("75516001", "Psychotherapy"));

SandboxPopulation makePopulation()
{
    SandboxPopulation p;
    p.seed = kSeed;
    p.payers.append(Payer{u"payer1"_s, u"Sandbox Health Plan"_s, u"PAYER1"_s, u"12345"_s,
                          Address{u"1 Plan Way"_s, u"Boston"_s, u"MA"_s, u"02110"_s}, u"617-555-0100"_s});
    const auto provider = [&](Provider::Kind kind, const char *id, const char *name, int serial) {
        p.providers.append(Provider{kind, QString::fromLatin1(id), QString::fromLatin1(name), NpiNumber::fromSerial(serial),
                                    u"041234567"_s, Address{u"10 Main Street"_s, u"Worcester"_s, u"MA"_s, u"01608"_s},
                                    u"508-555-0111"_s, QString(QString::fromLatin1(id) + u"-loc")});
    };
    provider(Provider::Kind::Hospital, "org-hosp1", "Sandbox General Hospital", 123456701);
    provider(Provider::Kind::Clinic, "org-clinic1", "Sandbox Family Practice", 123456702);
    provider(Provider::Kind::Clinic, "org-clinic2", "Sandbox Behavioral Health", 123456703);
    provider(Provider::Kind::Pharmacy, "org-pharm1", "Sandbox Pharmacy", 123456704);
    provider(Provider::Kind::DentalOffice, "org-dental1", "Sandbox Dental", 123456705);
    const auto clinician = [&](const char *id, const char *family, const char *given, const char *taxonomy,
                               const char *specialty, const char *org, int serial) {
        p.clinicians.append(Clinician{QString::fromLatin1(id), QString(QString::fromLatin1(id) + u"-role"),
                                      QString::fromLatin1(family), {QString::fromLatin1(given)}, u"female"_s,
                                      NpiNumber::fromSerial(serial),
                                      Code{u"http://nucc.org/provider-taxonomy"_s, QString::fromLatin1(taxonomy),
                                           QString::fromLatin1(specialty)},
                                      QString::fromLatin1(org)});
    };
    clinician("pr-cardio", "Hart", "Ada", "207RC0000X", "Cardiovascular Disease Physician", "org-hosp1", 223456701);
    clinician("pr-family", "Field", "Ben", "207Q00000X", "Family Medicine Physician", "org-clinic1", 223456702);
    clinician("pr-psych", "Mind", "Cleo", "2084P0800X", "Psychiatry Physician", "org-clinic2", 223456703);
    clinician("pr-pharm", "Pill", "Dan", "183500000X", "Pharmacist", "org-pharm1", 223456704);
    clinician("pr-dent", "Tooth", "Eve", "1223G0001X", "General Practice Dentist", "org-dental1", 223456705);
    p.medications = {
        {u"med-lisinopril"_s, rxnorm("314076", "lisinopril 10 MG Oral Tablet"), ndc("00093111301"), {}},
        {u"med-atorvastatin"_s, rxnorm("617312", "atorvastatin 40 MG Oral Tablet"), ndc("00071015523"), {}},
        {u"med-buprenorphine"_s, rxnorm("1010600", "buprenorphine 8 MG / naloxone 2 MG Sublingual Film"),
         ndc("12496120803"), u"ETH"_s},
        {u"med-biktarvy"_s, rxnorm("1999667", "bictegravir 50 MG / emtricitabine 200 MG / tenofovir alafenamide 25 MG Oral Tablet"),
         ndc("61958250101"), u"HIV"_s},
    };
    return p;
}

const MedicationItem &medication(const SandboxPopulation &population, const QString &id)
{
    for (const MedicationItem &item : population.medications)
        if (item.medicationId == id)
            return item;
    qFatal("no medication %s", qPrintable(id));
}

// Builds a story event by event, numbering ids the way MemberStoryPlanner does.
class StoryBuilder
{
public:
    StoryBuilder(const SandboxPopulation &population, int index, QDate birthDate, const char *gender, QDate asOf)
        : m_population(population)
    {
        m_story.member.index = index;
        m_story.member.patientId = QString(u"m" + QString::number(index).rightJustified(6, u'0'));
        m_story.member.family = u"Sample"_s;
        m_story.member.given = {u"Member"_s, QString::number(index)};
        m_story.member.gender = QString::fromLatin1(gender);
        m_story.member.birthDate = birthDate;
        m_story.asOf = asOf;
        m_story.coverages.append(CoveragePeriod{QString(m_story.member.patientId + u"-cov1"), u"payer1"_s,
                                                QString(u"Patient/" + m_story.member.patientId), u"S1"_s, u"self"_s,
                                                u"Gold"_s, u"P1"_s, u"Group"_s, u"G1"_s, asOf.addYears(-3), {}});
    }

    StoryBuilder &event(CareEvent::Kind kind, QDate start, QList<Diagnosis> diagnoses, QList<ProcedureCode> procedures,
                        int days = 0)
    {
        CareEvent e;
        e.kind = kind;
        e.id = QString(m_story.member.patientId + u"-e" + QString::number(m_story.events.size() + 1));
        e.start = start;
        e.end = start.addDays(days);
        e.coverageId = m_story.coverages.first().coverageId;
        const char *org = kind == CareEvent::Kind::InpatientStay     ? "org-hosp1"
                        : kind == CareEvent::Kind::DentalVisit       ? "org-dental1"
                        : kind == CareEvent::Kind::PharmacyFill      ? "org-pharm1"
                        : diagnoses.value(0).sensitivity == u"PSY"   ? "org-clinic2"
                                                                     : "org-clinic1";
        e.providerId = QString::fromLatin1(org);
        for (const Clinician &c : m_population.clinicians)
            if (c.providerId == e.providerId)
                e.practitionerId = c.practitionerId;
        e.locationId = m_population.provider(e.providerId)->locationId;
        e.diagnoses = std::move(diagnoses);
        e.procedures = std::move(procedures);
        for (const Diagnosis &d : e.diagnoses)
            if (e.sensitivity.isEmpty())
                e.sensitivity = d.sensitivity;
        e.claimNumber = int(m_story.events.size() + 1);
        m_story.events.append(e);
        return *this;
    }

    StoryBuilder &fill(QDate date, const QString &medicationId, QList<Diagnosis> diagnoses = {}, int days = 30)
    {
        event(CareEvent::Kind::PharmacyFill, date, std::move(diagnoses), {});
        CareEvent &e = m_story.events.last();
        const MedicationItem &item = medication(m_population, medicationId);
        e.drug = Drug{item.ndc, item.rxnorm, days, days, medicationId};
        if (e.sensitivity.isEmpty())
            e.sensitivity = item.sensitivity;
        return *this;
    }

    // A yearly check-up, coded as MemberStoryPlanner codes one.
    StoryBuilder &checkUp(QDate date)
    {
        const QDate birth = m_story.member.birthDate;
        int age = date.year() - birth.year();
        if (date.month() < birth.month() || (date.month() == birth.month() && date.day() < birth.day()))
            --age;
        event(CareEvent::Kind::OfficeVisit, date, {CareCatalog::wellnessDiagnosis(age)}, {CareCatalog::preventiveVisit(age)});
        m_story.events.last().preventive = true;
        return *this;
    }

    StoryBuilder &condition(const Diagnosis &diagnosis, QDate onset, bool active = true)
    {
        m_story.conditions.append(ChronicCondition{diagnosis, onset, active});
        return *this;
    }

    StoryBuilder &allergy(Code substance)
    {
        m_story.allergies.append(std::move(substance));
        return *this;
    }

    // Vaccines given at the latest event, by CVX code (ClinicalCatalog::vaccines).
    StoryBuilder &vaccines(const QStringList &cvxCodes)
    {
        for (const QString &code : cvxCodes)
            for (const Vaccine &v : ClinicalCatalog::vaccines())
                if (v.cvx.code == code)
                    m_story.events.last().vaccinations.append(Vaccination{v.cvx, CareCatalog::vaccineProduct(code).code});
        return *this;
    }

    // Lab panels drawn at the latest event, by LOINC code (ClinicalCatalog::labPanels), billed as
    // MemberStoryPlanner bills them: the blood draw (venipuncture) once, then each panel.
    StoryBuilder &labs(const QStringList &loincs)
    {
        CareEvent &e = m_story.events.last();
        for (const QString &loinc : loincs)
            if (const LabPanel *panel = ClinicalCatalog::labPanel(loinc)) {
                if (e.labOrders.isEmpty())
                    e.procedures.append(CareCatalog::procedure(u"36415"_s));
                const ProcedureCode billed = CareCatalog::labPanelProcedure(loinc);
                e.labOrders.append(LabOrder{panel->loinc, billed.code});
                e.procedures.append(billed);
            }
        return *this;
    }

    StoryBuilder &implant()
    {
        m_story.hasImplant = true;
        return *this;
    }

    MemberStory build() const { return m_story; }

private:
    const SandboxPopulation &m_population;
    MemberStory m_story;
};

const QDate kAsOf(2026, 6, 30);

QList<MemberStory> handMadeStories(const SandboxPopulation &p)
{
    using K = CareEvent::Kind;
    QList<MemberStory> stories;
    // An adult with a heart attack and stent, chronic conditions, allergies and refills.
    stories.append(StoryBuilder(p, 0, QDate(1961, 3, 14), "male", kAsOf)
                       .condition(kHypertension, QDate(2015, 5, 1))
                       .condition(kDiabetes, QDate(2019, 2, 11))
                       .condition(kBronchitis, QDate(2021, 1, 5), false)
                       .allergy(rxnorm("7980", "Penicillin G"))
                       .allergy(sct("256349002", "Peanut"))
                       .implant()
                       .event(K::OfficeVisit, QDate(2024, 1, 9), {kHypertension, kDiabetes}, {kOfficeVisit})
                       .labs({kMetabolicPanel, kHemoglobinA1c})
                       .fill(QDate(2024, 1, 10), u"med-lisinopril"_s, {kHypertension}, 90)
                       .event(K::InpatientStay, QDate(2024, 3, 2), {kNstemi, kHypertension}, {kStent, kEcg}, 4)
                       .labs({kBloodCount})
                       .fill(QDate(2024, 3, 7), u"med-atorvastatin"_s)
                       .event(K::OutpatientVisit, QDate(2024, 4, 15), {kNstemi}, {kEcg})
                       .fill(QDate(2024, 4, 10), u"med-lisinopril"_s, {kHypertension}, 90)
                       .event(K::OfficeVisit, QDate(2024, 6, 20), {kBronchitis}, {kOfficeVisit})
                       .event(K::DentalVisit, QDate(2024, 9, 3), {kCaries}, {kFilling})
                       .event(K::OfficeVisit, QDate(2025, 1, 14), {kDiabetes}, {kOfficeVisit})
                       .fill(QDate(2025, 1, 15), u"med-atorvastatin"_s)
                       .event(K::OfficeVisit, QDate(2025, 10, 2), {kHypertension}, {kOfficeVisit})
                       .vaccines({u"140"_s, u"187"_s})
                       .event(K::OutpatientVisit, QDate(2026, 6, 30), {kNstemi}, {kEcg})
                       .labs({kBloodCount})
                       .checkUp(QDate(2025, 4, 22))
                       .labs({kMetabolicPanel, kHemoglobinA1c})
                       .build());
    // A child: office and dental visits, vaccines, no allergies, no implant, no pharmacy.
    stories.append(StoryBuilder(p, 1, QDate(2017, 8, 1), "female", kAsOf)
                       .event(K::OfficeVisit, QDate(2023, 9, 12), {kBronchitis}, {kOfficeVisit})
                       .vaccines({u"150"_s})
                       .event(K::OfficeVisit, QDate(2024, 2, 1), {kBronchitis}, {kOfficeVisit})
                       .vaccines({u"03"_s, u"20"_s, u"21"_s})
                       .event(K::DentalVisit, QDate(2024, 5, 5), {kCaries}, {kFilling})
                       .event(K::OfficeVisit, QDate(2025, 3, 3), {kBronchitis}, {kOfficeVisit})
                       .labs({kBloodCount})
                       .event(K::DentalVisit, QDate(2025, 11, 20), {kCaries}, {})
                       .checkUp(QDate(2025, 8, 4))
                       .vaccines({u"20"_s})
                       .build());
    // Every sensitivity: a problem list and visits for each, sensitive drugs.
    stories.append(StoryBuilder(p, 2, QDate(1985, 11, 30), "female", kAsOf)
                       .condition(kHiv, QDate(2018, 4, 2))
                       .condition(kOpioid, QDate(2020, 7, 9))
                       .condition(kBrca, QDate(2022, 1, 19))
                       .condition(kHypertension, QDate(2023, 1, 1))
                       .allergy(sct("91936005", "Allergy to penicillin"))
                       .event(K::OfficeVisit, QDate(2024, 2, 6), {kHiv}, {kOfficeVisit})
                       .labs({kBloodCount, kMetabolicPanel})
                       .fill(QDate(2024, 2, 7), u"med-biktarvy"_s, {kHiv})
                       .fill(QDate(2024, 3, 8), u"med-biktarvy"_s, {kHiv})
                       .event(K::OfficeVisit, QDate(2024, 4, 1), {kDepression}, {kPsychotherapy})
                       .event(K::OfficeVisit, QDate(2024, 5, 1), {kOpioid}, {kOfficeVisit})
                       .fill(QDate(2024, 5, 2), u"med-buprenorphine"_s)
                       .fill(QDate(2024, 6, 2), u"med-buprenorphine"_s)
                       .event(K::OfficeVisit, QDate(2024, 7, 1), {kContraception}, {kOfficeVisit})
                       .event(K::OutpatientVisit, QDate(2024, 8, 1), {kBrca}, {})
                       .event(K::InpatientStay, QDate(2025, 1, 5), {kOpioid, kDepression}, {}, 6)
                       .event(K::OfficeVisit, QDate(2025, 2, 1), {kHypertension, kHiv}, {kOfficeVisit})
                       .vaccines({u"115"_s})
                       .fill(QDate(2025, 2, 2), u"med-lisinopril"_s)
                       .build());
    // A member with nothing but a problem-list entry older than their record.
    stories.append(StoryBuilder(p, 3, QDate(2001, 1, 1), "male", kAsOf).condition(kDiabetes, QDate(1999, 1, 1)).build());
    return stories;
}

// A tiny planner for volume: 10-14 events of every kind, diagnoses from the fixture's list.
MemberStory plannedStory(const SandboxPopulation &p, int index)
{
    using K = CareEvent::Kind;
    SandboxRandom random = SandboxRandom::stream(kSeed, u"test-story", quint64(index));
    const QList<Diagnosis> plain{kHypertension, kDiabetes, kBronchitis, kNstemi};
    const QList<Diagnosis> sensitive{kDepression, kOpioid, kHiv, kContraception, kBrca};
    const QDate birth = QDate(1940, 1, 1).addDays(random.below(365 * 80));
    StoryBuilder builder(p, 100 + index, birth, random.chance(50) ? "female" : "male", kAsOf);
    if (random.chance(60))
        builder.condition(random.pick(plain), birth.addYears(random.between(1, 20)));
    if (random.chance(30))
        builder.condition(random.pick(sensitive), birth.addYears(random.between(1, 20)));
    if (random.chance(40))
        builder.allergy(sct("91936005", "Allergy to penicillin"));
    if (random.chance(25))
        builder.implant();
    const QStringList drugs{u"med-lisinopril"_s, u"med-atorvastatin"_s, u"med-buprenorphine"_s, u"med-biktarvy"_s};
    QDate date = std::max(birth.addDays(30), kAsOf.addYears(-3));
    const int events = random.between(10, 14);
    for (int i = 0; i < events && date <= kAsOf; ++i) {
        const Diagnosis diagnosis = random.chance(20) ? random.pick(sensitive) : random.pick(plain);
        // A plausible mix: mostly office visits and fills, a hospital stay now and then.
        const int roll = random.below(100);
        if (roll < 8)
            builder.event(K::InpatientStay, date, {diagnosis, random.pick(plain)}, {kStent, kEcg},
                          std::min<int>(random.between(1, 6), int(date.daysTo(kAsOf))));
        else if (roll < 20)
            builder.event(K::OutpatientVisit, date, {diagnosis}, {kEcg});
        else if (roll < 30)
            builder.event(K::DentalVisit, date, {kCaries}, {kFilling});
        else if (roll < 55)
            builder.fill(date, random.pick(drugs));
        else if (roll < 88)
            builder.event(K::OfficeVisit, date, {diagnosis}, {kOfficeVisit});
        else
            builder.checkUp(date);
        // Some medical visits draw one or two panels; some office visits give one or two vaccines.
        if (roll < 20 || roll >= 55) {
            if (random.chance(35)) {
                const LabPanel &first = random.pick(ClinicalCatalog::labPanels());
                const LabPanel &second = random.pick(ClinicalCatalog::labPanels());
                builder.labs(random.chance(30) && second.loinc.code != first.loinc.code
                                 ? QStringList{first.loinc.code, second.loinc.code}
                                 : QStringList{first.loinc.code});
            }
            if (roll >= 55 && random.chance(25))
                builder.vaccines({random.pick(ClinicalCatalog::vaccines()).cvx.code});
        }
        date = date.addDays(random.between(20, 90));
    }
    return builder.build();
}

QString describe(const ValidationReport &report)
{
    QStringList lines;
    for (const ValidationIssue &i : report.issues)
        if (i.severity == ValidationIssue::Severity::Error)
            lines.append(i.path + u": "_s + i.message + u" ["_s + i.profile + u'#' + i.elementId + u']');
    return lines.join(u'\n');
}

QString key(const QJsonObject &resource)
{
    return QString(resource.value(u"resourceType").toString() + u'/' + resource.value(u"id").toString());
}

QStringList securityCodes(const QJsonObject &resource)
{
    QStringList codes;
    for (const QJsonValue &label : resource.value(u"meta").toObject().value(u"security").toArray()) {
        if (label.toObject().value(u"system").toString() == kActCode)
            codes.append(label.toObject().value(u"code").toString());
    }
    codes.sort();
    return codes;
}

QStringList declaredProfiles(const QJsonObject &resource)
{
    QStringList profiles;
    for (const QJsonValue &profile : resource.value(u"meta").toObject().value(u"profile").toArray())
        profiles.append(profile.toString());
    return profiles;
}

bool hasCategory(const QJsonObject &resource, const QString &code)
{
    for (const QJsonValue &category : resource.value(u"category").toArray())
        for (const QJsonValue &coding : category.toObject().value(u"coding").toArray())
            if (coding.toObject().value(u"code").toString() == code)
                return true;
    return false;
}

// The US Core 6.1.0 profile a record must also meet, or empty where 6.1.0 has none.
QString usCore610Profile(const QJsonObject &resource)
{
    const QString type = resource.value(u"resourceType").toString();
    const QString declared = declaredProfiles(resource).value(0).section(u'|', 0, 0);
    static const QHash<QString, QString> vitals{
        {u"http://hl7.org/fhir/StructureDefinition/bp"_s, u"us-core-blood-pressure"_s},
        {u"http://hl7.org/fhir/StructureDefinition/heartrate"_s, u"us-core-heart-rate"_s},
        {u"http://hl7.org/fhir/StructureDefinition/bodyweight"_s, u"us-core-body-weight"_s},
        {u"http://hl7.org/fhir/StructureDefinition/bodyheight"_s, u"us-core-body-height"_s},
        {u"http://hl7.org/fhir/StructureDefinition/bmi"_s, u"us-core-bmi"_s},
        {u"http://hl7.org/fhir/StructureDefinition/bodytemp"_s, u"us-core-body-temperature"_s},
        {u"http://hl7.org/fhir/StructureDefinition/resprate"_s, u"us-core-respiratory-rate"_s},
        {QString(kUsCore + u"us-core-pulse-oximetry"), u"us-core-pulse-oximetry"_s},
        {QString(kUsCore + u"us-core-observation-lab"), u"us-core-observation-lab"_s},
    };
    QString name;
    if (type == u"Observation")
        name = vitals.value(declared);
    else if (type == u"Condition")
        name = hasCategory(resource, u"encounter-diagnosis"_s) ? u"us-core-condition-encounter-diagnosis"_s
                                                                : u"us-core-condition-problems-health-concerns"_s;
    else if (type == u"MedicationDispense")
        name = u"us-core-medicationdispense"_s;
    else if (type != u"MedicationStatement")
        name = declared.section(u'/', -1);
    return name.isEmpty() ? QString() : QString(kUsCore + name + u"|6.1.0");
}

// Calls `visit` for every string in the JSON tree, with the member name that holds it.
void walkStrings(const QJsonValue &value, const QString &name, const std::function<void(const QString &, const QString &)> &visit)
{
    if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it)
            walkStrings(it.value(), it.key(), visit);
    } else if (value.isArray()) {
        for (const QJsonValue &item : value.toArray())
            walkStrings(item, name, visit);
    } else if (value.isString()) {
        visit(name, value.toString());
    }
}

// A generated resource's text read back; empty unless the text is one JSON object.
QJsonObject parsed(const QByteArray &text)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(text, &error);
    return error.error == QJsonParseError::NoError ? document.object() : QJsonObject();
}

// The names of a JSON object's members in the order the text has them (Qt's objects sort them).
QStringList memberNames(const QByteArray &text)
{
    rapidjson::Document document;
    document.Parse(text.constData(), size_t(text.size()));
    QStringList names;
    if (!document.HasParseError() && document.IsObject())
        for (const auto &member : document.GetObject())
            names.append(QString::fromUtf8(member.name.GetString(), member.name.GetStringLength()));
    return names;
}

struct MemberOutput
{
    MemberStory story;
    QList<QByteArray> texts;       // as generated
    QList<QJsonObject> resources;  // the same, parsed
};

} // namespace

class TestClinicalGenerator : public QObject
{
    Q_OBJECT

    FhirPackageSet m_packages;
    std::unique_ptr<ProfileValidator> m_validator;
    SandboxPopulation m_population = makePopulation();
    QList<QByteArray> m_sharedTexts;
    QList<QJsonObject> m_shared;
    QList<MemberOutput> m_members;
    QHash<QString, QJsonObject> m_byKey; // every generated resource, shared and per member

    const paw::fhir::FhirPackage *usCore311() const { return m_packages.find(u"hl7.fhir.us.core"_s, u"3.1.1"_s); }

    const MemberOutput *memberOf(const QString &patientReference) const
    {
        for (const MemberOutput &m : m_members)
            if (QString(u"Patient/" + m.story.member.patientId) == patientReference)
                return &m;
        return nullptr;
    }

private Q_SLOTS:
    void initTestCase()
    {
        for (const char *folder : {"r4-core", "us-core-3.1.1", "us-core-6.1.0"}) {
            const auto loaded = m_packages.load(QDir(QStringLiteral(PAW_FHIR_PACKAGES)).filePath(QString::fromLatin1(folder)));
            QVERIFY2(loaded, qPrintable(loaded ? QString() : loaded.error()));
        }
        QVERIFY(usCore311());
        m_validator = std::make_unique<ProfileValidator>(m_packages);

        const ClinicalGenerator generator(m_population);
        const auto parseAll = [](const QList<QByteArray> &texts, QList<QJsonObject> &out) {
            for (const QByteArray &text : texts) {
                out.append(parsed(text));
                QVERIFY2(!out.last().isEmpty(), text.constData());
            }
        };
        m_sharedTexts = generator.sharedResources();
        parseAll(m_sharedTexts, m_shared);
        QList<MemberStory> stories = handMadeStories(m_population);
        for (int i = 0; i < 60; ++i)
            stories.append(plannedStory(m_population, i));
        for (const MemberStory &story : stories) {
            MemberOutput output{story, generator.memberResources(story, kSeed), {}};
            parseAll(output.texts, output.resources);
            m_members.append(output);
        }
        QVERIFY(!QTest::currentTestFailed());

        for (const QJsonObject &r : m_shared)
            m_byKey.insert(key(r), r);
        for (const MemberOutput &m : m_members)
            for (const QJsonObject &r : m.resources) {
                QVERIFY2(!m_byKey.contains(key(r)), qPrintable(u"duplicate "_s + key(r)));
                m_byKey.insert(key(r), r);
            }
    }

    void sharedResourcesCoverThePopulation()
    {
        QSet<QString> keys;
        for (const QJsonObject &r : m_shared)
            keys.insert(key(r));
        QCOMPARE(m_shared.size(), m_population.providers.size() + m_population.clinicians.size()
                                      + m_population.medications.size());
        for (const Provider &provider : m_population.providers)
            QVERIFY(keys.contains(QString(u"Location/" + provider.locationId)));
        for (const MedicationItem &item : m_population.medications) {
            const QJsonObject medication = m_byKey.value(QString(u"Medication/" + item.medicationId));
            QCOMPARE(medication.value(u"code").toObject().value(u"coding").toArray().at(0).toObject().value(u"code").toString(),
                     item.rxnorm.code);
        }
        for (const Clinician &clinician : m_population.clinicians) {
            const QJsonObject role = m_byKey.value(QString(u"PractitionerRole/" + clinician.practitionerRoleId));
            QVERIFY2(!role.isEmpty(), qPrintable(clinician.practitionerRoleId));
            QCOMPARE(role.value(u"practitioner").toObject().value(u"reference").toString(),
                     QString(u"Practitioner/" + clinician.practitionerId));
            QCOMPARE(role.value(u"organization").toObject().value(u"reference").toString(),
                     QString(u"Organization/" + clinician.providerId));
            QCOMPARE(role.value(u"location").toArray().at(0).toObject().value(u"reference").toString(),
                     QString(u"Location/" + m_population.provider(clinician.providerId)->locationId));
        }
    }

    void everyRecordKindIsWritten()
    {
        // The fixture exercises every record the generator can write, so the checks below see them all.
        QMap<QString, int> counts;
        for (const QJsonObject &r : std::as_const(m_byKey))
            for (const QString &profile : declaredProfiles(r))
                ++counts[profile];
        for (const QString &name : {u"us-core-allergyintolerance"_s, u"us-core-condition"_s, u"us-core-encounter"_s,
                                    u"us-core-observation-lab"_s, u"us-core-pulse-oximetry"_s,
                                    u"us-core-diagnosticreport-lab"_s, u"us-core-diagnosticreport-note"_s,
                                    u"us-core-documentreference"_s, u"us-core-immunization"_s,
                                    u"us-core-implantable-device"_s, u"us-core-procedure"_s, u"us-core-location"_s,
                                    u"us-core-practitionerrole"_s, u"us-core-medication"_s})
            QVERIFY2(counts.value(QString(kUsCore + name + u"|3.1.1")) > 0, qPrintable(name));
        for (const QString &name : {u"bp"_s, u"heartrate"_s, u"bodyweight"_s, u"bodyheight"_s, u"bmi"_s, u"bodytemp"_s,
                                    u"resprate"_s})
            QVERIFY2(counts.value(QString(u"http://hl7.org/fhir/StructureDefinition/" + name + u"|4.0.1")) > 0,
                     qPrintable(name));
        QSet<QString> types;
        for (const QJsonObject &r : std::as_const(m_byKey))
            types.insert(r.value(u"resourceType").toString());
        QVERIFY(types.contains(u"MedicationDispense"_s));
        QVERIFY(types.contains(u"MedicationStatement"_s));
    }

    void everyRecordValidatesAgainstItsDeclaredProfile()
    {
        QMap<QString, int> counts;
        QStringList failures;
        for (const QJsonObject &r : std::as_const(m_byKey)) {
            const QStringList profiles = declaredProfiles(r);
            const ValidationReport report = m_validator->validate(r, profiles, usCore311());
            const QString profile = profiles.isEmpty() ? QString(u"(base) " + r.value(u"resourceType").toString())
                                                       : profiles.first();
            ++counts[profile];
            if (report.hasErrors())
                failures.append(key(r) + u" against " + profile + u":\n" + describe(report));
        }
        for (auto it = counts.cbegin(); it != counts.cend(); ++it)
            qInfo("%5d valid against %s", it.value(), qPrintable(it.key()));
        QVERIFY2(failures.isEmpty(), qPrintable(failures.mid(0, 5).join(u"\n\n")));
    }

    void everyRecordValidatesAgainstUsCore610()
    {
        QMap<QString, int> counts;
        QStringList failures;
        for (const QJsonObject &r : std::as_const(m_byKey)) {
            const QString profile = usCore610Profile(r);
            if (profile.isEmpty()) {
                QCOMPARE(r.value(u"resourceType").toString(), u"MedicationStatement"_s);
                continue;
            }
            const ValidationReport report = m_validator->validate(r, {profile});
            ++counts[profile];
            if (report.hasErrors())
                failures.append(key(r) + u" against " + profile + u":\n" + describe(report));
        }
        for (auto it = counts.cbegin(); it != counts.cend(); ++it)
            qInfo("%5d valid against %s", it.value(), qPrintable(it.key()));
        QVERIFY2(failures.isEmpty(), qPrintable(failures.mid(0, 5).join(u"\n\n")));
    }

    void theValidatorRejectsABrokenRecord()
    {
        // The checks above mean something only if the validator sees these profiles' rules.
        const QJsonObject encounter = m_byKey.value(u"Encounter/m000000-e1-enc"_s);
        QVERIFY(!encounter.isEmpty());
        QJsonObject broken = encounter;
        broken.remove(u"type"_s);
        QVERIFY(m_validator->validate(broken, declaredProfiles(broken), usCore311()).hasErrors());
        QVERIFY(m_validator->validate(broken, {QString(kUsCore + u"us-core-encounter|6.1.0")}).hasErrors());
        QJsonObject vital = m_byKey.value(u"Observation/m000000-e3-vs-bp"_s); // the hospital stay's
        QVERIFY(!vital.isEmpty());
        vital.remove(u"component"_s);
        QVERIFY(m_validator->validate(vital, declaredProfiles(vital), usCore311()).hasErrors());
    }

    void idsAreValidFhirIds()
    {
        static const QRegularExpression id(u"^[A-Za-z0-9\\-.]{1,64}$"_s);
        for (const QJsonObject &r : std::as_const(m_byKey))
            QVERIFY2(id.match(r.value(u"id").toString()).hasMatch(), qPrintable(key(r)));
    }

    void everyReferenceResolves()
    {
        // Claims-side ids (Patient, Practitioner, Organization) come from the story and population.
        QSet<QString> claims;
        for (const MemberOutput &m : m_members)
            claims.insert(QString(u"Patient/" + m.story.member.patientId));
        for (const Clinician &c : m_population.clinicians)
            claims.insert(QString(u"Practitioner/" + c.practitionerId));
        for (const Provider &p : m_population.providers)
            claims.insert(QString(u"Organization/" + p.organizationId));
        int checked = 0;
        for (const QJsonObject &r : std::as_const(m_byKey))
            walkStrings(r, {}, [&](const QString &name, const QString &value) {
                if (name != u"reference")
                    return;
                ++checked;
                QVERIFY2(m_byKey.contains(value) || claims.contains(value), qPrintable(key(r) + u" -> " + value));
            });
        QVERIFY(checked > 1000);
        // A member's records point only at that member.
        for (const MemberOutput &m : m_members)
            for (const QJsonObject &r : m.resources)
                walkStrings(r, {}, [&](const QString &name, const QString &value) {
                    if (name == u"reference" && value.startsWith(u"Patient/"))
                        QCOMPARE(value, QString(u"Patient/" + m.story.member.patientId));
                });
    }

    void everyVisitHasItsEncounterAndCodedRecords()
    {
        for (const MemberOutput &m : m_members) {
            for (const CareEvent &event : m.story.events) {
                const QJsonObject encounter = m_byKey.value(QString(u"Encounter/" + event.id + u"-enc"));
                if (event.kind == CareEvent::Kind::PharmacyFill) {
                    QVERIFY(encounter.isEmpty());
                    continue;
                }
                QVERIFY2(!encounter.isEmpty(), qPrintable(event.id));
                const QJsonObject period = encounter.value(u"period").toObject();
                QCOMPARE(period.value(u"start").toString(), event.start.toString(Qt::ISODate));
                QCOMPARE(period.value(u"end").toString(), event.end.toString(Qt::ISODate));
                QCOMPARE(encounter.value(u"serviceProvider").toObject().value(u"reference").toString(),
                         QString(u"Organization/" + event.providerId));
                QCOMPARE(encounter.value(u"participant").toArray().at(0).toObject().value(u"individual").toObject()
                             .value(u"reference").toString(),
                         QString(u"Practitioner/" + event.practitionerId));
                QCOMPARE(encounter.value(u"class").toObject().value(u"code").toString(),
                         event.kind == CareEvent::Kind::InpatientStay ? u"IMP"_s : u"AMB"_s);
                QCOMPARE(m_byKey.contains(QString(u"Observation/" + event.id + u"-vs-bp")),
                         event.kind == CareEvent::Kind::InpatientStay || event.preventive);
                for (qsizetype i = 0; i < event.diagnoses.size(); ++i) {
                    const QJsonObject condition = m_byKey.value(QString(u"Condition/" + event.id + u"-dx" + QString::number(i + 1)));
                    QVERIFY(hasCategory(condition, u"encounter-diagnosis"_s));
                    QCOMPARE(condition.value(u"code").toObject().value(u"coding").toArray().at(1).toObject().value(u"code").toString(),
                             event.diagnoses.at(i).icd10.code);
                }
                for (qsizetype i = 0; i < event.procedures.size(); ++i) {
                    const QJsonObject procedure = m_byKey.value(QString(u"Procedure/" + event.id + u"-pr" + QString::number(i + 1)));
                    QCOMPARE(!procedure.isEmpty(), ClinicalGenerator::isRecordedAsProcedure(event.procedures.at(i)));
                    if (procedure.isEmpty())
                        continue;
                    const QJsonArray codings = procedure.value(u"code").toObject().value(u"coding").toArray();
                    QCOMPARE(codings.at(0).toObject().value(u"system").toString(), u"http://snomed.info/sct"_s);
                    QCOMPARE(codings.at(0).toObject().value(u"code").toString(), event.procedures.at(i).snomed.code);
                }
            }
            int problems = 0;
            for (const QJsonObject &r : m.resources)
                problems += hasCategory(r, u"problem-list-item"_s) ? 1 : 0;
            QCOMPARE(problems, m.story.conditions.size());
            int allergies = 0, devices = 0;
            for (const QJsonObject &r : m.resources) {
                allergies += r.value(u"resourceType").toString() == u"AllergyIntolerance" ? 1 : 0;
                devices += r.value(u"resourceType").toString() == u"Device" ? 1 : 0;
            }
            QCOMPARE(allergies, m.story.allergies.size());
            QCOMPARE(devices, m.story.hasImplant ? 1 : 0);
        }
    }

    void vitalSignsAreTakenAtCheckUpsAndHospitalStaysOnly()
    {
        // The vital signs of each set, by id suffix, sorted.
        const QStringList checkUp{u"bmi"_s, u"bp"_s, u"height"_s, u"hr"_s, u"weight"_s};
        const QStringList stay{u"bmi"_s, u"bp"_s, u"height"_s, u"hr"_s, u"rr"_s, u"spo2"_s, u"temp"_s, u"weight"_s};
        int checkUps = 0, stays = 0, otherVisits = 0;
        for (const MemberOutput &m : m_members) {
            QHash<QString, QStringList> taken; // by Encounter reference
            for (const QJsonObject &r : m.resources)
                if (hasCategory(r, u"vital-signs"_s))
                    taken[r.value(u"encounter").toObject().value(u"reference").toString()].append(
                        r.value(u"id").toString().section(u"-vs-"_s, -1));
            for (const CareEvent &event : m.story.events) {
                const bool inpatient = event.kind == CareEvent::Kind::InpatientStay;
                QStringList vitals = taken.take(QString(u"Encounter/" + event.id + u"-enc"));
                vitals.sort();
                QCOMPARE(vitals, inpatient ? stay : event.preventive ? checkUp : QStringList());
                stays += inpatient ? 1 : 0;
                checkUps += event.preventive ? 1 : 0;
                otherVisits += !inpatient && !event.preventive && event.kind != CareEvent::Kind::PharmacyFill ? 1 : 0;
            }
            QVERIFY2(taken.isEmpty(), qPrintable(taken.keys().join(u", ")));
        }
        QVERIFY(checkUps > 10);
        QVERIFY(stays > 10);
        QVERIFY(otherVisits > 100);
    }

    void immunizationsAreTheStorysVaccinations()
    {
        int checked = 0;
        for (const MemberOutput &m : m_members) {
            QHash<QString, int> perEncounter;
            for (const QJsonObject &r : m.resources)
                if (r.value(u"resourceType").toString() == u"Immunization")
                    ++perEncounter[r.value(u"encounter").toObject().value(u"reference").toString()];
            for (const CareEvent &event : m.story.events) {
                const QString encounter = QString(u"Encounter/" + event.id + u"-enc");
                QCOMPARE(perEncounter.take(encounter), int(event.vaccinations.size()));
                for (qsizetype i = 0; i < event.vaccinations.size(); ++i) {
                    const QString id = QString(event.id + u"-imm" + QString::number(i + 1));
                    const QJsonObject immunization = m_byKey.value(QString(u"Immunization/" + id));
                    QVERIFY2(!immunization.isEmpty(), qPrintable(id));
                    const QJsonObject coding =
                        immunization.value(u"vaccineCode").toObject().value(u"coding").toArray().at(0).toObject();
                    QCOMPARE(coding.value(u"system").toString(), event.vaccinations.at(i).cvx.system);
                    QCOMPARE(coding.value(u"code").toString(), event.vaccinations.at(i).cvx.code);
                    QCOMPARE(immunization.value(u"occurrenceDateTime").toString(), event.start.toString(Qt::ISODate));
                    QCOMPARE(immunization.value(u"encounter").toObject().value(u"reference").toString(), encounter);
                    ++checked;
                }
            }
            // None but the story's.
            QVERIFY2(perEncounter.isEmpty(), qPrintable(perEncounter.keys().join(u", ")));
        }
        QVERIFY(checked > 20);
    }

    void labReportsAreTheStorysLabOrders()
    {
        int checked = 0;
        for (const MemberOutput &m : m_members) {
            QHash<QString, int> perEncounter;
            int observations = 0, expectedObservations = 0;
            for (const QJsonObject &r : m.resources) {
                if (r.value(u"resourceType").toString() == u"DiagnosticReport" && hasCategory(r, u"LAB"_s))
                    ++perEncounter[r.value(u"encounter").toObject().value(u"reference").toString()];
                observations += r.value(u"resourceType").toString() == u"Observation" && hasCategory(r, u"laboratory"_s) ? 1 : 0;
            }
            for (const CareEvent &event : m.story.events) {
                const QString encounter = QString(u"Encounter/" + event.id + u"-enc");
                QCOMPARE(perEncounter.take(encounter), int(event.labOrders.size()));
                for (qsizetype i = 0; i < event.labOrders.size(); ++i) {
                    const QString id = QString(event.id + u"-dr-lab" + QString::number(i + 1));
                    const QJsonObject report = m_byKey.value(QString(u"DiagnosticReport/" + id));
                    QVERIFY2(!report.isEmpty(), qPrintable(id));
                    const QString loinc = event.labOrders.at(i).loinc.code;
                    QCOMPARE(report.value(u"code").toObject().value(u"coding").toArray().at(0).toObject().value(u"code").toString(),
                             loinc);
                    QVERIFY(report.value(u"effectiveDateTime").toString().startsWith(event.start.toString(Qt::ISODate)));
                    // Its results are the panel's tests, each an Observation of the same visit.
                    const LabPanel *panel = ClinicalCatalog::labPanel(loinc);
                    QVERIFY(panel);
                    const QJsonArray results = report.value(u"result").toArray();
                    QCOMPARE(results.size(), panel->tests.size());
                    for (qsizetype t = 0; t < results.size(); ++t) {
                        const QJsonObject observation =
                            m_byKey.value(results.at(t).toObject().value(u"reference").toString());
                        QVERIFY2(hasCategory(observation, u"laboratory"_s), qPrintable(id));
                        QCOMPARE(observation.value(u"code").toObject().value(u"coding").toArray().at(0).toObject()
                                     .value(u"code").toString(),
                                 panel->tests.at(t).loinc.code);
                        QCOMPARE(observation.value(u"encounter").toObject().value(u"reference").toString(), encounter);
                    }
                    expectedObservations += int(panel->tests.size());
                    ++checked;
                }
            }
            QVERIFY2(perEncounter.isEmpty(), qPrintable(perEncounter.keys().join(u", ")));
            QCOMPARE(observations, expectedObservations);
        }
        QVERIFY(checked > 20);
    }

    void bloodDrawsAreToldByTheirLabReportsNotAsProcedures()
    {
        int draws = 0;
        for (const MemberOutput &m : m_members)
            for (const CareEvent &event : m.story.events)
                for (qsizetype i = 0; i < event.procedures.size(); ++i) {
                    if (event.procedures.at(i).code.code != u"36415")
                        continue;
                    QVERIFY(!event.labOrders.isEmpty());
                    QVERIFY(m_byKey.contains(QString(u"DiagnosticReport/" + event.id + u"-dr-lab1")));
                    QVERIFY2(!m_byKey.contains(QString(u"Procedure/" + event.id + u"-pr" + QString::number(i + 1))),
                             qPrintable(event.id));
                    ++draws;
                }
        QVERIFY(draws > 20);
    }

    void visitsLabsBloodDrawsAndVaccinesAreNotProcedures_data()
    {
        QTest::addColumn<QString>("code");
        QTest::addColumn<bool>("recorded");
        QTest::newRow("office visit") << u"99213"_s << false;
        QTest::newRow("preventive visit") << u"99395"_s << false;
        QTest::newRow("emergency visit") << u"99284"_s << false;
        QTest::newRow("blood count") << u"85025"_s << false;
        QTest::newRow("first lab code") << u"80047"_s << false;
        QTest::newRow("flu vaccine") << u"90686"_s << false;
        QTest::newRow("vaccine administration") << u"90471"_s << false;
        QTest::newRow("another vaccine's administration") << u"90472"_s << false;
        QTest::newRow("zoster vaccine, the last vaccine code") << u"90750"_s << false;
        QTest::newRow("psychotherapy, after the vaccines") << u"90834"_s << true;
        QTest::newRow("venipuncture, the blood draw billed with lab panels") << u"36415"_s << false;
        QTest::newRow("the code before venipuncture") << u"36410"_s << true;
        QTest::newRow("the code after venipuncture") << u"36416"_s << true;
        QTest::newRow("colonoscopy") << u"45378"_s << true;
        QTest::newRow("chest x-ray") << u"71046"_s << true;
        QTest::newRow("after the lab range") << u"89399"_s << true;
        QTest::newRow("dental cleaning") << u"D1110"_s << true;
        QTest::newRow("ICD-10-PCS") << u"0SRC0J9"_s << true;
    }

    void visitsLabsBloodDrawsAndVaccinesAreNotProcedures()
    {
        QFETCH(QString, code);
        QFETCH(bool, recorded);
        QCOMPARE(ClinicalGenerator::isRecordedAsProcedure(ProcedureCode{Code{{}, code, {}}, {}}), recorded);
    }

    void dispensesMatchPharmacyFills()
    {
        int fills = 0;
        for (const MemberOutput &m : m_members) {
            int dispenses = 0;
            for (const QJsonObject &r : m.resources)
                dispenses += r.value(u"resourceType").toString() == u"MedicationDispense" ? 1 : 0;
            int memberFills = 0;
            for (const CareEvent &event : m.story.events) {
                if (event.kind != CareEvent::Kind::PharmacyFill)
                    continue;
                ++memberFills;
                const QJsonObject dispense = m_byKey.value(QString(u"MedicationDispense/" + event.id + u"-md"));
                QVERIFY2(!dispense.isEmpty(), qPrintable(event.id));
                QCOMPARE(dispense.value(u"medicationReference").toObject().value(u"reference").toString(),
                         QString(u"Medication/" + event.drug.medicationId));
                const QJsonObject medication = m_byKey.value(QString(u"Medication/" + event.drug.medicationId));
                QCOMPARE(medication.value(u"code").toObject().value(u"coding").toArray().at(0).toObject().value(u"code").toString(),
                         event.drug.rxnorm.code);
                QCOMPARE(dispense.value(u"whenHandedOver").toString(), event.start.toString(Qt::ISODate));
                QCOMPARE(dispense.value(u"quantity").toObject().value(u"value").toInt(), event.drug.quantity);
                QCOMPARE(dispense.value(u"daysSupply").toObject().value(u"value").toInt(), event.drug.daysSupply);
                QCOMPARE(dispense.value(u"performer").toArray().at(0).toObject().value(u"actor").toObject()
                             .value(u"reference").toString(),
                         QString(u"Organization/" + event.providerId));
            }
            QCOMPARE(dispenses, memberFills);
            fills += memberFills;
        }
        QVERIFY(fills > 20);
    }

    void everyDateFallsWithinTheStory()
    {
        static const QRegularExpression date(u"^(\\d{4}-\\d{2}-\\d{2})"_s);
        int checked = 0;
        for (const MemberOutput &m : m_members)
            for (const QJsonObject &r : m.resources)
                walkStrings(r, {}, [&](const QString &name, const QString &value) {
                    const QRegularExpressionMatch match = date.match(value);
                    if (!match.hasMatch())
                        return;
                    ++checked;
                    const QDate day = QDate::fromString(match.captured(1), Qt::ISODate);
                    QVERIFY2(day.isValid() && day >= m.story.member.birthDate && day <= m.story.asOf,
                             qPrintable(key(r) + u'.' + name + u" = " + value));
                });
        QVERIFY(checked > 1000);
    }

    void sensitivityLabelsAreExactlyOnSensitiveRecords()
    {
        int labelled = 0;
        for (const MemberOutput &m : m_members) {
            QHash<QString, QStringList> eventLabels; // by Encounter or MedicationDispense reference
            for (const CareEvent &event : m.story.events) {
                QStringList labels{event.sensitivity};
                for (const Diagnosis &d : event.diagnoses)
                    labels.append(d.sensitivity);
                if (event.kind == CareEvent::Kind::PharmacyFill)
                    labels.append(medication(m_population, event.drug.medicationId).sensitivity);
                labels.removeAll(QString());
                labels.sort();
                labels.removeDuplicates();
                eventLabels.insert(QString(u"Encounter/" + event.id + u"-enc"), labels);
                eventLabels.insert(QString(u"MedicationDispense/" + event.id + u"-md"), labels);
            }
            for (const QJsonObject &r : m.resources) {
                const QString type = r.value(u"resourceType").toString();
                QStringList expected;
                if (type == u"Encounter" || type == u"MedicationDispense") {
                    expected = eventLabels.value(key(r));
                } else if (type == u"MedicationStatement") {
                    for (const QJsonValue &from : r.value(u"derivedFrom").toArray())
                        expected += eventLabels.value(from.toObject().value(u"reference").toString());
                    expected.sort();
                    expected.removeDuplicates();
                } else if (hasCategory(r, u"problem-list-item"_s)) {
                    const int number = r.value(u"id").toString().section(u"-pl"_s, -1).toInt();
                    const QString sensitivity = m.story.conditions.at(number - 1).diagnosis.sensitivity;
                    if (!sensitivity.isEmpty())
                        expected = {sensitivity};
                } else {
                    // Records made at a visit carry the visit's labels; the rest (allergies, devices) none.
                    QString encounter = r.value(u"encounter").toObject().value(u"reference").toString();
                    if (encounter.isEmpty())
                        encounter = r.value(u"context").toObject().value(u"encounter").toArray().at(0).toObject()
                                        .value(u"reference").toString();
                    QVERIFY2(!encounter.isEmpty() || type == u"AllergyIntolerance" || type == u"Device",
                             qPrintable(key(r)));
                    expected = eventLabels.value(encounter);
                }
                QCOMPARE(securityCodes(r), expected);
                labelled += expected.isEmpty() ? 0 : 1;
            }
        }
        QVERIFY(labelled > 50);
        for (const QJsonObject &r : m_shared)
            QVERIFY(securityCodes(r).isEmpty());
    }

    void everyResourceIsOneObjectInFhirsOrder()
    {
        // The store keeps members in the order it is given: resourceType, id, meta, then the
        // elements in the order of the type's base StructureDefinition.
        QHash<QString, QStringList> elementOrder; // by type: its top-level element names
        int checked = 0;
        const auto check = [&](const QByteArray &text) {
            const QJsonObject resource = parsed(text);
            QVERIFY2(!resource.isEmpty(), text.constData());
            const QString type = resource.value(u"resourceType").toString();
            QStringList &elements = elementOrder[type];
            if (elements.isEmpty()) {
                const auto definition = m_packages.baseDefinition(type);
                QVERIFY2(definition, qPrintable(type));
                for (const QJsonValue &element :
                     definition.resource.value(u"snapshot").toObject().value(u"element").toArray()) {
                    const QStringList path = element.toObject().value(u"path").toString().split(u'.');
                    if (path.size() == 2)
                        elements.append(path.at(1));
                }
            }
            const QStringList names = memberNames(text);
            QVERIFY2(names.size() >= 3, text.constData());
            QCOMPARE(names.at(0), u"resourceType"_s);
            QCOMPARE(names.at(1), u"id"_s);
            QVERIFY2(!resource.value(u"id").toString().isEmpty(), text.constData());
            // Every record declares its profile in meta, but for dispenses and statements: US Core
            // 3.1.1 has no profile for them, so they have meta only for sensitivity labels.
            if (type != u"MedicationDispense" && type != u"MedicationStatement")
                QVERIFY2(resource.contains(u"meta"), text.constData());
            if (resource.contains(u"meta"))
                QCOMPARE(names.at(2), u"meta"_s);
            qsizetype previous = -1;
            for (const QString &name : names.mid(1)) {
                // A choice element (effective[x]) is named with its type (effectiveDateTime).
                const auto position = std::find_if(elements.cbegin(), elements.cend(), [&](const QString &element) {
                    return element == name
                           || (element.endsWith(u"[x]") && name.startsWith(QStringView(element).chopped(3)));
                });
                QVERIFY2(position != elements.cend(), qPrintable(type + u'.' + name));
                const qsizetype index = position - elements.cbegin();
                QVERIFY2(index > previous, qPrintable(key(resource) + u": " + name + u" out of order in "
                                                      + names.join(u", ")));
                previous = index;
            }
            ++checked;
        };
        for (const QByteArray &text : std::as_const(m_sharedTexts))
            check(text);
        for (const MemberOutput &m : m_members)
            for (const QByteArray &text : m.texts)
                check(text);
        QCOMPARE(checked, m_byKey.size());
    }

    void theSameStoryAndSeedGiveTheSameBytes()
    {
        const ClinicalGenerator generator(m_population);
        for (const MemberOutput &m : m_members)
            QCOMPARE(ClinicalGenerator(m_population).memberResources(m.story, kSeed), m.texts);
        QCOMPARE(generator.sharedResources(), m_sharedTexts);
        // ... and the seed matters: another one gives other values for the same story.
        const MemberOutput &first = m_members.first();
        QVERIFY(generator.memberResources(first.story, kSeed + 1) != first.texts);
    }
};

QTEST_GUILESS_MAIN(TestClinicalGenerator)
#include "TestClinicalGenerator.moc"
