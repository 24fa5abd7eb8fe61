#include "platform/SecureRandom.h"

#include <QSet>
#include <QTest>

#include <cctype>

using paw::platform::SecureRandom;

class TestSecureRandom : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void randomTokensAreUrlSafeAndDistinct()
    {
        QSet<QByteArray> seen;
        for (int i = 0; i < 100; ++i) {
            const QByteArray token = SecureRandom::token();
            QCOMPARE(token.size(), 43); // 32 bytes in base64url without padding
            for (const char c : token)
                QVERIFY2(std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '_', token.constData());
            seen.insert(token);
        }
        QCOMPARE(seen.size(), 100);
        QCOMPARE(SecureRandom::token(8).size(), 43); // never fewer than 32 bytes
        QCOMPARE(SecureRandom::bytes(64).size(), 64);
    }
};

QTEST_GUILESS_MAIN(TestSecureRandom)
#include "TestSecureRandom.moc"
