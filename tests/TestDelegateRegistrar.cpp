// sandbox::DelegateRegistrar: delegations added, listed and revoked with their RelatedPerson in
// the FHIR store, and every way a request can name the wrong people refused.

#include "auth/PersonaStore.h"
#include "sandbox/DelegateRegistrar.h"
#include "support/StoreFixture.h"

#include <QJsonArray>
#include <QTest>

using namespace paw;
using auth::Delegation;
using auth::Persona;
using sandbox::DelegateRegistrar;

namespace {

Persona persona(const QString &username, Persona::Kind kind, const QString &patient = {})
{
    Persona p;
    p.username = username;
    p.displayName = kind == Persona::Kind::Member ? QStringLiteral("Ann Lee") : QStringLiteral("Mary Ann Lee");
    p.kind = kind;
    p.patientId = patient;
    p.credential = QStringLiteral("sandbox");
    return p;
}

Delegation request(const QString &delegate, const QString &patient, const QString &relationship = QStringLiteral("guardian"))
{
    Delegation d;
    d.delegate = delegate;
    d.patientId = patient;
    d.relationship = relationship;
    return d;
}

} // namespace

class TestDelegateRegistrar : public QObject
{
    Q_OBJECT

private:
    std::unique_ptr<test::StoreFixture> m_fixture;
    std::unique_ptr<auth::PersonaStore> m_personas;
    std::unique_ptr<DelegateRegistrar> m_registrar;

    QJsonObject relatedPerson(const QString &id) const
    {
        const auto stored = m_fixture->store->read(QStringLiteral("RelatedPerson"), id);
        return stored ? QJsonDocument::fromJson(stored->json).object() : QJsonObject();
    }

private Q_SLOTS:
    void init()
    {
        m_fixture = std::make_unique<test::StoreFixture>();
        QVERIFY2(m_fixture->ok(), qPrintable(m_fixture->error));
        m_fixture->clock.advanceMs(m_fixture->clock.now().msecsTo(QDateTime(QDate(2026, 6, 30), QTime(9, 0), Qt::UTC)));
        m_personas = std::make_unique<auth::PersonaStore>(m_fixture->database);
        QCOMPARE(m_personas->save({persona(QStringLiteral("ann"), Persona::Kind::Member, QStringLiteral("p-ann")),
                                   persona(QStringLiteral("bo"), Persona::Kind::Member, QStringLiteral("p-bo")),
                                   persona(QStringLiteral("mary"), Persona::Kind::Delegate)},
                                  {}),
                 QString());
        m_registrar = std::make_unique<DelegateRegistrar>(*m_personas, *m_fixture->store, m_fixture->clock);
    }
    void cleanup()
    {
        m_registrar.reset();
        m_personas.reset();
        m_fixture.reset();
    }

    void aDelegationGetsARelatedPersonThatResolves()
    {
        Delegation wanted = request(QStringLiteral("mary"), QStringLiteral("p-ann"));
        wanted.validTo = QDate(2030, 1, 31);
        wanted.ceiling = QStringLiteral("no-sensitive");
        const auto added = m_registrar->add(wanted);
        QVERIFY2(added, qPrintable(added ? QString() : added.error()));
        QCOMPARE(added->status, Delegation::Status::Active);
        QCOMPARE(added->validFrom, QDate(2026, 6, 30)); // today, by the clock
        QCOMPARE(added->relatedPersonId, QStringLiteral("p-ann-rp-mary"));

        const auto stored = m_personas->delegation(QStringLiteral("mary"), QStringLiteral("p-ann"));
        QVERIFY(stored && *stored);
        QCOMPARE((*stored)->ceiling, QStringLiteral("no-sensitive"));
        QCOMPARE((*stored)->validTo, QDate(2030, 1, 31));

        const QJsonObject rp = relatedPerson(added->relatedPersonId);
        QCOMPARE(rp.value(QStringLiteral("active")).toBool(), true);
        QCOMPARE(rp.value(QStringLiteral("patient")).toObject().value(QStringLiteral("reference")).toString(), QStringLiteral("Patient/p-ann"));
        const QJsonObject coding = rp.value(QStringLiteral("relationship")).toArray().at(0).toObject()
                                       .value(QStringLiteral("coding")).toArray().at(0).toObject();
        QCOMPARE(coding.value(QStringLiteral("code")).toString(), QStringLiteral("GUARD"));
        const QJsonObject name = rp.value(QStringLiteral("name")).toArray().at(0).toObject();
        QCOMPARE(name.value(QStringLiteral("family")).toString(), QStringLiteral("Lee"));
        QCOMPARE(name.value(QStringLiteral("given")).toArray().at(0).toString(), QStringLiteral("Mary Ann"));
        QCOMPARE(rp.value(QStringLiteral("period")).toObject().value(QStringLiteral("end")).toString(), QStringLiteral("2030-01-31"));
    }

