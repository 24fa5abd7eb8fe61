#include "sandbox/data/MemberStoryPlanner.h"

#include "sandbox/data/PersonaPlan.h"

#include "sandbox/data/CareCatalog.h"
#include "sandbox/data/ClinicalCatalog.h"
#include "sandbox/data/PeopleCatalog.h"
#include "sandbox/data/SandboxRandom.h"

#include <QSet>

#include <algorithm>

namespace paw::sandbox {

namespace {

QString asciiLetters(const QString &name)
{
    QString out;
    for (const QChar c : name.toLower())
        if (c >= u'a' && c <= u'z')
            out.append(c);
    return out;
}

int ageOn(QDate birthDate, QDate day)
{
    int age = day.year() - birthDate.year();
    if (day.month() < birthDate.month() || (day.month() == birthDate.month() && day.day() < birthDate.day()))
        --age;
    return std::max(0, age);
}

// Influenza vaccines are given from August to March, one each season (August to July).
bool inFluSeason(QDate day)
{
    return day.month() >= 8 || day.month() <= 3;
}

int fluSeason(QDate day)
{
    return day.month() >= 8 ? day.year() : day.year() - 1;
}

// LOINC codes of the lab panels (ClinicalCatalog::labPanels) the planner orders by name.
const QString kMetabolicPanel = QStringLiteral("51990-0");
const QString kBloodCount = QStringLiteral("58410-2");
const QString kLipidPanel = QStringLiteral("24331-1");
const QString kHemoglobinA1c = QStringLiteral("4548-4");
const QString kThyrotropin = QStringLiteral("3016-3");

// One covered stretch of time: the coverage that pays, and its first and last payable day.
struct Covered
{
    int coverage;
    QDate first;
    QDate last;
};

struct Plan
{
    const char *name;
    const char *code;
};

const Plan kCommercialPlans[] = {{"Gold PPO", "GLDPPO"}, {"Silver HMO", "SLVHMO"}, {"Bronze HSA", "BRZHSA"},
                                 {"Platinum PPO", "PLTPPO"}};
const Plan kMedicarePlan = {"Medicare Advantage PPO", "MAPPO"};
const char *const kGroups[] = {"Acme Manufacturing Employees", "Tri-County School District", "Allegheny Steelworkers Local",
                               "Northwind Logistics", "City of Riverton Employees", "Individual Market",
                               "Summit Software Inc.", "Lakeshore Retail Group"};

// Everything the planner decides for one member, with the helpers that need it.
class StoryBuilder
{
public:
    StoryBuilder(const SandboxPopulation &population, quint64 seed, QDate asOf, int index)
        : m_population(population),
          m_random(SandboxRandom::stream(seed, u"member", quint64(index))),
          m_household(SandboxRandom::stream(seed, u"household", quint64(index / 25))),
          m_index(index)
    {
        m_story.asOf = asOf;
    }

    MemberStory build()
    {
        planMember();
        planCoverages();
        planHealth();
        pickCareTeam();
        planEvents();
        return m_story;
    }

private:
    int slot() const { return m_index % 25; }
    bool sibling() const { return slot() == 1 || slot() == 2; }

    void planMember()
    {
        Member &m = m_story.member;
        m.index = m_index;
        m.patientId = MemberStoryPlanner::patientId(m_index);
        m.gender = m_random.chance(51) ? QStringLiteral("female") : QStringLiteral("male");
        m.birthSex = m.gender == u"female" ? QStringLiteral("F") : QStringLiteral("M");
        const QStringList &given = m.gender == u"female" ? PeopleCatalog::femaleGiven() : PeopleCatalog::maleGiven();
        m.given = {m_random.pick(given)};
        if (m_random.chance(35)) {
            const QString middle = m_random.pick(given);
            if (middle != m.given.first())
                m.given.append(middle);
        }

        // Siblings share what a household shares: family name, address, phone, race and ethnicity.
        SandboxRandom &shared = sibling() ? m_household : m_random;
        m.family = shared.pick(PeopleCatalog::family());
        m.address = PeopleCatalog::address(shared);
        m.phone = PeopleCatalog::phone(shared, m.address.state);
        m.race = PeopleCatalog::race(shared);
        m.ethnicity = PeopleCatalog::ethnicity(shared);
        m.language = PeopleCatalog::language(m_random, m.ethnicity);

        m_age = sibling() ? m_random.between(5, 16)
            : slot() == 3 ? m_random.between(78, 92)
            : slot() == 4 ? m_random.between(25, 60)
                          : m_random.between(18, 77);
        m.birthDate = m_story.asOf.addYears(-m_age).addDays(-m_random.below(365));

        const QString number = QString::number(m_index).rightJustified(5, u'0');
        m.username = asciiLetters(m.given.first()) + u'.' + asciiLetters(m.family) + u'.' + number;
        m.email = m.username + QStringLiteral("@example.org");
        m.memberId = u"MB" + QString::number(m_index).rightJustified(8, u'0');
        m.uniqueMemberId = u"UM" + QString::number(m_random.next() & 0xffffffffffULL, 16).rightJustified(10, u'0').toUpper();
    }

