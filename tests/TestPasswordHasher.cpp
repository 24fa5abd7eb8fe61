#include "auth/PasswordHasher.h"

#include <QTest>

using paw::auth::PasswordHasher;

class TestPasswordHasher : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aHashVerifiesItsPasswordOnly()
    {
        const auto hash = PasswordHasher::hash(QStringLiteral("correct horse ✓"));
        QVERIFY(!hash.isEmpty());
        QVERIFY2(hash.startsWith(QStringLiteral("$argon2id$v=19$m=65536,t=3,p=4$")), qPrintable(hash));
        QVERIFY(!hash.contains(QStringLiteral("correct")));
        QVERIFY(PasswordHasher::verify(QStringLiteral("correct horse ✓"), hash));
        QVERIFY(!PasswordHasher::verify(QStringLiteral("correct horse"), hash));
        QVERIFY(!PasswordHasher::verify(QString(), hash));
    }

    void theSamePasswordHashesDifferently()
    {
        const auto a = PasswordHasher::hash(QStringLiteral("pw"));
        const auto b = PasswordHasher::hash(QStringLiteral("pw"));
        QVERIFY(!a.isEmpty() && !b.isEmpty());
        QVERIFY(a != b); // a fresh salt each time
        QVERIFY(PasswordHasher::verify(QStringLiteral("pw"), a) && PasswordHasher::verify(QStringLiteral("pw"), b));
    }

    void malformedHashesNeverMatch_data()
    {
        QTest::addColumn<QString>("encoded");
        QTest::newRow("empty") << QString();
        QTest::newRow("the password itself") << QStringLiteral("pw");
        QTest::newRow("another scheme") << QStringLiteral("sandbox");
        QTest::newRow("argon2i") << QStringLiteral("$argon2i$v=19$m=65536,t=3,p=4$c2FsdHNhbHQ$aGFzaA");
        QTest::newRow("truncated") << QStringLiteral("$argon2id$v=19$m=65536,t=3,p=4$");
    }
    void malformedHashesNeverMatch()
    {
        QFETCH(QString, encoded);
        QVERIFY(!PasswordHasher::verify(QStringLiteral("pw"), encoded));
    }
};

QTEST_GUILESS_MAIN(TestPasswordHasher)
#include "TestPasswordHasher.moc"
