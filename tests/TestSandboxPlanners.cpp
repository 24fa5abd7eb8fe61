// The sandbox planners: NPIs with valid check digits, a population with every kind of provider,
// and member stories that keep the household rule, stay inside their coverage, carry sensitive
// codes where they say so, bill exactly the vaccines and lab panels they give and draw (vaccines
// when due), and come out the same for the same seed and index.

#include "sandbox/data/CareCatalog.h"
#include "sandbox/data/ClinicalCatalog.h"
#include "sandbox/data/MemberStoryPlanner.h"
#include "sandbox/data/NpiNumber.h"
#include "sandbox/data/PopulationPlanner.h"

#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace paw::sandbox;

namespace {

constexpr quint64 kSeed = 20260101;
constexpr int kMembers = 50;
const QDate kAsOf(2026, 6, 30);

// The CMS rule, written out independently of NpiNumber: Luhn over "80840" + the ten digits.
bool luhnValid(const QString &npi)
{
    const QString digits = u"80840"_s + npi;
    int sum = 0;
    for (qsizetype i = digits.size() - 1, position = 0; i >= 0; --i, ++position) {
        int d = digits.at(i).digitValue();
        if (position % 2 == 1) {
            d *= 2;
            if (d > 9)
                d -= 9;
        }
        sum += d;
    }
    return sum % 10 == 0;
}

int ageOn(QDate birth, QDate day)
{
    int age = day.year() - birth.year();
    if (day.month() < birth.month() || (day.month() == birth.month() && day.day() < birth.day()))
        --age;
    return age;
}

// How many of an event's claim lines bill `code`.
int linesOf(const CareEvent &e, const QString &code)
{
    return int(std::count_if(e.procedures.cbegin(), e.procedures.cend(),
                             [&](const ProcedureCode &p) { return p.code.code == code; }));
}

const Vaccine *vaccineOf(const QString &cvx)
{
    for (const Vaccine &v : ClinicalCatalog::vaccines())
        if (v.cvx.code == cvx)
            return &v;
    return nullptr;
}

const CoveragePeriod *coverageOf(const MemberStory &story, const QString &id)
{
    for (const CoveragePeriod &c : story.coverages)
        if (c.coverageId == id)
            return &c;
    return nullptr;
}

} // namespace

class TestSandboxPlanners : public QObject
{
    Q_OBJECT

    SandboxPopulation m_population;
    QList<MemberStory> m_stories;

private Q_SLOTS:
    void initTestCase()
    {
        m_population = PopulationPlanner::plan(kSeed, kMembers);
        const MemberStoryPlanner planner(m_population, kSeed, kAsOf);
        for (int i = 0; i < kMembers; ++i)
            m_stories.append(planner.plan(i));
    }

    void npiCheckDigit_data()
    {
        QTest::addColumn<QString>("npi");
        QTest::addColumn<bool>("valid");
        QTest::addRow("accepts the CMS example 1234567893") << u"1234567893"_s << true;
        QTest::addRow("rejects 1234567890, a wrong check digit") << u"1234567890"_s << false;
        QTest::addRow("rejects 1234567891, a wrong check digit") << u"1234567891"_s << false;
        QTest::addRow("rejects nine digits") << u"123456789"_s << false;
        QTest::addRow("rejects a first digit other than 1 or 2") << u"3234567893"_s << false;
        QTest::addRow("rejects letters") << u"12345678a3"_s << false;
    }

    void npiCheckDigit()
    {
        QFETCH(QString, npi);
        QFETCH(bool, valid);
        QCOMPARE(NpiNumber::isValid(npi), valid);
        if (npi.size() == 10 && npi.at(9).isDigit() && npi.at(8).isDigit())
            QCOMPARE(luhnValid(npi), npi == u"1234567893"_s);
    }

    void npiFromSerialIsValidByLuhn()
    {
        for (int serial : {123456789, 100000000, 199999999, 234567890, 287654321}) {
            const QString npi = NpiNumber::fromSerial(serial);
            QVERIFY2(luhnValid(npi) && NpiNumber::isValid(npi), qPrintable(npi));
        }
    }