    void planCoverages()
    {
        // Siblings are covered together under their parent's policy: the household decides.
        SandboxRandom &random = sibling() ? m_household : m_random;
        const QDate asOf = m_story.asOf;
        const QDate windowStart = std::max(asOf.addYears(-3), m_story.member.birthDate);
        const int span = int(windowStart.daysTo(asOf));
        const QDate firstStart = windowStart.addDays(random.below(std::max(1, std::min(150, span / 5))));
        const int count = 1 + (random.chance(45) ? 1 : 0) + (random.chance(20) ? 1 : 0);
        const int covered = int(firstStart.daysTo(asOf));
        const bool activeNow = random.chance(93);
        const QString subscriberId = sibling() ? u"SUB" + QString::number(random.between(1000000, 9999999))
                                               : m_story.member.memberId;
        const Payer *payer = &random.pick(m_population.payers);

        QDate start = firstStart;
        for (int i = 0; i < count; ++i) {
            CoveragePeriod c;
            c.coverageId = m_story.member.patientId + u"-c" + QString::number(i + 1);
            if (i > 0 && random.chance(50))
                payer = &random.pick(m_population.payers);
            c.payerId = payer->organizationId;
            if (sibling()) {
                c.subscriberReference = u"RelatedPerson/"
                    + PersonaPlan::relatedPersonId(PersonaPlan::parentUsername(m_index), m_story.member.patientId);
                c.relationship = QStringLiteral("child");
            } else {
                c.subscriberReference = u"Patient/" + m_story.member.patientId;
                c.relationship = QStringLiteral("self");
            }
            c.subscriberId = subscriberId;
            const Plan &plan = m_age >= 65 ? kMedicarePlan : kCommercialPlans[random.below(4)];
            c.planName = QString(payer->name + u' ' + QString::fromLatin1(plan.name));
            c.planId = QString(payer->payerId + u'-' + QString::fromLatin1(plan.code));
            const int group = random.below(8);
            c.groupName = QString::fromLatin1(kGroups[group]);
            c.groupId = u"GRP" + QString::number(10000 + group * 1117 + random.below(1000));
            c.start = start;
            if (i + 1 < count) {
                // Consecutive coverages, sometimes with a gap between them.
                const QDate cut = firstStart.addDays(qint64(covered) * (i + 1) / count + random.between(-30, 30));
                c.end = std::max(cut, start.addDays(60));
                start = c.end.addDays(1 + (random.chance(30) ? random.between(1, 45) : 0));
            } else if (!activeNow) {
                c.end = asOf.addDays(-random.between(15, 120));
                if (c.end < start.addDays(60))
                    c.end = QDate(); // too short to end: it stays active
            }
            m_story.coverages.append(c);
            m_covered.append({int(i), c.start, c.end.isNull() ? asOf : std::min(c.end, asOf)});
        }
        // Gaps may have pushed the last start past the as-of date; keep only real periods.
        while (m_story.coverages.size() > 1 && m_covered.last().first > m_covered.last().last.addDays(-30)) {
            m_story.coverages.removeLast();
            m_covered.removeLast();
            m_story.coverages.last().end = QDate();
            m_covered.last().last = asOf;
        }
    }

