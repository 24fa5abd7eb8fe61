// What the authorization endpoint keeps between a browser's requests: pending requests and
// browser sessions expire, stay bounded under a flood, and hand out unguessable ids.

#include "auth/BrowserSessions.h"
#include "auth/PendingAuthorizations.h"

#include <QSet>
#include <QTest>

using namespace paw;

class TestAuthorizeState : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aPendingRequestGetsRandomIdsAndLastsTenMinutes()
    {
        platform::MockClock clock;
        auth::PendingAuthorizations store(clock);
        const auth::PendingAuthorization a = store.add({});
        const auth::PendingAuthorization b = store.add({});
        QVERIFY(a.id.size() >= 43);
        QVERIFY(a.csrf.size() >= 43);
        QVERIFY(a.id != b.id && a.csrf != b.csrf && a.id != a.csrf);
        clock.advanceMs(auth::PendingAuthorizations::kLifetimeMs - 1);
        QVERIFY(store.find(a.id).has_value());
        clock.advanceMs(1);
        QVERIFY(!store.find(a.id).has_value());
        QVERIFY(!store.update(auth::PendingAuthorization{}));
    }

    void aFloodOfRequestsEvictsTheOldestInsteadOfGrowing()
    {
        platform::MockClock clock;
        auth::PendingAuthorizations store(clock);
        const QString first = store.add({}).id;
        clock.advanceMs(1);
        QString last;
        for (int i = 0; i < auth::PendingAuthorizations::kMaxPending; ++i)
            last = store.add({}).id;
        QVERIFY(!store.find(first).has_value());
        QVERIFY(store.find(last).has_value());
    }

    void aBrowserSessionEndsAfterThirtyIdleMinutes()
    {
        platform::MockClock clock;
        auth::BrowserSessions sessions(clock);
        auto session = sessions.create();
        session.username = QStringLiteral("alice");
        sessions.update(session);
        clock.advanceMs(auth::BrowserSessions::kIdleLimitMs);
        const auto found = sessions.find(session.id);
        QVERIFY(found.has_value());
        QCOMPARE(found->username, QStringLiteral("alice"));
        clock.advanceMs(auth::BrowserSessions::kIdleLimitMs + 1);
        QVERIFY(!sessions.find(session.id).has_value());
        QVERIFY(!sessions.find(QString()).has_value());
    }

    void sessionIdsAreDistinct()
    {
        platform::MockClock clock;
        auth::BrowserSessions sessions(clock);
        QSet<QString> ids;
        for (int i = 0; i < 1000; ++i)
            ids.insert(sessions.create().id);
        QCOMPARE(ids.size(), 1000);
    }
};

QTEST_GUILESS_MAIN(TestAuthorizeState)
#include "TestAuthorizeState.moc"