    void populationHasEveryKindOfProvider()
    {
        QVERIFY(m_population.payers.size() >= 1 && m_population.payers.size() <= 3);
        for (const Payer &p : m_population.payers) {
            QVERIFY(!p.payerId.isEmpty());
            QCOMPARE(p.naic.size(), 5);
        }
        QHash<int, int> perKind;
        QSet<QString> npis;
        for (const Provider &p : m_population.providers) {
            ++perKind[int(p.kind)];
            QVERIFY2(p.locationId.startsWith(u"loc-"_s), qPrintable(p.locationId));
            QVERIFY2(NpiNumber::isValid(p.npi), qPrintable(p.npi));
            QCOMPARE(p.taxId.size(), 9);
            QVERIFY(!npis.contains(p.npi));
            npis.insert(p.npi);
        }
        for (Provider::Kind kind : {Provider::Kind::Hospital, Provider::Kind::Clinic, Provider::Kind::Pharmacy,
                                    Provider::Kind::DentalOffice})
            QCOMPARE(perKind.value(int(kind)), 10 + kMembers / 200);
        for (const Clinician &c : m_population.clinicians) {
            QVERIFY2(NpiNumber::isValid(c.npi), qPrintable(c.npi));
            QVERIFY(!npis.contains(c.npi));
            npis.insert(c.npi);
            QCOMPARE(c.specialty.system, u"http://nucc.org/provider-taxonomy"_s);
            QVERIFY(m_population.provider(c.providerId));
        }
        QSet<QString> sensitivities;
        for (const MedicationItem &m : m_population.medications) {
            QVERIFY(!m.rxnorm.code.isEmpty() && !m.ndc.code.isEmpty());
            QVERIFY2(QRegularExpression(u"^\\d{4,5}-\\d{3,4}-\\d{1,2}$"_s).match(m.ndc.code).hasMatch(), qPrintable(m.ndc.code));
            sensitivities.insert(m.sensitivity);
        }
        QVERIFY(sensitivities.contains(u"ETH"_s) && sensitivities.contains(u"HIV"_s) && sensitivities.contains(u"PSY"_s));
    }

    void populationGrowsSlowlyWithMembers()
    {
        const SandboxPopulation large = PopulationPlanner::plan(kSeed, 10000);
        QCOMPARE(large.providers.size(), 4 * (10 + 10000 / 200));
        QVERIFY(large.clinicians.size() > m_population.clinicians.size());
    }

    void householdRule()
    {
        for (const MemberStory &s : m_stories) {
            const int r = s.member.index % 25;
            const int age = ageOn(s.member.birthDate, kAsOf);
            if (r == 1 || r == 2) {
                QVERIFY2(age >= 5 && age <= 16, qPrintable(QString::number(age)));
                const QString parent = u"parent-"_s + QString::number(s.member.index / 25);
                for (const CoveragePeriod &c : s.coverages) {
                    QCOMPARE(c.relationship, u"child"_s);
                    QCOMPARE(c.subscriberReference, u"RelatedPerson/"_s + s.member.patientId + u"-rp-"_s + parent);
                }
            } else {
                const auto [low, high] = r == 3 ? std::pair{78, 92} : r == 4 ? std::pair{25, 60} : std::pair{18, 77};
                QVERIFY2(age >= low && age <= high, qPrintable(u"member %1 aged %2"_s.arg(s.member.index).arg(age)));
                for (const CoveragePeriod &c : s.coverages) {
                    QCOMPARE(c.relationship, u"self"_s);
                    QCOMPARE(c.subscriberReference, u"Patient/"_s + s.member.patientId);
                }
            }
        }
        // Siblings share family name, address and coverage dates.
        for (int block = 0; block * 25 + 2 < kMembers; ++block) {
            const MemberStory &a = m_stories.at(block * 25 + 1);
            const MemberStory &b = m_stories.at(block * 25 + 2);
            QCOMPARE(a.member.family, b.member.family);
            QCOMPARE(a.member.address.line, b.member.address.line);
            QCOMPARE(a.member.address.postalCode, b.member.address.postalCode);
            QCOMPARE(a.coverages.size(), b.coverages.size());
            QCOMPARE(a.coverages.first().start, b.coverages.first().start);
            QCOMPARE(a.coverages.first().subscriberId, b.coverages.first().subscriberId);
        }
    }