    void planHealth()
    {
        const QString &sex = m_story.member.birthSex;
        // Sensitive stories by household slot, so every block of 25 has each kind (r = 4 has a
        // guardian whose delegation excludes sensitive data); some others get depression by chance.
        static const QHash<int, QString> bySlot{{4, QStringLiteral("PSY")},  {7, QStringLiteral("PSY")},
                                                {9, QStringLiteral("ETH")},  {11, QStringLiteral("HIV")},
                                                {13, QStringLiteral("SEX")}, {15, QStringLiteral("GDIS")}};
        m_sensitivity = bySlot.value(slot());
        if (m_sensitivity.isEmpty() && m_age >= 12 && m_random.chance(4))
            m_sensitivity = QStringLiteral("PSY");

        for (const CareCatalog::Chronic &c : CareCatalog::chronicConditions()) {
            if (m_age < c.minAge || (!c.sex.isEmpty() && c.sex != sex) || m_chronic.size() >= 3)
                continue;
            const bool asthma = c.diagnosis.icd10.code == u"J45.909";
            const int percent = asthma ? 9 : std::min(45, 4 + (m_age - c.minAge) / 2);
            if (m_random.chance(percent))
                m_chronic.append(c);
        }
        if (!m_sensitivity.isEmpty())
            m_chronic.append(CareCatalog::sensitiveCondition(m_sensitivity, sex));

        for (const CareCatalog::Chronic &c : m_chronic) {
            const QDate earliest = std::max(m_story.member.birthDate.addYears(std::max(c.minAge, 3)), m_story.asOf.addYears(-12));
            const QDate onset = m_random.dateBetween(earliest, std::max(earliest, m_story.asOf.addDays(-400)));
            const bool resolved = c.rxnorm.isEmpty() && c.diagnosis.sensitivity.isEmpty() && m_random.chance(15);
            m_story.conditions.append({c.diagnosis, onset, !resolved});
        }

        static const QList<Code> allergens{
            {QStringLiteral("http://www.nlm.nih.gov/research/umls/rxnorm"), QStringLiteral("7980"), QStringLiteral("penicillin G")},
            {QStringLiteral("http://www.nlm.nih.gov/research/umls/rxnorm"), QStringLiteral("10831"),
             QStringLiteral("sulfamethoxazole / trimethoprim")},
            {QStringLiteral("http://snomed.info/sct"), QStringLiteral("762952008"), QStringLiteral("Peanut (substance)")},
            {QStringLiteral("http://snomed.info/sct"), QStringLiteral("735029006"), QStringLiteral("Shellfish (substance)")},
            {QStringLiteral("http://snomed.info/sct"), QStringLiteral("111088007"), QStringLiteral("Latex (substance)")},
            {QStringLiteral("http://snomed.info/sct"), QStringLiteral("256277009"), QStringLiteral("Grass pollen (substance)")},
        };
        const int allergies = m_random.chance(65) ? 0 : m_random.chance(70) ? 1 : 2;
        for (int i = 0; i < allergies; ++i) {
            const Code &a = m_random.pick(allergens);
            if (std::none_of(m_story.allergies.cbegin(), m_story.allergies.cend(),
                             [&](const Code &x) { return x.code == a.code; }))
                m_story.allergies.append(a);
        }
        m_story.hasImplant = m_random.chance(m_age >= 50 ? 18 : 4);
    }

    const Clinician *clinicianOf(Provider::Kind kind, const QStringList &taxonomies, const QString &providerId = {})
    {
        QList<const Clinician *> fitting;
        QList<const Clinician *> anyOfKind;
        // Provider ids name their kind (PopulationPlanner): a prefix test instead of a lookup
        // per clinician keeps planning a member in microseconds.
        static const QHash<int, QString> prefixes{{int(Provider::Kind::Hospital), QStringLiteral("org-hosp-")},
                                                  {int(Provider::Kind::Clinic), QStringLiteral("org-clinic-")},
                                                  {int(Provider::Kind::Pharmacy), QStringLiteral("org-pharm-")},
                                                  {int(Provider::Kind::DentalOffice), QStringLiteral("org-dental-")}};
        const QString &prefix = prefixes[int(kind)];
        for (const Clinician &c : m_population.clinicians) {
            if (!c.providerId.startsWith(prefix) || (!providerId.isEmpty() && c.providerId != providerId))
                continue;
            anyOfKind.append(&c);
            if (taxonomies.isEmpty() || taxonomies.contains(c.specialty.code))
                fitting.append(&c);
        }
        const QList<const Clinician *> &from = fitting.isEmpty() ? anyOfKind : fitting;
        return from.isEmpty() ? nullptr : from.at(m_random.below(int(from.size())));
    }

