#include "http/TlsCredentials.h"

#include "auth/jose/OpenSslHandles.h"

#include <QFile>
#include <QSslSocket>
#include <openssl/pem.h>
#include <openssl/x509.h>

namespace paw::http {

namespace {

using X509Ptr = std::unique_ptr<X509, auth::OpenSslFree<X509, X509_free>>;

Expected<QByteArray, QString> readFile(const QString &path, const char *what)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("cannot read the %1 file %2: %3").arg(QLatin1String(what), path, file.errorString());
    return file.readAll();
}

// Never asks for a passphrase (OpenSSL's default would prompt on the terminal).
int noPassphrase(char *, int, int, void *)
{
    return 0;
}

} // namespace

TlsCredentials::TlsCredentials(QList<QSslCertificate> chain, QSslKey key)
    : m_chain(std::move(chain))
    , m_key(std::move(key))
{
}

Expected<TlsCredentials, QString> TlsCredentials::load(const QString &certificateFile, const QString &keyFile, const QDateTime &now)
{
    const auto certificatePem = readFile(certificateFile, "certificate");
    if (!certificatePem)
        return certificatePem.error();
    const QList<QSslCertificate> chain = QSslCertificate::fromData(*certificatePem, QSsl::Pem);
    if (chain.isEmpty() || chain.constFirst().isNull())
        return QStringLiteral("the certificate file %1 holds no PEM certificate").arg(certificateFile);
    if (chain.constFirst().expiryDate() < now)
        return QStringLiteral("the certificate in %1 expired on %2")
            .arg(certificateFile, chain.constFirst().expiryDate().toUTC().toString(Qt::ISODate));

    auto keyPem = readFile(keyFile, "key");
    if (!keyPem)
        return keyPem.error();
    auth::BioPtr keyBio(BIO_new_mem_buf(keyPem->constData(), int(keyPem->size())));
    auth::EvpPkeyPtr key(PEM_read_bio_PrivateKey(keyBio.get(), nullptr, &noPassphrase, nullptr));
    keyPem->fill('\0');
    if (!key)
        return QStringLiteral("the key file %1 holds no PEM private key (or an encrypted one, which PAW cannot use)").arg(keyFile);
    const int type = EVP_PKEY_get_base_id(key.get());
    if (type != EVP_PKEY_RSA && type != EVP_PKEY_EC)
        return QStringLiteral("the key in %1 is neither an RSA nor an EC key").arg(keyFile);

    const QByteArray der = chain.constFirst().toDer();
    const auto *derData = reinterpret_cast<const unsigned char *>(der.constData());
    const X509Ptr x509(d2i_X509(nullptr, &derData, long(der.size())));
    if (!x509 || X509_check_private_key(x509.get(), key.get()) != 1)
        return QStringLiteral("the key in %1 is not the key of the certificate in %2").arg(keyFile, certificateFile);

    // Handed to Qt as PKCS#8 PEM, whatever form the file used (PKCS#1, SEC 1 or PKCS#8).
    auth::BioPtr out(BIO_new(BIO_s_mem()));
    if (!PEM_write_bio_PrivateKey(out.get(), key.get(), nullptr, nullptr, 0, nullptr, nullptr))
        return QStringLiteral("the key in %1 could not be read").arg(keyFile);
    char *data = nullptr;
    const long size = BIO_get_mem_data(out.get(), &data);
    QByteArray pkcs8(data, qsizetype(size));
    QSslKey sslKey(pkcs8, type == EVP_PKEY_RSA ? QSsl::Rsa : QSsl::Ec, QSsl::Pem, QSsl::PrivateKey);
    pkcs8.fill('\0');
    if (sslKey.isNull())
        return QStringLiteral("the key in %1 could not be used for TLS").arg(keyFile);
    return TlsCredentials(chain, sslKey);
}

QSslConfiguration TlsCredentials::serverConfiguration() const
{
    QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
    configuration.setLocalCertificateChain(m_chain);
    configuration.setPrivateKey(m_key);
    configuration.setPeerVerifyMode(QSslSocket::VerifyNone); // no client certificates
    configuration.setProtocol(QSsl::TlsV1_2OrLater);
    return configuration;
}

QString TlsCredentials::sha256Fingerprint() const
{
    return QString::fromLatin1(certificate().digest(QCryptographicHash::Sha256).toHex(':').toUpper());
}

} // namespace paw::http