    void membersHaveUniqueWellFormedLogins()
    {
        const QRegularExpression username(u"^[a-z]+\\.[a-z]+\\.\\d{5,}$"_s);
        QSet<QString> usernames, patientIds, memberIds;
        for (const MemberStory &s : m_stories) {
            QVERIFY2(username.match(s.member.username).hasMatch(), qPrintable(s.member.username));
            QVERIFY(s.member.username.endsWith(QString::number(s.member.index).rightJustified(5, u'0')));
            usernames.insert(s.member.username);
            patientIds.insert(s.member.patientId);
            memberIds.insert(s.member.memberId);
            QCOMPARE(s.member.patientId, MemberStoryPlanner::patientId(s.member.index));
            QVERIFY(s.member.gender == u"female"_s || s.member.gender == u"male"_s);
            QCOMPARE(s.member.birthSex, s.member.gender == u"female"_s ? u"F"_s : u"M"_s);
            QCOMPARE(s.member.race.system, u"urn:oid:2.16.840.1.113883.6.238"_s);
            QVERIFY(!s.member.phone.isEmpty() && s.member.email.contains(u'@'));
        }
        QCOMPARE(usernames.size(), kMembers);
        QCOMPARE(patientIds.size(), kMembers);
        QCOMPARE(memberIds.size(), kMembers);
        QCOMPARE(MemberStoryPlanner::patientId(7), u"m000007"_s);
        QCOMPARE(MemberStoryPlanner::patientId(1234567), u"m1234567"_s);
    }

    void eventsStayInsideTheirCoverage()
    {
        const QRegularExpression id(u"^[A-Za-z0-9\\-.]{1,64}$"_s);
        QSet<int> kinds;
        int active = 0;
        for (const MemberStory &s : m_stories) {
            QVERIFY(!s.coverages.isEmpty() && s.coverages.size() <= 3);
            if (s.coverages.last().end.isNull())
                ++active;
            for (qsizetype i = 1; i < s.coverages.size(); ++i)
                QVERIFY(s.coverages.at(i).start > s.coverages.at(i - 1).end);
            QSet<QString> ids;
            QDate previous;
            for (const CareEvent &e : s.events) {
                kinds.insert(int(e.kind));
                QVERIFY2(id.match(e.id + u"-eob"_s).hasMatch(), qPrintable(e.id));
                QVERIFY(!ids.contains(e.id));
                ids.insert(e.id);
                const CoveragePeriod *c = coverageOf(s, e.coverageId);
                QVERIFY2(c, qPrintable(e.id));
                const QDate last = c->end.isNull() ? s.asOf : std::min(c->end, s.asOf);
                QVERIFY2(e.start >= c->start && e.end <= last && e.start <= e.end,
                         qPrintable(u"%1 %2..%3 outside %4..%5"_s.arg(e.id, e.start.toString(Qt::ISODate),
                                                                     e.end.toString(Qt::ISODate),
                                                                     c->start.toString(Qt::ISODate), last.toString(Qt::ISODate))));
                QVERIFY(!previous.isValid() || previous <= e.start);
                previous = e.start;
                const Provider *p = m_population.provider(e.providerId);
                QVERIFY(p && p->locationId == e.locationId);
                QVERIFY(m_population.clinician(e.practitionerId));
                const Provider::Kind expected = e.kind == CareEvent::Kind::PharmacyFill ? Provider::Kind::Pharmacy
                    : e.kind == CareEvent::Kind::DentalVisit                          ? Provider::Kind::DentalOffice
                    : e.kind == CareEvent::Kind::OfficeVisit                          ? Provider::Kind::Clinic
                                                                                      : Provider::Kind::Hospital;
                QCOMPARE(int(p->kind), int(expected));
                if (e.kind == CareEvent::Kind::PharmacyFill)
                    QVERIFY(!e.drug.ndc.isEmpty() && !e.drug.rxnorm.isEmpty() && !e.drug.medicationId.isEmpty());
                else
                    QVERIFY(!e.diagnoses.isEmpty() && !e.procedures.isEmpty());
                for (const Diagnosis &d : e.diagnoses)
                    QVERIFY(!d.icd10.isEmpty() && !d.snomed.isEmpty());
            }
        }
        QCOMPARE(kinds.size(), 5);
        QVERIFY2(active >= kMembers * 8 / 10, qPrintable(QString::number(active)));
    }

