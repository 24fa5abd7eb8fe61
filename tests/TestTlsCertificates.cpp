// HTTPS identities: the generated sandbox certificate (SelfSignedCertificate, kept on disk by
// SandboxCertificate) and reading any certificate and key (TlsCredentials), with every way a
// pair of files can be wrong refused in one line.

#include "http/SelfSignedCertificate.h"
#include "http/TlsCredentials.h"
#include "sandbox/SandboxCertificate.h"

#include <QFile>
#include <QSslCertificate>
#include <QSslKey>
#include <QTemporaryDir>
#include <QTest>

using namespace paw;
using http::SelfSignedCertificate;
using http::TlsCredentials;
using sandbox::SandboxCertificate;

namespace {

const QDateTime kNow(QDate(2026, 7, 1), QTime(12, 0), Qt::UTC);

void writeFile(const QString &path, const QByteArray &content)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
    file.write(content);
}

} // namespace

class TestTlsCertificates : public QObject
{
    Q_OBJECT

private:
    QString path(const QString &name) const { return m_dir.filePath(name); }

    QTemporaryDir m_dir;
    SelfSignedCertificate::Pem m_pem;
    SelfSignedCertificate::Pem m_other;

private Q_SLOTS:
    void initTestCase()
    {
        auto pem = SelfSignedCertificate::generate(kNow);
        auto other = SelfSignedCertificate::generate(kNow);
        QVERIFY(pem && other);
        m_pem = *pem;
        m_other = *other;
        writeFile(path(QStringLiteral("cert.pem")), m_pem.certificate);
        writeFile(path(QStringLiteral("key.pem")), m_pem.privateKey);
    }

    void theSandboxCertificateIsForLocalhostForAYear()
    {
        const QList<QSslCertificate> certificates = QSslCertificate::fromData(m_pem.certificate, QSsl::Pem);
        QCOMPARE(certificates.size(), 1);
        const QSslCertificate &c = certificates.constFirst();
        QVERIFY(c.isSelfSigned());
        QCOMPARE(c.subjectInfo(QSslCertificate::CommonName), QStringList{QStringLiteral("localhost")});
        const auto names = c.subjectAlternativeNames();
        QVERIFY(names.values(QSsl::AlternativeNameEntryType::DnsEntry).contains(QStringLiteral("localhost")));
        QVERIFY(names.values(QSsl::AlternativeNameEntryType::IpAddressEntry).contains(QStringLiteral("127.0.0.1")));
        QVERIFY(c.effectiveDate() <= kNow);
        QCOMPARE(c.expiryDate().date(), kNow.addDays(365).date());
        QCOMPARE(c.publicKey().algorithm(), QSsl::Ec);
        QVERIFY(m_pem.privateKey.startsWith("-----BEGIN PRIVATE KEY-----"));
    }

    void twoCertificatesNeverShareASerialOrKey()
    {
        const QSslCertificate a = QSslCertificate::fromData(m_pem.certificate).constFirst();
        const QSslCertificate b = QSslCertificate::fromData(m_other.certificate).constFirst();
        QVERIFY(a.serialNumber() != b.serialNumber());
        QVERIFY(a.publicKey() != b.publicKey());
    }

    void aCertificateAndItsKeyLoad()
    {
        const auto credentials = TlsCredentials::load(path(QStringLiteral("cert.pem")), path(QStringLiteral("key.pem")), kNow);
        QVERIFY2(credentials, qPrintable(credentials ? QString() : credentials.error()));
        const QSslConfiguration configuration = credentials->serverConfiguration();
        QVERIFY(!configuration.privateKey().isNull());
        QCOMPARE(configuration.localCertificate(), credentials->certificate());
        // "AB:CD:..." : 32 bytes of SHA-256, as `openssl x509 -fingerprint -sha256` shows them.
        QString fingerprint = credentials->sha256Fingerprint();
        QCOMPARE(fingerprint.size(), 32 * 3 - 1);
        QCOMPARE(fingerprint.remove(u':'),
                 QString::fromLatin1(credentials->certificate().digest(QCryptographicHash::Sha256).toHex().toUpper()));
    }