    void pickCareTeam()
    {
        const QStringList primary = m_age < 18 ? QStringList{QStringLiteral("208000000X")}
                                               : QStringList{QStringLiteral("207Q00000X"), QStringLiteral("207R00000X")};
        m_pcp = clinicianOf(Provider::Kind::Clinic, primary);
        static const QHash<QString, QStringList> specialists{
            {QStringLiteral("PSY"), {QStringLiteral("2084P0800X")}},
            {QStringLiteral("ETH"), {QStringLiteral("2084P0800X")}},
            {QStringLiteral("HIV"), {QStringLiteral("207RI0200X")}},
            {QStringLiteral("SEX"), {QStringLiteral("207V00000X")}},
            {QStringLiteral("GDIS"), {QStringLiteral("207Q00000X")}},
        };
        m_specialist = m_sensitivity.isEmpty() ? m_pcp : clinicianOf(Provider::Kind::Clinic, specialists.value(m_sensitivity));
        m_dentist = clinicianOf(Provider::Kind::DentalOffice, {});
        m_pharmacist = clinicianOf(Provider::Kind::Pharmacy, {});
        m_hospital = clinicianOf(Provider::Kind::Hospital, {})->providerId;
    }

    // A day inside a covered stretch (weighted by length) with `extraDays` more days inside it too.
    std::pair<int, QDate> coveredDay(int extraDays = 0)
    {
        int total = 0;
        for (const Covered &c : m_covered)
            total += std::max(0, int(c.first.daysTo(c.last)) - extraDays) + 1;
        int roll = m_random.below(total);
        for (const Covered &c : m_covered) {
            const int days = std::max(0, int(c.first.daysTo(c.last)) - extraDays) + 1;
            if (roll < days)
                return {c.coverage, c.first.addDays(roll)};
            roll -= days;
        }
        return {m_covered.last().coverage, m_covered.last().first};
    }

    CareEvent &addEvent(CareEvent::Kind kind, const Clinician *clinician, int stayDays = 0)
    {
        CareEvent e;
        e.kind = kind;
        const auto [coverage, day] = coveredDay(stayDays);
        const Covered &covered = m_covered.at(coverage);
        e.start = day;
        e.end = std::min(day.addDays(stayDays), covered.last);
        e.coverageId = m_story.coverages.at(coverage).coverageId;
        const Provider *provider = m_population.provider(clinician->providerId);
        e.providerId = provider->organizationId;
        e.locationId = provider->locationId;
        e.practitionerId = clinician->practitionerId;
        m_story.events.append(e);
        return m_story.events.last();
    }

    void addFill(const QString &rxnorm, const Diagnosis &reason, const Clinician *prescriber, const CareEvent *visit = nullptr)
    {
        const CareCatalog::Medication *med = CareCatalog::medication(rxnorm);
        if (!med || !prescriber)
            return;
        CareEvent &fill = addEvent(CareEvent::Kind::PharmacyFill, m_pharmacist);
        if (visit) { // filled the day of the visit that prescribed it, under the same coverage
            fill.start = fill.end = visit->start;
            fill.coverageId = visit->coverageId;
        }
        // The pharmacy is the member's usual one; the practitioner is who prescribed.
        fill.practitionerId = prescriber->practitionerId;
        fill.diagnoses = {reason};
        fill.drug = {med->ndc, med->rxnorm, med->daysSupply, med->quantity, u"med-" + med->rxnorm.code};
    }

