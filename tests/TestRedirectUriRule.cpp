#include "auth/RedirectUriRule.h"

#include <QTest>

using paw::auth::RedirectUriRule;

class TestRedirectUriRule : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void acceptsHttpsAndLoopbackHttp_data()
    {
        QTest::addColumn<QString>("uri");
        QTest::newRow("https") << QStringLiteral("https://app.example.com/callback");
        QTest::newRow("https with port and query") << QStringLiteral("https://app.example.com:8443/cb?x=1");
        QTest::newRow("IPv4 loopback") << QStringLiteral("http://127.0.0.1:53682/callback");
        QTest::newRow("IPv6 loopback") << QStringLiteral("http://[::1]:53682/callback");
    }
    void acceptsHttpsAndLoopbackHttp()
    {
        QFETCH(QString, uri);
        QCOMPARE(RedirectUriRule::check(uri), QString());
    }

    void refusesTheRest_data()
    {
        QTest::addColumn<QString>("uri");
        QTest::addColumn<QString>("reason");
        QTest::newRow("http to a host") << QStringLiteral("http://app.example.com/cb") << QStringLiteral("loopback");
        QTest::newRow("http to localhost by name") << QStringLiteral("http://localhost:8080/cb") << QStringLiteral("loopback");
        QTest::newRow("fragment") << QStringLiteral("https://app.example.com/cb#x") << QStringLiteral("fragment");
        QTest::newRow("empty fragment") << QStringLiteral("https://app.example.com/cb#") << QStringLiteral("fragment");
        QTest::newRow("relative") << QStringLiteral("/callback") << QStringLiteral("absolute");
        QTest::newRow("empty") << QString() << QStringLiteral("absolute");
        QTest::newRow("custom scheme") << QStringLiteral("myapp://callback") << QStringLiteral("scheme");
        QTest::newRow("javascript") << QStringLiteral("javascript:alert(1)") << QStringLiteral("absolute");
        QTest::newRow("user info") << QStringLiteral("https://user:pw@app.example.com/cb") << QStringLiteral("user name");
        QTest::newRow("leading space") << QStringLiteral(" https://app.example.com/cb") << QStringLiteral("absolute");
    }
    void refusesTheRest()
    {
        QFETCH(QString, uri);
        QFETCH(QString, reason);
        const QString problem = RedirectUriRule::check(uri);
        QVERIFY2(problem.contains(reason), qPrintable(uri + QStringLiteral(" -> ") + problem));
    }
};

QTEST_GUILESS_MAIN(TestRedirectUriRule)
#include "TestRedirectUriRule.moc"