    void revokingKeepsTheDelegationListedAndTheRelatedPersonInactive()
    {
        QVERIFY(m_registrar->add(request(QStringLiteral("mary"), QStringLiteral("p-ann"))));
        const auto revoked = m_registrar->revoke(QStringLiteral("mary"), QStringLiteral("p-ann"));
        QVERIFY2(revoked, qPrintable(revoked ? QString() : revoked.error()));
        QCOMPARE(revoked->status, Delegation::Status::Revoked);
        const auto listed = m_registrar->list(QStringLiteral("mary"), {});
        QVERIFY(listed);
        QCOMPARE(listed->size(), 1);
        QCOMPARE(listed->constFirst().status, Delegation::Status::Revoked);
        QCOMPARE(relatedPerson(revoked->relatedPersonId).value(QStringLiteral("active")).toBool(true), false);
        // Again: nothing changes, no new RelatedPerson version.
        QVERIFY(m_registrar->revoke(QStringLiteral("mary"), QStringLiteral("p-ann")));
        QCOMPARE(m_fixture->store->history(QStringLiteral("RelatedPerson"), revoked->relatedPersonId)->size(), 2);
    }

    void aRevokedDelegationCanBeGrantedAgain()
    {
        QVERIFY(m_registrar->add(request(QStringLiteral("mary"), QStringLiteral("p-ann"))));
        QVERIFY(m_registrar->revoke(QStringLiteral("mary"), QStringLiteral("p-ann")));
        const auto again = m_registrar->add(request(QStringLiteral("mary"), QStringLiteral("p-ann"), QStringLiteral("caregiver")));
        QVERIFY2(again, qPrintable(again ? QString() : again.error()));
        QCOMPARE(again->relatedPersonId, QStringLiteral("p-ann-rp-mary"));
        QCOMPARE(relatedPerson(again->relatedPersonId).value(QStringLiteral("active")).toBool(), true);
    }

    void listFiltersByDelegateAndMember()
    {
        QVERIFY(m_registrar->add(request(QStringLiteral("mary"), QStringLiteral("p-ann"))));
        QVERIFY(m_registrar->add(request(QStringLiteral("mary"), QStringLiteral("p-bo"), QStringLiteral("parent"))));
        QCOMPARE(m_registrar->list({}, {})->size(), 2);
        QCOMPARE(m_registrar->list({}, QStringLiteral("p-bo"))->size(), 1);
        QCOMPARE(m_registrar->list(QStringLiteral("mary"), QStringLiteral("p-ann"))->constFirst().relationship, QStringLiteral("guardian"));
        QCOMPARE(m_registrar->list(QStringLiteral("nobody"), {})->size(), 0);
    }

    void refusals_data()
    {
        QTest::addColumn<QString>("delegate");
        QTest::addColumn<QString>("patient");
        QTest::addColumn<QString>("relationship");
        QTest::addColumn<QDate>("from");
        QTest::addColumn<QDate>("until");
        QTest::addColumn<QString>("reason");
        const QString mary = QStringLiteral("mary");
        const QString ann = QStringLiteral("p-ann");
        const QString guardian = QStringLiteral("guardian");
        QTest::addRow("a delegate who is not a login") << QStringLiteral("zed") << ann << guardian << QDate() << QDate()
                                                       << QStringLiteral("paw persona list");
        QTest::addRow("a member as the delegate") << QStringLiteral("bo") << ann << guardian << QDate() << QDate()
                                                  << QStringLiteral("is a member, not a delegate");
        QTest::addRow("a patient who is no member's") << mary << QStringLiteral("p-zed") << guardian << QDate() << QDate()
                                                      << QStringLiteral("no member has the patient id p-zed");
        QTest::addRow("an unknown relationship") << mary << ann << QStringLiteral("cousin") << QDate() << QDate()
                                                 << QStringLiteral("--relationship must be one of");
        QTest::addRow("an end before the start") << mary << ann << guardian << QDate(2027, 1, 1) << QDate(2026, 12, 31)
                                                 << QStringLiteral("is before --from");
        QTest::addRow("an end before today, the default start") << mary << ann << guardian << QDate() << QDate(2026, 1, 1)
                                                                << QStringLiteral("before the delegation starts");
    }
    void refusals()
    {
        QFETCH(QString, delegate);
        QFETCH(QString, patient);
        QFETCH(QString, relationship);
        QFETCH(QDate, from);
        QFETCH(QDate, until);
        QFETCH(QString, reason);
        Delegation wanted = request(delegate, patient, relationship);
        wanted.validFrom = from;
        wanted.validTo = until;
        const auto added = m_registrar->add(wanted);
        QVERIFY(!added);
        QVERIFY2(added.error().contains(reason), qPrintable(added.error()));
        QCOMPARE(m_personas->delegations()->size(), 0);
        QCOMPARE(m_fixture->store->countByType().value(QStringLiteral("RelatedPerson")), 0);
    }

    void aDelegationThatIsNotRevokedIsNeverReplaced()
    {
        QVERIFY(m_registrar->add(request(QStringLiteral("mary"), QStringLiteral("p-ann"))));
        const auto again = m_registrar->add(request(QStringLiteral("mary"), QStringLiteral("p-ann"), QStringLiteral("spouse")));
        QVERIFY(!again);
        QVERIFY2(again.error().contains(QStringLiteral("revoke it first")), qPrintable(again.error()));
        QCOMPARE(m_registrar->list({}, {})->constFirst().relationship, QStringLiteral("guardian"));
    }

    void revokingWhatDoesNotExistFails()
    {
        const auto revoked = m_registrar->revoke(QStringLiteral("mary"), QStringLiteral("p-bo"));
        QVERIFY(!revoked);
        QVERIFY2(revoked.error().contains(QStringLiteral("has no delegation")), qPrintable(revoked.error()));
    }
};

QTEST_GUILESS_MAIN(TestDelegateRegistrar)
#include "TestDelegateRegistrar.moc"
