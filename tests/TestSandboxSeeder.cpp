// The seeded sandbox as a whole: every type and profile present, every stored resource valid
// against its declared profiles, references that resolve, amounts that add up, determinism,
// logins and delegations, cancellation.

#include "auth/PersonaStore.h"
#include "fhir/validation/FhirPackageSet.h"
#include "fhir/validation/ProfileValidator.h"
#include "sandbox/SandboxSeeder.h"
#include "support/StoreFixture.h"

#include <QJsonArray>
#include <QTest>

#include <atomic>
#include <cmath>

using namespace paw;
using namespace paw::test;
using namespace Qt::StringLiterals;

namespace {

const QStringList kSeedTypes{u"Coverage"_s, u"ExplanationOfBenefit"_s, u"Organization"_s, u"Patient"_s,
                             u"Practitioner"_s, u"AllergyIntolerance"_s, u"Condition"_s, u"DiagnosticReport"_s,
                             u"DocumentReference"_s, u"Encounter"_s, u"Immunization"_s, u"Device"_s,
                             u"Observation"_s, u"Location"_s, u"Medication"_s, u"MedicationDispense"_s,
                             u"PractitionerRole"_s, u"Procedure"_s, u"MedicationStatement"_s, u"RelatedPerson"_s};

const QString kC4bb = u"http://hl7.org/fhir/us/carin-bb/StructureDefinition/"_s;

void collectReferences(const QJsonValue &value, QStringList &out)
{
    if (value.isArray()) {
        for (const QJsonValue &item : value.toArray())
            collectReferences(item, out);
    } else if (value.isObject()) {
        const QJsonObject object = value.toObject();
        for (auto it = object.begin(); it != object.end(); ++it) {
            if (it.key() == u"reference"_s && it.value().isString())
                out << it.value().toString();
            else
                collectReferences(it.value(), out);
        }
    }
}

// The amount of each adjudication/total entry, by its category code.
QHash<QString, double> amountsByCategory(const QJsonArray &entries)
{
    QHash<QString, double> out;
    for (const QJsonValue &value : entries) {
        const QJsonObject entry = value.toObject();
        const QJsonArray codings = entry.value(u"category"_s).toObject().value(u"coding"_s).toArray();
        const QJsonValue amount = entry.value(u"amount"_s).toObject().value(u"value"_s);
        if (codings.isEmpty() || !amount.isDouble())
            continue;
        out[codings.first().toObject().value(u"code"_s).toString()] += amount.toDouble();
    }
    return out;
}

struct Seeded
{
    StoreFixture fixture;
    std::unique_ptr<auth::PersonaStore> personas;
    Expected<sandbox::SeedSummary, QString> summary = QString(u"not run"_s);

    explicit Seeded(const sandbox::SeedOptions &options, const std::atomic_bool *cancel = nullptr,
                    const sandbox::SandboxSeeder::Progress &progress = {})
    {
        if (!fixture.ok())
            return;
        personas = std::make_unique<auth::PersonaStore>(fixture.database);
        summary = sandbox::SandboxSeeder(*fixture.store, *personas).seed(options, progress, cancel);
    }

    static QJsonObject object(const fhir::StoredResource &r) { return QJsonDocument::fromJson(r.json).object(); }

    QList<fhir::StoredResource> all(const QString &type) const
    {
        QList<fhir::StoredResource> out;
        fixture.store->forEach(type, [&out](const fhir::StoredResource &r) {
            out << r;
            return true;
        });
        return out;
    }
};

sandbox::SeedOptions fiftyMembers()
{
    sandbox::SeedOptions options;
    options.members = 50;
    options.seed = 7;
    options.asOf = QDate(2026, 6, 30);
    return options;
}

} // namespace

