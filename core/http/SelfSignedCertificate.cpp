#include "http/SelfSignedCertificate.h"

#include "auth/jose/OpenSslHandles.h"
#include "platform/SecureRandom.h"

#include <functional>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

namespace paw::http {

namespace {

using X509Ptr = std::unique_ptr<X509, auth::OpenSslFree<X509, X509_free>>;
using X509ExtensionPtr = std::unique_ptr<X509_EXTENSION, auth::OpenSslFree<X509_EXTENSION, X509_EXTENSION_free>>;

bool addExtension(X509 *certificate, int nid, const char *value)
{
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, certificate, certificate, nullptr, nullptr, 0); // issuer = subject
    const X509ExtensionPtr extension(X509V3_EXT_conf_nid(nullptr, &context, nid, value));
    return extension && X509_add_ext(certificate, extension.get(), -1) == 1;
}

bool setName(X509 *certificate)
{
    X509_NAME *name = X509_get_subject_name(certificate);
    const auto add = [name](const char *field, const char *value) {
        return X509_NAME_add_entry_by_txt(name, field, MBSTRING_ASC, reinterpret_cast<const unsigned char *>(value), -1, -1, 0) == 1;
    };
    return add("O", "Patient Access Workbench sandbox") && add("CN", "localhost") && X509_set_issuer_name(certificate, name) == 1;
}

bool setSerial(X509 *certificate)
{
    // RFC 5280 4.1.2.2: a positive integer of at most 20 octets; random, so no two repeat.
    QByteArray bytes = platform::SecureRandom::bytes(16);
    if (bytes.size() != 16)
        return false;
    bytes[0] = char(bytes.at(0) & 0x7f);
    const auth::BignumPtr serial(BN_bin2bn(reinterpret_cast<const unsigned char *>(bytes.constData()), int(bytes.size()), nullptr));
    return serial && BN_to_ASN1_INTEGER(serial.get(), X509_get_serialNumber(certificate)) != nullptr;
}

QByteArray pemOf(const std::function<int(BIO *)> &write)
{
    const auth::BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || write(bio.get()) != 1)
        return {};
    char *data = nullptr;
    const long size = BIO_get_mem_data(bio.get(), &data);
    return QByteArray(data, qsizetype(size));
}

} // namespace

Expected<SelfSignedCertificate::Pem, QString> SelfSignedCertificate::generate(const QDateTime &now, int days)
{
    const auth::EvpPkeyPtr key(EVP_EC_gen("P-256"));
    const X509Ptr certificate(X509_new());
    if (!key || !certificate)
        return QStringLiteral("OpenSSL could not make a key");
    const time_t start = time_t(now.toSecsSinceEpoch()) - 60; // a client's clock a little behind still accepts it
    const bool made = X509_set_version(certificate.get(), 2) == 1 // v3
                      && setSerial(certificate.get())
                      && ASN1_TIME_set(X509_getm_notBefore(certificate.get()), start) != nullptr
                      && ASN1_TIME_set(X509_getm_notAfter(certificate.get()), start + 60 + time_t(days) * 86400) != nullptr
                      && setName(certificate.get())
                      && X509_set_pubkey(certificate.get(), key.get()) == 1
                      // No keyUsage: without keyCertSign OpenSSL would not see it as self-signed,
                      // and with it a CA:FALSE certificate contradicts itself (RFC 5280 4.2.1.3).
                      && addExtension(certificate.get(), NID_basic_constraints, "critical,CA:FALSE")
                      && addExtension(certificate.get(), NID_ext_key_usage, "serverAuth")
                      && addExtension(certificate.get(), NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1,IP:::1")
                      && addExtension(certificate.get(), NID_subject_key_identifier, "hash")
                      && addExtension(certificate.get(), NID_authority_key_identifier, "keyid:always")
                      && X509_sign(certificate.get(), key.get(), EVP_sha256()) > 0;
    if (!made)
        return QStringLiteral("OpenSSL could not make the certificate");
    Pem pem;
    pem.certificate = pemOf([&certificate](BIO *bio) { return PEM_write_bio_X509(bio, certificate.get()); });
    pem.privateKey = pemOf([&key](BIO *bio) {
        return PEM_write_bio_PrivateKey(bio, key.get(), nullptr, nullptr, 0, nullptr, nullptr);
    });
    if (pem.certificate.isEmpty() || pem.privateKey.isEmpty())
        return QStringLiteral("OpenSSL could not write the certificate");
    return pem;
}

} // namespace paw::http
