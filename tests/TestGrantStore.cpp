#include "support/Tamper.h"
#include "auth/GrantStore.h"
#include "storage/DatabaseConfig.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace paw;
using auth::AuthorizationCode;
using auth::Grant;
using auth::GrantStore;

namespace {

constexpr qint64 kCodeLifetimeMs = 60 * 1000;
constexpr qint64 kGrantLifetimeMs = 90LL * 24 * 3600 * 1000;
// The user signed in five minutes before the MockClock's start.
const qint64 kSignedInMs = QDateTime(QDate(2025, 12, 31), QTime(23, 55), Qt::UTC).toMSecsSinceEpoch();

} // namespace

class TestGrantStore : public QObject
{
    Q_OBJECT

    AuthorizationCode pending() const
    {
        AuthorizationCode c;
        c.clientId = QStringLiteral("app-1");
        c.redirectUri = QStringLiteral("https://app.example/cb");
        c.codeChallenge = QStringLiteral("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");
        c.nonce = QStringLiteral("n-0S6_WzA2Mj");
        c.username = QStringLiteral("parent-0");
        c.patientId = QStringLiteral("m000003");
        c.scope = QStringLiteral("openid fhirUser launch/patient patient/*.rs");
        c.authTimeMs = kSignedInMs;
        c.expiresMs = m_clock.nowMs() + kCodeLifetimeMs;
        return c;
    }

    Grant grantFor(const AuthorizationCode &code) const
    {
        Grant g;
        g.clientId = code.clientId;
        g.username = code.username;
        g.patientId = code.patientId;
        g.scope = code.scope;
        g.authTimeMs = code.authTimeMs;
        return g;
    }

    // As the token endpoint does it: the code redeemed naming a new grant id, then that grant recorded.
    Expected<Grant, QString> grantFromCode(GrantStore &store, const QString &code) const
    {
        const QString grantId = GrantStore::newGrantId();
        const auto redeemed = store.redeem(code, grantId);
        if (!redeemed)
            return redeemed.error().message;
        Grant draft = grantFor(*redeemed);
        draft.grantId = grantId;
        return store.createGrant(draft, kGrantLifetimeMs);
    }

private Q_SLOTS:
    void init()
    {
        storage::DatabaseConfig config;
        config.path = m_dir.filePath(QStringLiteral("grants-%1.sqlite").arg(++m_counter));
        auto database = storage::Database::open(config);
        QVERIFY2(database, qPrintable(database ? QString() : database.error()));
        m_database = *database;
    }
    void cleanup() { m_database.reset(); }

    void aCodeIsRedeemedOnceWithEverythingItWasBoundTo()
    {
        GrantStore store(m_database, m_clock);
        const auto issued = store.issueCode(pending());
        QVERIFY2(issued, qPrintable(issued ? QString() : issued.error()));
        QCOMPARE(issued->code.size(), 43);
        QVERIFY(!issued->code.contains(u'+') && !issued->code.contains(u'/') && !issued->code.contains(u'='));
        // Only the hash is stored.
        QSqlQuery q(m_database->connection());
        QVERIFY(q.exec(QStringLiteral("SELECT code_hash FROM auth_code")) && q.next());
        QVERIFY(!q.value(0).toString().contains(issued->code));
        q.finish();

        m_clock.advanceMs(kCodeLifetimeMs - 1);
        const auto redeemed = store.redeem(issued->code, GrantStore::newGrantId());
        QVERIFY2(redeemed, qPrintable(redeemed ? QString() : redeemed.error().message));
        QCOMPARE(redeemed->clientId, pending().clientId);
        QCOMPARE(redeemed->redirectUri, pending().redirectUri);
        QCOMPARE(redeemed->codeChallenge, pending().codeChallenge);
        QCOMPARE(redeemed->nonce, pending().nonce);
        QCOMPARE(redeemed->patientId, pending().patientId);
        QCOMPARE(redeemed->scope, pending().scope);
        QCOMPARE(redeemed->authTimeMs, pending().authTimeMs);
    }

