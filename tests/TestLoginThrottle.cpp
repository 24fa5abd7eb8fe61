#include "auth/LoginThrottle.h"

#include <QTest>

using paw::auth::LoginThrottle;
using paw::platform::MockClock;

class TestLoginThrottle : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void theDelayGrowsAfterTheFreeFailures()
    {
        MockClock clock;
        LoginThrottle throttle(clock);
        const QString key = QStringLiteral("parent-0");
        for (int i = 0; i < LoginThrottle::kFreeFailures - 1; ++i) {
            throttle.recordFailure(key);
            QCOMPARE(throttle.retryAfterMs(key), 0);
        }
        throttle.recordFailure(key); // the third failure: wait 1 s
        QCOMPARE(throttle.retryAfterMs(key), 1000);
        clock.advanceMs(400);
        QCOMPARE(throttle.retryAfterMs(key), 600);
        clock.advanceMs(600);
        QCOMPARE(throttle.retryAfterMs(key), 0);
        throttle.recordFailure(key);
        QCOMPARE(throttle.retryAfterMs(key), 2000);
        clock.advanceMs(2000);
        throttle.recordFailure(key);
        QCOMPARE(throttle.retryAfterMs(key), 4000);
        QCOMPARE(throttle.retryAfterMs(QStringLiteral("someone-else")), 0);
    }

    void theDelayHasACeilingAndASuccessClearsIt()
    {
        MockClock clock;
        LoginThrottle throttle(clock);
        const QString key = QStringLiteral("10.0.0.7");
        for (int i = 0; i < 100; ++i)
            throttle.recordFailure(key);
        QCOMPARE(throttle.retryAfterMs(key), LoginThrottle::kMaxDelayMs);
        throttle.recordSuccess(key);
        QCOMPARE(throttle.retryAfterMs(key), 0);
        throttle.recordFailure(key);
        QCOMPARE(throttle.retryAfterMs(key), 0); // counting starts over
    }

    void manyKeysStayBounded()
    {
        MockClock clock;
        LoginThrottle throttle(clock);
        for (int i = 0; i < 3; ++i)
            throttle.recordFailure(QStringLiteral("target"));
        clock.advanceMs(1);
        for (int i = 0; i < LoginThrottle::kMaxKeys; ++i)
            throttle.recordFailure(QStringLiteral("made-up-%1").arg(i));
        // The oldest entry made room for the newest; the newest is still counted.
        QCOMPARE(throttle.retryAfterMs(QStringLiteral("target")), 0);
        for (int i = 0; i < 2; ++i)
            throttle.recordFailure(QStringLiteral("made-up-%1").arg(LoginThrottle::kMaxKeys - 1));
        QVERIFY(throttle.retryAfterMs(QStringLiteral("made-up-%1").arg(LoginThrottle::kMaxKeys - 1)) > 0);
    }
};

QTEST_GUILESS_MAIN(TestLoginThrottle)
#include "TestLoginThrottle.moc"