    void planEvents()
    {
        const int coveredDays = [this] {
            int d = 0;
            for (const Covered &c : m_covered)
                d += int(c.first.daysTo(c.last)) + 1;
            return d;
        }();

        // Preventive visits: about one a year for children and from 50 on, one every other
        // year for adults under 50 without a chronic condition.
        const int years = (coveredDays + 200) / 365;
        const bool everyOtherYear = m_age >= 18 && m_age < 50 && m_chronic.isEmpty();
        const int preventive = std::max(1, everyOtherYear ? (years + 1) / 2 : years);
        for (int i = 0; i < preventive; ++i) {
            CareEvent &e = addEvent(CareEvent::Kind::OfficeVisit, m_pcp);
            e.preventive = true;
            e.diagnoses = {CareCatalog::wellnessDiagnosis(m_age)};
            e.procedures = {CareCatalog::preventiveVisit(m_age)};
            // Adults' check-ups often draw blood, children's seldom.
            if (m_random.chance(m_age >= 18 ? 45 : 10))
                orderLabs(e, checkUpPanels());
        }

        // Chronic conditions: follow-up visits and regular fills.
        for (const CareCatalog::Chronic &c : m_chronic) {
            const bool sensitive = !c.diagnosis.sensitivity.isEmpty();
            const Clinician *doctor = sensitive ? m_specialist : m_pcp;
            const int visits = sensitive ? 2 : 1;
            for (int v = 0; v < visits; ++v) {
                CareEvent &e = addEvent(CareEvent::Kind::OfficeVisit, doctor);
                e.diagnoses = {c.diagnosis};
                if (!sensitive && m_chronic.size() > 1 && m_random.chance(50) && m_chronic.first().diagnosis.sensitivity.isEmpty()
                    && m_chronic.first().diagnosis.icd10.code != c.diagnosis.icd10.code)
                    e.diagnoses.append(m_chronic.first().diagnosis);
                e.procedures = {CareCatalog::officeVisit(4)};
                if (const QString panel = panelBilledAs(c.followUpCpt); !panel.isEmpty())
                    orderLabs(e, {panel});
                else if (!c.followUpCpt.isEmpty())
                    e.procedures.append(CareCatalog::procedure(c.followUpCpt));
            }
            if (!c.rxnorm.isEmpty()) {
                const int fills = m_random.between(sensitive ? 4 : 3, sensitive ? 8 : 6);
                for (int f = 0; f < fills; ++f)
                    addFill(c.rxnorm, c.diagnosis, doctor);
            }
        }

        // Acute illnesses: a visit, maybe a test, maybe a prescription filled that day.
        const int acute = m_random.between(1, 3);
        for (int i = 0; i < acute; ++i) {
            QList<const CareCatalog::Acute *> fitting;
            for (const CareCatalog::Acute &a : CareCatalog::acuteConditions())
                if (m_age <= a.maxAge)
                    fitting.append(&a);
            const CareCatalog::Acute &a = *fitting.at(m_random.below(int(fitting.size())));
            CareEvent &e = addEvent(CareEvent::Kind::OfficeVisit, m_pcp);
            e.diagnoses = {a.diagnosis};
            e.procedures = {CareCatalog::officeVisit(3)};
            if (!a.testCpt.isEmpty())
                e.procedures.append(CareCatalog::procedure(a.testCpt));
            if (m_random.chance(5))
                orderLabs(e, {kBloodCount});
            if (!a.rxnorm.isEmpty()) {
                const CareEvent visit = e;
                addFill(a.rxnorm, a.diagnosis, m_pcp, &visit);
            }
        }
        if (std::none_of(m_story.events.cbegin(), m_story.events.cend(),
                         [](const CareEvent &e) { return e.kind == CareEvent::Kind::PharmacyFill; }))
            addFill(QStringLiteral("308191"), CareCatalog::acuteConditions().first().diagnosis, m_pcp);

        planDental();
        planHospital();

        // Date order; ids and claim numbers follow it.
        std::stable_sort(m_story.events.begin(), m_story.events.end(),
                         [](const CareEvent &a, const CareEvent &b) { return a.start < b.start; });
        for (qsizetype i = 0; i < m_story.events.size(); ++i) {
            CareEvent &e = m_story.events[i];
            e.id = m_story.member.patientId + u"-e" + QString::number(i + 1);
            e.claimNumber = int(i + 1);
            for (const Diagnosis &d : e.diagnoses)
                if (e.sensitivity.isEmpty() && !d.sensitivity.isEmpty())
                    e.sensitivity = d.sensitivity;
            if (e.sensitivity.isEmpty() && e.kind == CareEvent::Kind::PharmacyFill)
                if (const CareCatalog::Medication *m = CareCatalog::medication(e.drug.rxnorm.code))
                    e.sensitivity = m->sensitivity;
        }
        planVaccinations();
    }

    // The panels a check-up draws: for adults one of lipids, metabolic panel, blood count, TSH or
    // (from 35, when USPSTF screens for diabetes) an A1c, now and then a second one; for children
    // a blood count or, at the ages lipids are screened, a lipid panel.
    QStringList checkUpPanels()
    {
        if (m_age < 18)
            return {(m_age >= 9 && m_age <= 11) || m_age >= 17 ? kLipidPanel : kBloodCount};
        QStringList panels{kLipidPanel, kMetabolicPanel, kBloodCount, kThyrotropin};
        if (m_age >= 35)
            panels.append(kHemoglobinA1c);
        QStringList chosen{m_random.pick(panels)};
        panels.removeAll(chosen.first());
        if (m_random.chance(15))
            chosen.append(m_random.pick(panels));
        return chosen;
    }