    // OpenID Connect auth_time: the sign-in's time goes from the code to the grant, unchanged.
    void theSignInTimeGoesFromTheCodeToItsGrant()
    {
        GrantStore store(m_database, m_clock);
        const AuthorizationCode code = pending();
        const auto issued = store.issueCode(code);
        QVERIFY(issued);
        m_clock.advanceSecond(30);
        const auto grant = grantFromCode(store, issued->code);
        QVERIFY2(grant, qPrintable(grant ? QString() : grant.error()));
        QCOMPARE(grant->authTimeMs, code.authTimeMs);
        m_clock.advanceSecond(3600);
        QCOMPARE((*store.find(grant->grantId))->authTimeMs, code.authTimeMs);
        QCOMPARE(store.activeGrants()->constFirst().authTimeMs, code.authTimeMs);
    }

    // Schema step 9 on a store written before it: codes and grants get 0, "unknown".
    void aStoreFromBeforeTheSignInTimeReadsItAsUnknown()
    {
        GrantStore store(m_database, m_clock);
        const auto grant = store.createGrant(grantFor(pending()), kGrantLifetimeMs);
        const auto issued = store.issueCode(pending());
        QVERIFY(grant && issued);
        {
            // The store as PAW left it before step 9 (SQLite 3.35+ drops columns).
            QSqlQuery q(m_database->connection());
            QVERIFY(q.exec(QStringLiteral("ALTER TABLE auth_grant DROP COLUMN auth_time")));
            QVERIFY(q.exec(QStringLiteral("ALTER TABLE auth_code DROP COLUMN auth_time")));
            QVERIFY(q.exec(QStringLiteral("UPDATE schema_version SET version = 8")));
        }
        const storage::DatabaseConfig config = m_database->config();
        m_database.reset();
        auto reopened = storage::Database::open(config);
        QVERIFY2(reopened, qPrintable(reopened ? QString() : reopened.error()));
        m_database = *reopened;
        GrantStore after(m_database, m_clock);
        QCOMPARE((*after.find(grant->grantId))->authTimeMs, qint64(0));
        const auto redeemed = after.redeem(issued->code, GrantStore::newGrantId());
        QVERIFY(redeemed);
        QCOMPARE(redeemed->authTimeMs, qint64(0));
    }

    void aCodeReusedRevokesTheGrantMadeFromIt()
    {
        GrantStore store(m_database, m_clock);
        const auto issued = store.issueCode(pending());
        QVERIFY(issued);
        const QString grantId = GrantStore::newGrantId();
        const auto redeemed = store.redeem(issued->code, grantId);
        QVERIFY(redeemed);
        Grant draft = grantFor(*redeemed);
        draft.grantId = grantId;
        const auto grant = store.createGrant(draft, kGrantLifetimeMs);
        QVERIFY2(grant, qPrintable(grant ? QString() : grant.error()));
        QCOMPARE(grant->grantId, grantId);
        QVERIFY((*store.find(grant->grantId))->isActive(m_clock.nowMs()));

        const auto again = store.redeem(issued->code, GrantStore::newGrantId());
        QVERIFY(!again);
        QCOMPARE(again.error().kind, GrantStore::RedeemError::Kind::Reused);
        QVERIFY(!again.error().message.contains(issued->code));
        const Grant after = **store.find(grant->grantId);
        QVERIFY(!after.isActive(m_clock.nowMs()));
        QCOMPARE(after.revokedMs, m_clock.nowMs());
    }

    void anExpiredOrUnknownCodeIsRefused()
    {
        GrantStore store(m_database, m_clock);
        const auto issued = store.issueCode(pending());
        QVERIFY(issued);
        m_clock.advanceMs(kCodeLifetimeMs);
        const auto expired = store.redeem(issued->code, GrantStore::newGrantId());
        QVERIFY(!expired);
        QCOMPARE(expired.error().kind, GrantStore::RedeemError::Kind::Expired);
        const auto unknown = store.redeem(QStringLiteral("not-a-code"), GrantStore::newGrantId());
        QVERIFY(!unknown);
        QCOMPARE(unknown.error().kind, GrantStore::RedeemError::Kind::Unknown);
        // A code made up to look like another's is unknown too.
        const auto near = store.redeem(test::withLastCharacterChanged(issued->code), GrantStore::newGrantId());
        QVERIFY(!near);
    }