    void sensitiveStoriesCarryMatchingCodes()
    {
        // Each sensitivity and the code prefixes that justify it.
        const QHash<QString, QStringList> prefixes{
            {u"ETH"_s, {u"F10"_s, u"F11"_s}}, {u"PSY"_s, {u"F3"_s, u"F4"_s}}, {u"HIV"_s, {u"B20"_s}},
            {u"SEX"_s, {u"N97"_s, u"N46"_s}}, {u"GDIS"_s, {u"Z15"_s}}};
        QSet<QString> seen;
        for (const MemberStory &s : m_stories) {
            for (const CareEvent &e : s.events) {
                if (e.sensitivity.isEmpty()) {
                    for (const Diagnosis &d : e.diagnoses)
                        QVERIFY(d.sensitivity.isEmpty());
                    continue;
                }
                seen.insert(e.sensitivity);
                bool matches = false;
                for (const Diagnosis &d : e.diagnoses)
                    for (const QString &p : prefixes.value(e.sensitivity))
                        matches = matches || (d.icd10.code.startsWith(p) && d.sensitivity == e.sensitivity);
                const auto medication = std::find_if(m_population.medications.cbegin(), m_population.medications.cend(),
                                                     [&](const MedicationItem &m) { return m.medicationId == e.drug.medicationId; });
                if (medication != m_population.medications.cend())
                    matches = matches || medication->sensitivity == e.sensitivity;
                QVERIFY2(matches, qPrintable(e.id + u' ' + e.sensitivity));
            }
        }
        QCOMPARE(seen, (QSet<QString>{u"ETH"_s, u"PSY"_s, u"HIV"_s, u"SEX"_s, u"GDIS"_s}));
    }

    void everyCatalogVaccineAndPanelIsBillable()
    {
        // CareCatalog::procedure knows each code (a claim line with a display) and prices it
        // under a revenue code of its own, not the default charge for unknown codes.
        QStringList codes{u"36415"_s, CareCatalog::vaccineAdministration(0).code.code,
                          CareCatalog::vaccineAdministration(1).code.code};
        QSet<QString> products;
        for (const Vaccine &v : ClinicalCatalog::vaccines()) {
            QCOMPARE(v.cvx.system, u"http://hl7.org/fhir/sid/cvx"_s);
            const ProcedureCode product = CareCatalog::vaccineProduct(v.cvx.code);
            QVERIFY2(!product.code.isEmpty(), qPrintable(v.cvx.code));
            products.insert(product.code.code);
            codes.append(product.code.code);
        }
        QCOMPARE(products.size(), ClinicalCatalog::vaccines().size()); // one product per vaccine, both ways
        QSet<QString> panels;
        for (const LabPanel &panel : ClinicalCatalog::labPanels()) {
            const ProcedureCode billed = CareCatalog::labPanelProcedure(panel.loinc.code);
            QVERIFY2(!billed.code.isEmpty(), qPrintable(panel.loinc.code));
            panels.insert(billed.code.code);
            codes.append(billed.code.code);
        }
        QCOMPARE(panels.size(), ClinicalCatalog::labPanels().size());
        QCOMPARE(CareCatalog::vaccineAdministration(0).code.code, u"90471"_s);
        QCOMPARE(CareCatalog::vaccineAdministration(2).code.code, u"90472"_s);
        for (const QString &code : std::as_const(codes)) {
            const ProcedureCode p = CareCatalog::procedure(code);
            QCOMPARE(p.code.code, code);
            QCOMPARE(p.code.system, u"http://www.ama-assn.org/go/cpt"_s);
            QVERIFY2(!p.code.display.isEmpty() && !CareCatalog::revenueCodeFor(code).isEmpty(), qPrintable(code));
        }
        QVERIFY(CareCatalog::vaccineProduct(u"208"_s).code.isEmpty());
        QVERIFY(CareCatalog::labPanelProcedure(u"2345-7"_s).code.isEmpty()); // a test, not a panel
    }