    // The lab panel a CPT code bills ("" for another code): a follow-up visit's lab is drawn and reported.
    static QString panelBilledAs(const QString &cpt)
    {
        for (const LabPanel &panel : ClinicalCatalog::labPanels())
            if (!cpt.isEmpty() && CareCatalog::labPanelProcedure(panel.loinc.code).code.code == cpt)
                return panel.loinc.code;
        return {};
    }

    // Draws lab panels at an event: the record reports each, the claim bills the draw once and each panel.
    static void orderLabs(CareEvent &e, const QStringList &loincs)
    {
        for (const QString &loinc : loincs) {
            const LabPanel *panel = ClinicalCatalog::labPanel(loinc);
            const ProcedureCode billed = CareCatalog::labPanelProcedure(loinc);
            Q_ASSERT(panel && !billed.code.isEmpty());
            if (std::any_of(e.labOrders.cbegin(), e.labOrders.cend(), [&](const LabOrder &o) { return o.loinc.code == loinc; }))
                continue;
            if (e.labOrders.isEmpty())
                e.procedures.append(CareCatalog::procedure(QStringLiteral("36415")));
            e.labOrders.append({panel->loinc, billed.code});
            e.procedures.append(billed);
        }
    }

    // Vaccines, in date order so that each is given once: a flu shot once a season, any other
    // once in the story (its series done). Given at check-ups and some other visits to the
    // member's doctor, not at visits for a sensitive condition: the flu shot when in season and
    // one other vaccine due.
    void planVaccinations()
    {
        QSet<QString> given;
        int lastFluSeason = 0;
        for (CareEvent &e : m_story.events) {
            if (e.kind != CareEvent::Kind::OfficeVisit || !e.sensitivity.isEmpty())
                continue;
            if (!m_random.chance(e.preventive ? 60 : 10))
                continue;
            const int age = ageOn(m_story.member.birthDate, e.start);
            const Vaccine *flu = nullptr;
            QList<const Vaccine *> others;
            for (const Vaccine &v : ClinicalCatalog::vaccines()) {
                if (age < v.minAge || age > v.maxAge || (v.firstAvailable.isValid() && e.start < v.firstAvailable)
                    || (v.lastAvailable.isValid() && e.start > v.lastAvailable))
                    continue;
                if (!v.seasonal && !given.contains(v.cvx.code))
                    others.append(&v);
                else if (v.seasonal && inFluSeason(e.start) && fluSeason(e.start) != lastFluSeason)
                    flu = &v;
            }
            QList<const Vaccine *> chosen;
            if (flu) {
                chosen.append(flu);
                lastFluSeason = fluSeason(e.start);
            }
            if (!others.isEmpty() && (!flu || m_random.chance(40)))
                chosen.append(others.at(m_random.below(int(others.size()))));
            for (const Vaccine *v : chosen) {
                const ProcedureCode product = CareCatalog::vaccineProduct(v->cvx.code);
                Q_ASSERT(!product.code.isEmpty());
                e.vaccinations.append({v->cvx, product.code});
                e.procedures.append(product);
                if (!v->seasonal)
                    given.insert(v->cvx.code);
            }
            for (qsizetype i = 0; i < chosen.size(); ++i)
                e.procedures.append(CareCatalog::vaccineAdministration(int(i)));
        }
    }

    void planDental()
    {
        const int visits = 1 + (m_random.chance(70) ? 1 : 0) + (m_random.chance(40) ? 1 : 0);
        for (int i = 0; i < visits; ++i) {
            CareEvent &e = addEvent(CareEvent::Kind::DentalVisit, m_dentist);
            if (i > 0 && m_random.chance(55)) {
                QList<const CareCatalog::DentalService *> fitting;
                for (const CareCatalog::DentalService &s : CareCatalog::dentalServices())
                    if (m_age >= 18 || !(s.prosthesis || s.area))
                        fitting.append(&s);
                const CareCatalog::DentalService &s = *fitting.at(m_random.below(int(fitting.size())));
                e.diagnoses = {s.diagnosis};
                e.procedures = {s.procedure};
                continue;
            }
            e.diagnoses = {CareCatalog::dentalExamDiagnosis()};
            e.procedures = {CareCatalog::procedure(QStringLiteral("D0120")),
                            CareCatalog::procedure(m_age < 14 ? QStringLiteral("D1120") : QStringLiteral("D1110"))};
            if (m_random.chance(50))
                e.procedures.append(CareCatalog::procedure(QStringLiteral("D0274")));
            if (m_age < 18)
                e.procedures.append(CareCatalog::procedure(QStringLiteral("D1206")));
        }
    }

