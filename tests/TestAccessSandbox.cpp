// Enforcement on the seeded sandbox (25 members, their delegates, C4BB and US Core records as
// `paw serve` writes them): what a token sees of every type is exactly the member's compartment
// as an explicit search finds it in the open store, less the records labelled sensitive that
// the token or the delegation's ceiling does not release.

#include "support/AccessFixture.h"

#include "access/PatientCompartment.h"
#include "access/SensitivityLabels.h"
#include "sandbox/SandboxSeeder.h"

#include <QSet>
#include <QTest>

using namespace paw;
using namespace Qt::StringLiterals;
using test::AccessFixture;
using test::entries;

class TestAccessSandbox : public QObject
{
    Q_OBJECT

    std::optional<auth::SigningKey> m_key;
    std::unique_ptr<AccessFixture> f;
    QStringList m_sensitive; // "Type/id" of every record with a sensitivity label

    QStringList types() const { return f->registry.resourceTypes(); }

    // Every resource of `type` the open store finds with `query`, as "Type/id", sorted.
    QStringList openSearch(const QString &type, const QString &query) const
    {
        const auto page = f->search(type, query.isEmpty() ? u"_count=500"_s : query + u"&_count=500"_s);
        if (!page || page->hasMore)
            qFatal("open search %s?%s failed or has more than a page", qPrintable(type), qPrintable(query));
        QStringList found = test::references(page->matches);
        found.sort();
        return found;
    }

    // The member's compartment, every type, as explicit searches find it; and every shared resource.
    QStringList recordsOf(const QString &patientId) const
    {
        const access::PatientCompartment compartment(f->registry);
        QStringList out;
        for (const QString &type : types()) {
            if (access::PatientCompartment::isShared(type))
                out += openSearch(type, {});
            else if (const fhir::SearchParameter *p = compartment.parameterFor(type))
                out += openSearch(type, p->name + u'=' + patientId);
        }
        out.sort();
        return out;
    }

    // What `token` finds with a search of every type it may search, without criteria.
    QStringList visibleTo(const QByteArray &token) const
    {
        QStringList out;
        for (const QString &type : types()) {
            const auto response = f->get(type + u"?_count=500"_s, token);
            if (response.status == 200)
                out += entries(response);
        }
        out.sort();
        return out;
    }

    static QStringList without(QStringList records, const QStringList &removed)
    {
        records.removeIf([&removed](const QString &r) { return removed.contains(r); });
        return records;
    }

    QString delegatedPatient(const QString &delegateName) const
    {
        const auto delegations = f->personas.delegationsOf(delegateName);
        return delegations && !delegations->isEmpty() ? delegations->constFirst().patientId : QString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        auto key = auth::SigningKey::generate(auth::JwsAlgorithm::RS256);
        QVERIFY(key);
        m_key = *key;
        f = std::make_unique<AccessFixture>(*m_key);
        QVERIFY2(f->ok(), qPrintable(f->error));
        sandbox::SeedOptions options;
        options.members = 25;
        const auto seeded = sandbox::SandboxSeeder(*f->store, f->personas).seed(options);
        QVERIFY2(seeded, qPrintable(seeded ? QString() : seeded.error()));
        // The sandbox's delegations are as of its "today".
        f->clock.advanceSecond(int(QDate(2026, 1, 1).daysTo(options.asOf)) * 24 * 3600);

        const QStringList codes = access::SensitivityLabels::all();
        for (const QString &type : types()) {
            QString labels;
            for (const QString &code : codes)
                labels += (labels.isEmpty() ? QString() : u","_s) + code;
            m_sensitive += openSearch(type, u"_security="_s + labels);
        }
        // The seed labels some records; otherwise the tests below prove nothing about them.
        QVERIFY2(m_sensitive.size() > 5, qPrintable(m_sensitive.join(u' ')));
    }

    void cleanupTestCase() { f.reset(); }

    void everyMemberSeesExactlyTheirRecordsWithEverySensitiveScope()
    {
        const auto personas = f->personas.personas();
        QVERIFY(personas);
        int members = 0;
        for (const auth::Persona &p : *personas) {
            if (p.kind != auth::Persona::Kind::Member || ++members > 6)
                continue;
            const QByteArray token = f->token(p.username, p.patientId, u"patient/*.rs sensitive/*"_s);
            QCOMPARE(visibleTo(token), recordsOf(p.patientId));
        }
        QVERIFY(members > 6);
    }

    void withoutSensitiveScopesExactlyTheLabelledRecordsAreWithheld()
    {
        const auto personas = f->personas.personas();
        QVERIFY(personas);
        int withLabels = 0;
        for (const auth::Persona &p : *personas) {
            if (p.kind != auth::Persona::Kind::Member)
                continue;
            const QStringList records = recordsOf(p.patientId);
            const QStringList labelled = without(records, without(records, m_sensitive));
            if (labelled.isEmpty() || ++withLabels > 4)
                continue;
            const QByteArray token = f->token(p.username, p.patientId, u"patient/*.rs"_s);
            const QStringList visible = visibleTo(token);
            QCOMPARE(visible, without(records, m_sensitive));
            // Each label is released by its own scope: with every scope, everything is back.
            QCOMPARE(visibleTo(f->token(p.username, p.patientId,
                                        u"patient/*.rs sensitive/substance-use sensitive/mental-health sensitive/hiv"
                                        " sensitive/reproductive-health sensitive/genetic"_s)),
                     records);
        }
        QVERIFY(withLabels > 0);
    }

    void aGuardianSeesNoLabelledRecordWhateverTheScopes()
    {
        const QString patientId = delegatedPatient(u"guardian-0"_s);
        QVERIFY(!patientId.isEmpty());
        const QByteArray token = f->token(u"guardian-0"_s, patientId, u"patient/*.rs sensitive/*"_s);
        QCOMPARE(visibleTo(token), without(recordsOf(patientId), m_sensitive));
    }

    void aParentsUserScopeCoversBothChildrenAndNoOneElse()
    {
        const auto delegations = f->personas.delegationsOf(u"parent-0"_s);
        QVERIFY(delegations && delegations->size() == 2);
        const QString first = delegations->at(0).patientId, second = delegations->at(1).patientId;
        const QByteArray token = f->token(u"parent-0"_s, first, u"user/Patient.rs user/Observation.rs"_s);
        QCOMPARE(entries(f->get(u"Patient"_s, token)),
                 QStringList({u"Patient/"_s + std::min(first, second), u"Patient/"_s + std::max(first, second)}));
        QStringList observations = without(openSearch(u"Observation"_s, u"patient="_s + first)
                                               + openSearch(u"Observation"_s, u"patient="_s + second),
                                           m_sensitive);
        observations.sort();
        QCOMPARE(entries(f->get(u"Observation?_count=500"_s, token)), observations);
    }

    void expiredAndRevokedSandboxDelegationsAreRefused()
    {
        for (const QString &name : {u"spouse-0"_s, u"caregiver-0"_s}) {
            const QString patientId = delegatedPatient(name);
            QVERIFY2(!patientId.isEmpty(), qPrintable(name));
            const auto response = f->get(u"Patient/"_s + patientId, f->token(name, patientId, u"patient/*.rs"_s));
            QCOMPARE(response.status, 401);
            QVERIFY(response.header("WWW-Authenticate").contains("invalid_token"));
        }
    }
};

QTEST_GUILESS_MAIN(TestAccessSandbox)
#include "TestAccessSandbox.moc"