class TestSandboxSeeder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        m_seeded = std::make_unique<Seeded>(fiftyMembers());
        QVERIFY2(m_seeded->fixture.ok(), qPrintable(m_seeded->fixture.error));
        QVERIFY2(m_seeded->summary, qPrintable(m_seeded->summary ? QString() : m_seeded->summary.error()));
        QCOMPARE(m_seeded->summary->members, 50);
        QVERIFY(!m_seeded->summary->cancelled);
    }

    void everyTypeAndEveryEobProfileIsThere()
    {
        const QHash<QString, qint64> counts = m_seeded->fixture.store->countByType();
        for (const QString &type : kSeedTypes)
            QVERIFY2(counts.value(type) > 0, qPrintable(type));
        QCOMPARE(counts.value(u"Patient"_s), 50);
        qint64 total = 0;
        for (const qint64 n : counts)
            total += n;
        QCOMPARE(total, m_seeded->summary->resources);
        QSet<QString> eobProfiles;
        for (const fhir::StoredResource &eob : m_seeded->all(u"ExplanationOfBenefit"_s)) {
            for (const QJsonValue &profile : Seeded::object(eob).value(u"meta"_s).toObject().value(u"profile"_s).toArray())
                eobProfiles << profile.toString().section(u'|', 0, 0).mid(kC4bb.size());
        }
        for (const char *kind : {"Inpatient-Institutional", "Outpatient-Institutional", "Professional-NonClinician", "Pharmacy", "Oral"})
            QVERIFY2(eobProfiles.contains(u"C4BB-ExplanationOfBenefit-"_s + QLatin1String(kind)), kind);
    }

    void everyReferenceResolves()
    {
        int checked = 0;
        for (const QString &type : kSeedTypes) {
            for (const fhir::StoredResource &r : m_seeded->all(type)) {
                QStringList references;
                collectReferences(Seeded::object(r), references);
                for (const QString &reference : std::as_const(references)) {
                    if (reference.startsWith(u'#'))
                        continue; // contained
                    const QStringList parts = reference.split(u'/');
                    QVERIFY2(parts.size() == 2, qPrintable(type + u'/' + r.id + u" -> "_s + reference));
                    QVERIFY2(m_seeded->fixture.store->read(parts.at(0), parts.at(1)),
                             qPrintable(type + u'/' + r.id + u" -> "_s + reference));
                    ++checked;
                }
            }
        }
        QVERIFY(checked > 1000);
    }

    void storedResourcesValidateAgainstTheirProfiles()
    {
        fhir::FhirPackageSet packages;
        for (const char *folder : {"r4-core", "us-core-3.1.1", "us-core-6.1.0", "carin-bb-2.0.0"}) {
            const auto loaded = packages.load(QStringLiteral(PAW_FHIR_PACKAGES "/") + QLatin1String(folder));
            QVERIFY2(loaded, qPrintable(loaded ? QString() : loaded.error()));
        }
        fhir::ProfileValidator validator(packages);
        QHash<QString, int> validated;
        QStringList failures;
        for (const QString &type : kSeedTypes) {
            for (const fhir::StoredResource &r : m_seeded->all(type)) {
                const fhir::ValidationReport report = validator.validate(Seeded::object(r));
                for (const fhir::ValidationIssue &issue : report.issues) {
                    if (issue.severity == fhir::ValidationIssue::Severity::Error && failures.size() < 20)
                        failures << type + u'/' + r.id + u": "_s + issue.path + u": "_s + issue.message;
                }
                const QJsonArray profiles = Seeded::object(r).value(u"meta"_s).toObject().value(u"profile"_s).toArray();
                validated[profiles.isEmpty() ? type : profiles.first().toString()] += 1;
            }
        }
        QVERIFY2(failures.isEmpty(), qPrintable(failures.join(u'\n')));
        qInfo() << "validated per profile:" << validated;
    }

    void amountsAddUp()
    {
        int eobs = 0;
        for (const fhir::StoredResource &r : m_seeded->all(u"ExplanationOfBenefit"_s)) {
            const QJsonObject eob = Seeded::object(r);
            QHash<QString, double> itemSums;
            for (const QJsonValue &item : eob.value(u"item"_s).toArray()) {
                const QHash<QString, double> amounts = amountsByCategory(item.toObject().value(u"adjudication"_s).toArray());
                for (auto it = amounts.cbegin(); it != amounts.cend(); ++it)
                    itemSums[it.key()] += it.value();
                if (amounts.contains(u"submitted"_s) && amounts.contains(u"eligible"_s))
                    QVERIFY2(amounts.value(u"submitted"_s) + 0.005 >= amounts.value(u"eligible"_s), qPrintable(r.id));
                if (amounts.contains(u"eligible"_s) && amounts.contains(u"benefit"_s))
                    QVERIFY2(amounts.value(u"eligible"_s) + 0.005 >= amounts.value(u"benefit"_s), qPrintable(r.id));
            }
            const QHash<QString, double> totals = amountsByCategory(eob.value(u"total"_s).toArray());
            QVERIFY2(!totals.isEmpty(), qPrintable(r.id));
            for (auto it = totals.cbegin(); it != totals.cend(); ++it) {
                if (itemSums.contains(it.key()))
                    QVERIFY2(std::abs(itemSums.value(it.key()) - it.value()) < 0.005,
                             qPrintable(r.id + u": total "_s + it.key() + u" is "_s + QString::number(it.value())
                                        + u", items sum to "_s + QString::number(itemSums.value(it.key()))));
            }
            QCOMPARE(eob.value(u"outcome"_s).toString(), u"complete"_s);
            // The insurer is the payor of the coverage the claim names.
            const QString coverage = eob.value(u"insurance"_s).toArray().first().toObject()
                                         .value(u"coverage"_s).toObject().value(u"reference"_s).toString();
            const auto paying = m_seeded->fixture.store->read(u"Coverage"_s, coverage.section(u'/', 1));
            QVERIFY2(paying, qPrintable(coverage));
            QCOMPARE(eob.value(u"insurer"_s).toObject().value(u"reference"_s).toString(),
                     Seeded::object(*paying).value(u"payor"_s).toArray().first().toObject().value(u"reference"_s).toString());
            ++eobs;
        }
        QVERIFY(eobs >= 250);
    }

    void sensitiveRecordsAreLabelled()
    {
        QSet<QString> codes;
        for (const QString &type : kSeedTypes) {
            for (const fhir::StoredResource &r : m_seeded->all(type)) {
                for (const QJsonValue &label : Seeded::object(r).value(u"meta"_s).toObject().value(u"security"_s).toArray()) {
                    if (label.toObject().value(u"system"_s).toString() == u"http://terminology.hl7.org/CodeSystem/v3-ActCode"_s)
                        codes << label.toObject().value(u"code"_s).toString();
                }
            }
        }
        QVERIFY2(codes.size() >= 3, qPrintable(QStringList(codes.cbegin(), codes.cend()).join(u',')));
    }

    void loginsAndDelegations()
    {
        const auto personas = m_seeded->personas->personas();
        const auto delegations = m_seeded->personas->delegations();
        QVERIFY(personas && delegations);
        int members = 0;
        QHash<QString, auth::Persona> byName;
        for (const auth::Persona &p : *personas) {
            byName.insert(p.username, p);
            if (p.kind == auth::Persona::Kind::Member) {
                ++members;
                QVERIFY(m_seeded->fixture.store->read(u"Patient"_s, p.patientId));
            }
        }
        QCOMPARE(members, 50);
        QHash<QString, QList<auth::Delegation>> byDelegate;
        for (const auth::Delegation &d : *delegations) {
            byDelegate[d.delegate] << d;
            QVERIFY2(byName.contains(d.delegate), qPrintable(d.delegate));
            const auto related = m_seeded->fixture.store->read(u"RelatedPerson"_s, d.relatedPersonId);
            QVERIFY2(related, qPrintable(d.relatedPersonId));
            QCOMPARE(Seeded::object(*related).value(u"patient"_s).toObject().value(u"reference"_s).toString(), u"Patient/"_s + d.patientId);
            QCOMPARE(Seeded::object(*related).value(u"active"_s).toBool(), d.allows(QDate(2026, 6, 30)));
        }
        // Two blocks of 25: each has its parent of two minors, adult child, guardian with a
        // ceiling, an expired and a revoked delegation.
        for (int block = 0; block < 2; ++block) {
            const QString n = QString::number(block);
            QCOMPARE(byDelegate.value(u"parent-"_s + n).size(), 2);
            for (const auth::Delegation &d : byDelegate.value(u"parent-"_s + n)) {
                const auto child = m_seeded->fixture.store->read(u"Patient"_s, d.patientId);
                QVERIFY(child);
                const QDate born = QDate::fromString(Seeded::object(*child).value(u"birthDate"_s).toString(), Qt::ISODate);
                QVERIFY2(born.addYears(18) > QDate(2026, 6, 30), qPrintable(d.patientId)); // a minor
                QVERIFY(d.allows(QDate(2026, 6, 30)));
            }
            QCOMPARE(byDelegate.value(u"guardian-"_s + n).value(0).ceiling, u"no-sensitive"_s);
            QVERIFY(!byDelegate.value(u"spouse-"_s + n).value(0).allows(QDate(2026, 6, 30)));
            QVERIFY(byDelegate.value(u"spouse-"_s + n).value(0).validTo < QDate(2026, 6, 30));
            QCOMPARE(byDelegate.value(u"caregiver-"_s + n).value(0).status, auth::Delegation::Status::Revoked);
            QVERIFY(byDelegate.value(u"adultchild-"_s + n).value(0).allows(QDate(2026, 6, 30)));
        }
        // The lookups the authorization server makes at login and on every request.
        const auto parent = m_seeded->personas->find(u"parent-0"_s);
        QVERIFY(parent && parent->has_value());
        QCOMPARE((*parent)->kind, auth::Persona::Kind::Delegate);
        const auto nobody = m_seeded->personas->find(u"nobody"_s);
        QVERIFY(nobody && !nobody->has_value());
        const auto ofParent = m_seeded->personas->delegationsOf(u"parent-0"_s);
        QVERIFY(ofParent);
        QCOMPARE(ofParent->size(), 2);
        const auth::Delegation first = ofParent->constFirst();
        const auto one = m_seeded->personas->delegation(u"parent-0"_s, first.patientId);
        QVERIFY(one && one->has_value());
        QCOMPARE((*one)->relatedPersonId, first.relatedPersonId);
        const auto member = m_seeded->personas->findMember(first.patientId);
        QVERIFY(member && member->has_value());
        QCOMPARE((*member)->patientId, first.patientId);
        QVERIFY(m_seeded->personas->findMember(u"no-such-patient"_s)->has_value() == false);
        const auto none = m_seeded->personas->delegation(u"parent-0"_s, u"no-such-patient"_s);
        QVERIFY(none && !none->has_value());
    }

    void theSameSeedGivesTheSameSandbox()
    {
        const QList<QByteArray> first = sandbox::SandboxSeeder::resources(fiftyMembers());
        const QList<QByteArray> again = sandbox::SandboxSeeder::resources(fiftyMembers());
        QCOMPARE(first.size(), again.size());
        QCOMPARE(qint64(first.size()), m_seeded->summary->resources);
        for (qsizetype i = 0; i < first.size(); ++i)
            QCOMPARE(first.at(i), again.at(i));
        // What the store holds is what resources() gives, with meta.versionId and lastUpdated added.
        Seeded second(fiftyMembers());
        QVERIFY(second.summary);
        for (const QString &type : kSeedTypes) {
            const QList<fhir::StoredResource> a = m_seeded->all(type);
            const QList<fhir::StoredResource> b = second.all(type);
            QCOMPARE(a.size(), b.size());
            for (qsizetype i = 0; i < a.size(); ++i)
                QCOMPARE(a.at(i).json, b.at(i).json);
        }
        sandbox::SeedOptions other = fiftyMembers();
        other.seed = 8;
        QVERIFY(sandbox::SandboxSeeder::resources(other).value(200) != first.value(200));
    }

    void cancellationKeepsWholeHouseholds()
    {
        sandbox::SeedOptions options = fiftyMembers();
        options.members = 3 * sandbox::SandboxSeeder::kChunkMembers - 25;
        std::atomic_bool cancel{false};
        Seeded seeded(options, &cancel, [&cancel](int done, int) {
            if (done > 0)
                cancel = true;
        });
        QVERIFY2(seeded.summary, qPrintable(seeded.summary ? QString() : seeded.summary.error()));
        QVERIFY(seeded.summary->cancelled);
        // The first chunk; the one generated meanwhile is dropped.
        QCOMPARE(seeded.summary->members, sandbox::SandboxSeeder::kChunkMembers);
        QCOMPARE(seeded.summary->members % 25, 0);
        QCOMPARE(seeded.fixture.store->countByType().value(u"Patient"_s), seeded.summary->members);
    }

    void aSeedCancelledBeforeItsFirstMembersLeavesTheStoreEmpty()
    {
        std::atomic_bool cancel{true};
        Seeded seeded(fiftyMembers(), &cancel);
        QVERIFY2(seeded.summary, qPrintable(seeded.summary ? QString() : seeded.summary.error()));
        QVERIFY(seeded.summary->cancelled);
        QCOMPARE(seeded.summary->members, 0);
        QVERIFY(seeded.fixture.store->countByType().isEmpty()); // not even the population
        QVERIFY(seeded.personas->personas()->isEmpty());
    }

private:
    std::unique_ptr<Seeded> m_seeded;
};

QTEST_GUILESS_MAIN(TestSandboxSeeder)
#include "TestSandboxSeeder.moc"