    void grantsExpireAndAreRevoked()
    {
        GrantStore store(m_database, m_clock);
        const auto a = store.createGrant(grantFor(pending()), 1000);
        Grant other = grantFor(pending());
        other.patientId = QStringLiteral("m000004");
        const auto b = store.createGrant(other, kGrantLifetimeMs);
        QVERIFY(a && b);
        QCOMPARE(store.activeGrants()->size(), 2);
        QCOMPARE(store.activeGrants(QStringLiteral("m000004"))->size(), 1);
        m_clock.advanceMs(1000);
        QCOMPARE(store.activeGrants()->size(), 1); // a expired
        QCOMPARE(store.revoke(b->grantId), QString());
        QCOMPARE(store.activeGrants()->size(), 0);
        QVERIFY(!(*store.find(b->grantId))->isActive(m_clock.nowMs()));
        QVERIFY(!*store.find(QStringLiteral("nope")));
    }

    void aGrantsLastUseIsWrittenAtMostOnceAMinute()
    {
        GrantStore store(m_database, m_clock);
        const auto grant = store.createGrant(grantFor(pending()), kGrantLifetimeMs);
        QVERIFY(grant);
        const qint64 created = grant->createdMs;
        QCOMPARE(store.markUsed(grant->grantId, created + GrantStore::kLastUsedResolutionMs - 1), QString());
        QCOMPARE(store.find(grant->grantId).value()->lastUsedMs, created);
        QCOMPARE(store.markUsed(grant->grantId, created + GrantStore::kLastUsedResolutionMs), QString());
        QCOMPARE(store.find(grant->grantId).value()->lastUsedMs, created + GrantStore::kLastUsedResolutionMs);
    }

    void aCodeReusedBeforeItsGrantIsRecordedLeavesNoGrantActive()
    {
        // The race: a leaked code redeemed a second time while the first redemption is still
        // on its way to createGrant. The grant must never become active.
        GrantStore store(m_database, m_clock);
        const auto issued = store.issueCode(pending());
        QVERIFY(issued);
        const QString grantId = GrantStore::newGrantId();
        const auto first = store.redeem(issued->code, grantId);
        QVERIFY(first);
        const auto second = store.redeem(issued->code, GrantStore::newGrantId());
        QVERIFY(!second);
        QCOMPARE(second.error().kind, GrantStore::RedeemError::Kind::Reused);
        Grant draft = grantFor(*first);
        draft.grantId = grantId;
        const auto grant = store.createGrant(draft, kGrantLifetimeMs);
        QVERIFY(!grant);
        QVERIFY(grant.error().contains(QStringLiteral("used twice")));
        QCOMPARE(store.activeGrants()->size(), 0);
        QVERIFY(!(*store.find(grantId))->isActive(m_clock.nowMs()));
    }

    void aCodeWhoseFirstRedemptionFailedIsStillSpent()
    {
        // The first redemption's checks (client, redirect_uri, PKCE) failed: no grant was
        // recorded, and the code is spent all the same.
        GrantStore store(m_database, m_clock);
        const auto issued = store.issueCode(pending());
        QVERIFY(issued);
        QVERIFY(store.redeem(issued->code, GrantStore::newGrantId()));
        const auto again = store.redeem(issued->code, GrantStore::newGrantId());
        QVERIFY(!again);
        QCOMPARE(again.error().kind, GrantStore::RedeemError::Kind::Reused);
        QCOMPARE(store.activeGrants()->size(), 0);
    }

private:
    QTemporaryDir m_dir;
    int m_counter = 0;
    std::shared_ptr<storage::Database> m_database;
    platform::MockClock m_clock;
};

QTEST_GUILESS_MAIN(TestGrantStore)
#include "TestGrantStore.moc"