    void badFilesAreRefusedInOneLine_data()
    {
        QTest::addColumn<QString>("certificate");
        QTest::addColumn<QString>("key");
        QTest::addColumn<QString>("reason");
        writeFile(path(QStringLiteral("garbage.pem")), "not a PEM file\n");
        writeFile(path(QStringLiteral("other-key.pem")), m_other.privateKey);
        writeFile(path(QStringLiteral("encrypted-key.pem")),
                  QSslKey(m_pem.privateKey, QSsl::Ec, QSsl::Pem, QSsl::PrivateKey).toPem("passphrase"));
        const auto expired = SelfSignedCertificate::generate(kNow.addDays(-400));
        QVERIFY(expired);
        writeFile(path(QStringLiteral("expired-cert.pem")), expired->certificate);
        writeFile(path(QStringLiteral("expired-key.pem")), expired->privateKey);
        const QString cert = QStringLiteral("cert.pem");
        const QString key = QStringLiteral("key.pem");
        QTest::addRow("a certificate file that does not exist") << QStringLiteral("missing.pem") << key << QStringLiteral("cannot read");
        QTest::addRow("a key file that does not exist") << cert << QStringLiteral("missing.pem") << QStringLiteral("cannot read");
        QTest::addRow("a certificate file that is not PEM") << QStringLiteral("garbage.pem") << key << QStringLiteral("no PEM certificate");
        QTest::addRow("a key file that is not PEM") << cert << QStringLiteral("garbage.pem") << QStringLiteral("no PEM private key");
        QTest::addRow("a key file holding the certificate") << cert << cert << QStringLiteral("no PEM private key");
        QTest::addRow("the key of another certificate") << cert << QStringLiteral("other-key.pem") << QStringLiteral("is not the key");
        QTest::addRow("an encrypted key") << cert << QStringLiteral("encrypted-key.pem") << QStringLiteral("encrypted");
        QTest::addRow("an expired certificate") << QStringLiteral("expired-cert.pem") << QStringLiteral("expired-key.pem")
                                                << QStringLiteral("expired on");
    }
    void badFilesAreRefusedInOneLine()
    {
        QFETCH(QString, certificate);
        QFETCH(QString, key);
        QFETCH(QString, reason);
        const auto credentials = TlsCredentials::load(path(certificate), path(key), kNow);
        QVERIFY(!credentials);
        QVERIFY2(credentials.error().contains(reason), qPrintable(credentials.error()));
        QVERIFY(!credentials.error().contains(u'\n'));
    }

    void theSandboxCertificateIsMadeOnceWithAnOwnerOnlyKey()
    {
        QTemporaryDir data;
        const auto made = SandboxCertificate::ensure(data.path(), kNow);
        QVERIFY2(made, qPrintable(made ? QString() : made.error()));
        QVERIFY(made->created);
        QCOMPARE(QFile::permissions(made->key) & ~(QFileDevice::ReadUser | QFileDevice::WriteUser), // Qt's "user" mirrors owner
                 QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        QVERIFY(QFile::permissions(made->certificate) & QFileDevice::ReadOther); // the public half
        const auto first = TlsCredentials::load(made->certificate, made->key, kNow);
        QVERIFY(first);

        const auto again = SandboxCertificate::ensure(data.path(), kNow.addDays(100));
        QVERIFY(again);
        QVERIFY(!again->created);
        QCOMPARE(TlsCredentials::load(again->certificate, again->key, kNow)->sha256Fingerprint(), first->sha256Fingerprint());
    }

    void anExpiringSandboxCertificateIsMadeAnew()
    {
        QTemporaryDir data;
        const auto made = SandboxCertificate::ensure(data.path(), kNow);
        QVERIFY(made);
        const QString before = TlsCredentials::load(made->certificate, made->key, kNow)->sha256Fingerprint();
        const QDateTime later = kNow.addDays(365);
        const auto renewed = SandboxCertificate::ensure(data.path(), later);
        QVERIFY(renewed && renewed->created);
        const auto loaded = TlsCredentials::load(renewed->certificate, renewed->key, later);
        QVERIFY(loaded);
        QVERIFY(loaded->sha256Fingerprint() != before);
    }

    void aSandboxKeyOthersMayReadIsRefused()
    {
        QTemporaryDir data;
        const auto made = SandboxCertificate::ensure(data.path(), kNow);
        QVERIFY(made);
        QVERIFY(QFile::setPermissions(made->key, QFile::permissions(made->key) | QFileDevice::ReadOther));
        const auto refused = SandboxCertificate::ensure(data.path(), kNow);
        QVERIFY(!refused);
        QVERIFY2(refused.error().contains(QStringLiteral("chmod 600")), qPrintable(refused.error()));
    }
};

QTEST_GUILESS_MAIN(TestTlsCertificates)
#include "TestTlsCertificates.moc"
