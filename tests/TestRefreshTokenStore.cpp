#include "support/Tamper.h"
#include "auth/GrantStore.h"
#include "auth/RefreshTokenStore.h"
#include "storage/Migrations.h"
#include "support/TokenFixture.h"

#include <QRegularExpression>
#include <QSqlQuery>
#include <QTest>

using namespace paw;
using auth::Grant;
using auth::GrantStore;
using auth::RefreshTokenStore;
using Kind = auth::RefreshTokenStore::UseError::Kind;

namespace {

constexpr qint64 kLifetimeMs = 90LL * 24 * 3600 * 1000;
const QString kClient = QStringLiteral("paw-client-a");
const QString kScope = QStringLiteral("openid patient/*.rs offline_access");

} // namespace

class TestRefreshTokenStore : public QObject
{
    Q_OBJECT

    // A grant and a first refresh token under it.
    struct Issued
    {
        Grant grant;
        QString token;
    };

    Issued issueUnderNewGrant()
    {
        Grant draft;
        draft.clientId = kClient;
        draft.username = QStringLiteral("alice");
        draft.patientId = QStringLiteral("p1");
        draft.scope = kScope;
        const auto grant = GrantStore(m_database, m_clock).createGrant(draft, kLifetimeMs);
        if (!grant)
            return {};
        const auto issued = RefreshTokenStore(m_database, m_clock).issue(grant->grantId, kClient, kScope, grant->expiresMs);
        return {grant.value(), issued ? issued->token : QString()};
    }

    bool grantActive(const QString &grantId) const
    {
        const auto grant = GrantStore(m_database, m_clock).find(grantId);
        return grant && grant.value() && (*grant)->isActive(m_clock.nowMs());
    }

private Q_SLOTS:
    void init() { QCOMPARE(m_fixture.openDatabase(), QString()); }
    void cleanup() { m_fixture.tearDownDatabase(); }

    void schemaStepSixMakesTheTables()
    {
        QVERIFY(storage::Migrations::latestVersion() >= 6);
        QSqlQuery q(m_database->connection());
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM refresh_token")));
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM client_assertion_jti")));
    }

    void aTokenIsOpaqueAndOnlyItsHashIsStored()
    {
        const Issued issued = issueUnderNewGrant();
        QCOMPARE(issued.token.size(), 43); // 256 bits, base64url
        QVERIFY(!issued.token.contains(u'.') && !issued.token.contains(u'+') && !issued.token.contains(u'/'));
        QSqlQuery q(m_database->connection());
        QVERIFY(q.exec(QStringLiteral("SELECT token_hash, grant_id, client_id, scope FROM refresh_token")) && q.next());
        QVERIFY(q.value(0).toString().startsWith(QLatin1String("sha256:")));
        for (int column = 0; column < 4; ++column)
            QVERIFY(!q.value(column).toString().contains(issued.token));
        QCOMPARE(q.value(1).toString(), issued.grant.grantId);
    }

    void aTokenIsCheckedForItsClientAndExpiry()
    {
        const Issued issued = issueUnderNewGrant();
        RefreshTokenStore store(m_database, m_clock);
        const auto ok = store.check(issued.token, kClient);
        QVERIFY2(ok, qPrintable(ok ? QString() : ok.error().message));
        QCOMPARE(ok->grantId, issued.grant.grantId);
        QCOMPARE(ok->scope, kScope);
        QVERIFY(!ok->isSpent());

        const auto other = store.check(issued.token, QStringLiteral("paw-client-b"));
        QVERIFY(!other);
        QCOMPARE(other.error().kind, Kind::OtherClient);
        const auto unknown = store.check(test::withLastCharacterChanged(issued.token), kClient);
        QVERIFY(!unknown);
        QCOMPARE(unknown.error().kind, Kind::Unknown);

        m_clock.advanceMs(kLifetimeMs);
        const auto expired = store.check(issued.token, kClient);
        QVERIFY(!expired);
        QCOMPARE(expired.error().kind, Kind::Expired);
        // Neither refusal spent the token.
        QVERIFY(!(*store.find(issued.token))->isSpent());
    }

    void rotationSpendsTheTokenAndIssuesItsSuccessor()
    {
        const Issued issued = issueUnderNewGrant();
        RefreshTokenStore store(m_database, m_clock);
        m_clock.advanceSecond(10);
        const auto next = store.rotate(issued.token, issued.grant.expiresMs);
        QVERIFY2(next, qPrintable(next ? QString() : next.error().message));
        QVERIFY(next->token != issued.token);
        QCOMPARE(next->expiresMs, issued.grant.expiresMs);

        const auto spent = *store.find(issued.token);
        QVERIFY(spent && spent->isSpent());
        QCOMPARE(spent->usedMs, m_clock.nowMs());
        const auto successor = store.check(next->token, kClient);
        QVERIFY(successor);
        QCOMPARE(successor->grantId, issued.grant.grantId);
        QCOMPARE(successor->scope, kScope);
        QCOMPARE(successor->createdMs, m_clock.nowMs());

        // The spent row names its successor by hash.
        QSqlQuery q(m_database->connection());
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM refresh_token WHERE replaced_by IS NOT NULL")) && q.next());
        QCOMPARE(q.value(0).toInt(), 1);
    }

    void attackRefreshReuseRevokesTheGrant()
    {
        const Issued issued = issueUnderNewGrant();
        RefreshTokenStore store(m_database, m_clock);
        const auto next = store.rotate(issued.token, issued.grant.expiresMs);
        QVERIFY(next);
        QVERIFY(grantActive(issued.grant.grantId));

        // Logged with the grant id, never the token.
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("presented again: grant \"") + issued.grant.grantId));
        const auto replay = store.check(issued.token, kClient);
        QVERIFY(!replay);
        QCOMPARE(replay.error().kind, Kind::Reused);
        QVERIFY(!replay.error().message.contains(issued.token));
        QVERIFY(!grantActive(issued.grant.grantId));
    }

    void aSecondRotationOfTheSameTokenIsAReuse()
    {
        // Two requests raced with one token: the loser of the atomic spend is treated as a replay.
        const Issued issued = issueUnderNewGrant();
        RefreshTokenStore store(m_database, m_clock);
        QVERIFY(store.rotate(issued.token, issued.grant.expiresMs));
        QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("presented again")));
        const auto second = store.rotate(issued.token, issued.grant.expiresMs);
        QVERIFY(!second);
        QCOMPARE(second.error().kind, Kind::Reused);
        QVERIFY(!grantActive(issued.grant.grantId));
        QSqlQuery q(m_database->connection());
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM refresh_token")) && q.next());
        QCOMPARE(q.value(0).toInt(), 2); // the first and its one successor

        const auto unknown = store.rotate(QStringLiteral("never-issued"), issued.grant.expiresMs);
        QVERIFY(!unknown);
        QCOMPARE(unknown.error().kind, Kind::Unknown);
    }

    void findChangesNothing()
    {
        const Issued issued = issueUnderNewGrant();
        RefreshTokenStore store(m_database, m_clock);
        QVERIFY(store.rotate(issued.token, issued.grant.expiresMs));
        QVERIFY((*store.find(issued.token))->isSpent());
        QVERIFY(grantActive(issued.grant.grantId));
        QVERIFY(!*store.find(QStringLiteral("never-issued")));
    }

private:
    test::TokenFixture m_fixture;
    std::shared_ptr<storage::Database> &m_database = m_fixture.database;
    platform::MockClock &m_clock = m_fixture.clock;
};

QTEST_GUILESS_MAIN(TestRefreshTokenStore)
#include "TestRefreshTokenStore.moc"