    void vaccinesAndLabPanelsAreBilledAsGiven()
    {
        int vaccinations = 0, labOrders = 0, twoVaccines = 0, twoPanels = 0;
        QSet<int> labKinds;
        for (const MemberStory &s : m_stories) {
            for (const CareEvent &e : s.events) {
                const QString where = e.id;
                QMultiHash<QString, QString> billedVaccines; // product CPT -> CVX
                for (const Vaccination &v : e.vaccinations) {
                    QCOMPARE(v.cpt.code, CareCatalog::vaccineProduct(v.cvx.code).code.code);
                    QVERIFY2(vaccineOf(v.cvx.code), qPrintable(where));
                    billedVaccines.insert(v.cpt.code, v.cvx.code);
                }
                for (const Vaccine &v : ClinicalCatalog::vaccines()) {
                    const QString product = CareCatalog::vaccineProduct(v.cvx.code).code.code;
                    QVERIFY2(linesOf(e, product) == billedVaccines.count(product), qPrintable(where + u' ' + product));
                }
                const int given = int(e.vaccinations.size());
                QCOMPARE(linesOf(e, u"90471"_s), given > 0 ? 1 : 0);
                QCOMPARE(linesOf(e, u"90472"_s), std::max(0, given - 1));
                if (given > 0) // only at visits to the member's own doctor
                    QVERIFY2(e.kind == CareEvent::Kind::OfficeVisit && e.sensitivity.isEmpty(), qPrintable(where));

                QSet<QString> drawn;
                for (const LabOrder &o : e.labOrders) {
                    QVERIFY2(ClinicalCatalog::labPanel(o.loinc.code), qPrintable(where));
                    QCOMPARE(o.cpt.code, CareCatalog::labPanelProcedure(o.loinc.code).code.code);
                    QVERIFY2(!drawn.contains(o.loinc.code), qPrintable(where));
                    drawn.insert(o.loinc.code);
                }
                for (const LabPanel &panel : ClinicalCatalog::labPanels())
                    QVERIFY2(linesOf(e, CareCatalog::labPanelProcedure(panel.loinc.code).code.code)
                                 == (drawn.contains(panel.loinc.code) ? 1 : 0),
                             qPrintable(where + u' ' + panel.loinc.code));
                QCOMPARE(linesOf(e, u"36415"_s), e.labOrders.isEmpty() ? 0 : 1);
                if (!e.labOrders.isEmpty()) {
                    labKinds.insert(int(e.kind));
                    QVERIFY(e.kind != CareEvent::Kind::PharmacyFill && e.kind != CareEvent::Kind::DentalVisit);
                }
                vaccinations += given;
                labOrders += int(e.labOrders.size());
                twoVaccines += given > 1 ? 1 : 0;
                twoPanels += e.labOrders.size() > 1 ? 1 : 0;
            }
        }
        QVERIFY2(vaccinations > kMembers && labOrders > kMembers, qPrintable(u"%1 %2"_s.arg(vaccinations).arg(labOrders)));
        QVERIFY(twoVaccines > 0 && twoPanels > 0);
        QVERIFY(labKinds.contains(int(CareEvent::Kind::OfficeVisit)) && labKinds.contains(int(CareEvent::Kind::OutpatientVisit))
                && labKinds.contains(int(CareEvent::Kind::InpatientStay)));
    }

    void vaccinesAreGivenWhenDue()
    {
        int flu = 0;
        for (const MemberStory &s : m_stories) {
            QSet<QString> given;
            QSet<int> fluSeasons;
            for (const CareEvent &e : s.events) {
                for (const Vaccination &v : e.vaccinations) {
                    const Vaccine *vaccine = vaccineOf(v.cvx.code);
                    QVERIFY(vaccine);
                    const QString where = e.id + u' ' + v.cvx.code;
                    const int age = ageOn(s.member.birthDate, e.start);
                    QVERIFY2(age >= vaccine->minAge && age <= vaccine->maxAge, qPrintable(where));
                    QVERIFY2(!vaccine->firstAvailable.isValid() || e.start >= vaccine->firstAvailable, qPrintable(where));
                    QVERIFY2(!vaccine->lastAvailable.isValid() || e.start <= vaccine->lastAvailable, qPrintable(where));
                    if (vaccine->seasonal) {
                        // From August to March, once a season.
                        QVERIFY2(e.start.month() >= 8 || e.start.month() <= 3, qPrintable(where));
                        const int season = e.start.month() >= 8 ? e.start.year() : e.start.year() - 1;
                        QVERIFY2(!fluSeasons.contains(season), qPrintable(where));
                        fluSeasons.insert(season);
                        ++flu;
                    } else {
                        QVERIFY2(!given.contains(v.cvx.code), qPrintable(where));
                        given.insert(v.cvx.code);
                    }
                }
            }
        }
        QVERIFY(flu > 10);
    }