    void planHospital()
    {
        const int outpatient = 1 + (m_random.chance(35) ? 1 : 0);
        for (int i = 0; i < outpatient; ++i) {
            QList<const CareCatalog::OutpatientService *> fitting;
            for (const CareCatalog::OutpatientService &s : CareCatalog::outpatientServices())
                if (m_age >= s.minAge)
                    fitting.append(&s);
            const CareCatalog::OutpatientService &s = *fitting.at(m_random.below(int(fitting.size())));
            const bool emergency = s.revenueCode == u"0450";
            const Clinician *doctor = clinicianOf(
                Provider::Kind::Hospital,
                {emergency ? QStringLiteral("207P00000X") : s.revenueCode == u"0360" ? QStringLiteral("208600000X")
                                                                                   : QStringLiteral("208M00000X")},
                m_hospital);
            CareEvent &e = addEvent(CareEvent::Kind::OutpatientVisit, doctor);
            e.diagnoses = {s.diagnosis};
            e.procedures = {s.procedure};
            if (s.procedure.code.code == u"99284") // chest pain: a blood count
                orderLabs(e, {kBloodCount});
        }

        const bool sensitiveStay = (m_sensitivity == u"ETH" || m_sensitivity == u"PSY") && m_random.chance(50);
        const int percent = m_age >= 65 ? 45 : m_age >= 40 ? 25 : 15;
        if (!sensitiveStay && !m_random.chance(percent))
            return;
        QList<const CareCatalog::InpatientCase *> fitting;
        const QString &sex = m_story.member.birthSex;
        const QList<CareCatalog::InpatientCase> &cases =
            sensitiveStay ? CareCatalog::sensitiveInpatientCases() : CareCatalog::inpatientCases();
        for (const CareCatalog::InpatientCase &c : cases)
            if (m_age >= c.minAge && (c.sex.isEmpty() || c.sex == sex)
                && (!sensitiveStay || c.diagnosis.sensitivity == m_sensitivity))
                fitting.append(&c);
        if (fitting.isEmpty())
            return;
        const CareCatalog::InpatientCase &c = *fitting.at(m_random.below(int(fitting.size())));
        const Clinician *doctor = clinicianOf(Provider::Kind::Hospital,
                                              {c.procedure.code.code.startsWith(u'0') ? QStringLiteral("208600000X")
                                                                                      : QStringLiteral("208M00000X")},
                                              m_hospital);
        CareEvent &e = addEvent(CareEvent::Kind::InpatientStay, doctor, m_random.between(c.minStay, c.maxStay));
        e.diagnoses = {c.diagnosis, c.secondary};
        e.procedures = {c.procedure};
        if (m_random.chance(40))
            orderLabs(e, m_random.chance(50) ? QStringList{kBloodCount, kMetabolicPanel} : QStringList{kBloodCount});
        if (c.procedure.code.code == u"0SRC0J9" || c.procedure.code.code == u"02703DZ")
            m_story.hasImplant = true;
    }

    const SandboxPopulation &m_population;
    SandboxRandom m_random;
    SandboxRandom m_household;
    int m_index;
    int m_age = 0;
    MemberStory m_story;
    QList<Covered> m_covered;
    Sensitivity m_sensitivity;
    QList<CareCatalog::Chronic> m_chronic;
    const Clinician *m_pcp = nullptr;
    const Clinician *m_specialist = nullptr;
    const Clinician *m_dentist = nullptr;
    const Clinician *m_pharmacist = nullptr;
    QString m_hospital;
};

} // namespace

MemberStoryPlanner::MemberStoryPlanner(const SandboxPopulation &population, quint64 seed, QDate asOf)
    : m_population(population), m_seed(seed), m_asOf(asOf)
{
}

MemberStory MemberStoryPlanner::plan(int memberIndex) const
{
    return StoryBuilder(m_population, m_seed, m_asOf, memberIndex).build();
}

QString MemberStoryPlanner::patientId(int index)
{
    return u"m" + QString::number(index).rightJustified(6, u'0');
}

} // namespace paw::sandbox
