#include "auth/Pkce.h"

#include <QTest>

using paw::auth::Pkce;

namespace {

// RFC 7636, Appendix B.
const QString kVerifier = QStringLiteral("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
const QString kChallenge = QStringLiteral("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");

} // namespace

class TestPkce : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void theRfcExampleVerifies()
    {
        QCOMPARE(Pkce::challengeFor(kVerifier), kChallenge);
        QVERIFY(Pkce::verify(kVerifier, kChallenge));
        QCOMPARE(Pkce::checkChallenge(kChallenge, QStringLiteral("S256")), QString());
    }

    void challengesOtherThanS256AreRefused_data()
    {
        QTest::addColumn<QString>("challenge");
        QTest::addColumn<QString>("method");
        QTest::newRow("missing") << QString() << QStringLiteral("S256");
        QTest::newRow("blank") << QStringLiteral("") << QString();
        QTest::newRow("plain") << kChallenge << QStringLiteral("plain");
        QTest::newRow("no method means plain") << kChallenge << QString();
        QTest::newRow("lower-case method") << kChallenge << QStringLiteral("s256");
        QTest::newRow("too short") << kChallenge.left(42) << QStringLiteral("S256");
        QTest::newRow("not base64url") << QString(kChallenge).replace(0, 1, u'+') << QStringLiteral("S256");
    }
    void challengesOtherThanS256AreRefused()
    {
        QFETCH(QString, challenge);
        QFETCH(QString, method);
        QVERIFY(!Pkce::checkChallenge(challenge, method).isEmpty());
    }

    void wrongVerifiersAreRefused_data()
    {
        QTest::addColumn<QString>("verifier");
        QTest::newRow("missing") << QString();
        QTest::newRow("wrong") << QString(kVerifier).replace(0, 1, u'e');
        QTest::newRow("the challenge itself") << kChallenge;
        QTest::newRow("42 characters") << kVerifier.left(42);
        QTest::newRow("129 characters") << QString(129, u'a');
        QTest::newRow("a character outside the unreserved set") << QString(kVerifier).replace(5, 1, u'+');
    }
    void wrongVerifiersAreRefused()
    {
        QFETCH(QString, verifier);
        QVERIFY(!Pkce::verify(verifier, kChallenge));
    }

    void verifiersOf43And128CharactersWork()
    {
        for (const QString &verifier : {QString(43, u'~'), QString(128, u'.')})
            QVERIFY(Pkce::verify(verifier, Pkce::challengeFor(verifier)));
    }
};

QTEST_GUILESS_MAIN(TestPkce)
#include "TestPkce.moc"