    void vaccinesAndLabsComeAtAboutTheUsualRates()
    {
        // Shares of visits, over enough members to be stable: vaccines at ~60% of check-ups and
        // ~10% of other office visits, labs at ~40% and ~10%.
        const SandboxPopulation population = PopulationPlanner::plan(kSeed, 400);
        const MemberStoryPlanner planner(population, kSeed, kAsOf);
        int checkUps = 0, checkUpVaccines = 0, checkUpLabs = 0, visits = 0, visitVaccines = 0, visitLabs = 0;
        for (int i = 0; i < 400; ++i) {
            for (const CareEvent &e : planner.plan(i).events) {
                if (e.kind != CareEvent::Kind::OfficeVisit)
                    continue;
                (e.preventive ? checkUps : visits) += 1;
                (e.preventive ? checkUpVaccines : visitVaccines) += e.vaccinations.isEmpty() ? 0 : 1;
                (e.preventive ? checkUpLabs : visitLabs) += e.labOrders.isEmpty() ? 0 : 1;
            }
        }
        const auto percent = [](int part, int whole) { return 100.0 * part / std::max(1, whole); };
        qInfo("check-ups: %.0f%% vaccines, %.0f%% labs; other office visits: %.0f%% vaccines, %.0f%% labs",
              percent(checkUpVaccines, checkUps), percent(checkUpLabs, checkUps), percent(visitVaccines, visits),
              percent(visitLabs, visits));
        QVERIFY(percent(checkUpVaccines, checkUps) >= 45 && percent(checkUpVaccines, checkUps) <= 70);
        QVERIFY(percent(checkUpLabs, checkUps) >= 30 && percent(checkUpLabs, checkUps) <= 50);
        QVERIFY(percent(visitVaccines, visits) >= 4 && percent(visitVaccines, visits) <= 16);
        QVERIFY(percent(visitLabs, visits) >= 5 && percent(visitLabs, visits) <= 20);
    }

    void planningIsDeterministicAndIndependentOfOrder()
    {
        const MemberStoryPlanner planner(m_population, kSeed, kAsOf);
        const MemberStory late = planner.plan(37);
        planner.plan(3);
        const MemberStory again = planner.plan(37);
        QCOMPARE(again.member.username, late.member.username);
        QCOMPARE(again.events.size(), late.events.size());
        for (qsizetype i = 0; i < late.events.size(); ++i) {
            QCOMPARE(again.events.at(i).start, late.events.at(i).start);
            QCOMPARE(again.events.at(i).providerId, late.events.at(i).providerId);
            QCOMPARE(again.events.at(i).vaccinations.size(), late.events.at(i).vaccinations.size());
            for (qsizetype v = 0; v < late.events.at(i).vaccinations.size(); ++v)
                QCOMPARE(again.events.at(i).vaccinations.at(v).cvx.code, late.events.at(i).vaccinations.at(v).cvx.code);
            QCOMPARE(again.events.at(i).labOrders.size(), late.events.at(i).labOrders.size());
            for (qsizetype l = 0; l < late.events.at(i).labOrders.size(); ++l)
                QCOMPARE(again.events.at(i).labOrders.at(l).loinc.code, late.events.at(i).labOrders.at(l).loinc.code);
        }
        const SandboxPopulation other = PopulationPlanner::plan(kSeed + 1, kMembers);
        const MemberStory different = MemberStoryPlanner(other, kSeed + 1, kAsOf).plan(37);
        QVERIFY(different.member.username != late.member.username || different.events.size() != late.events.size());
    }
};

QTEST_GUILESS_MAIN(TestSandboxPlanners)
#include "TestSandboxPlanners.moc"
