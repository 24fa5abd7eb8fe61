#include "auth/jose/SigningKey.h"

#include "auth/jose/EcdsaSignature.h"
#include "auth/jose/OpenSslHandles.h"

#include <openssl/err.h>
#include <openssl/pem.h>

namespace paw::auth {

namespace {

constexpr int kRsaBits = 2048;

// A PEM with a passphrase is refused rather than answered by a prompt on the terminal.
int noPassphrase(char *, int, int, void *)
{
    return -1;
}

} // namespace

SigningKey::SigningKey(std::shared_ptr<EVP_PKEY> key, JwsAlgorithm algorithm, PublicKey publicKey)
    : m_key(std::move(key)), m_algorithm(algorithm), m_public(std::move(publicKey)), m_kid(m_public.thumbprint())
{
}

Expected<SigningKey, QString> SigningKey::fromKeyPair(std::shared_ptr<EVP_PKEY> key, JwsAlgorithm algorithm)
{
    auto publicKey = PublicKey::fromKeyPair(key.get());
    if (!publicKey)
        return publicKey.error();
    if (!publicKey->fits(algorithm))
        return QStringLiteral("the key does not fit %1 (%2)")
            .arg(jwsAlgorithmName(algorithm), jwsUsesRsa(algorithm) ? QStringLiteral("an RSA key is needed")
                                                                     : QStringLiteral("a P-384 EC key is needed"));
    SigningKey result(std::move(key), algorithm, std::move(publicKey.value()));
    if (result.m_kid.isEmpty())
        return QStringLiteral("the key's thumbprint could not be computed");
    return result;
}

Expected<SigningKey, QString> SigningKey::generate(JwsAlgorithm algorithm)
{
    EvpPkeyPtr key(jwsUsesRsa(algorithm) ? EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t(kRsaBits))
                                         : EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-384"));
    if (!key) {
        ERR_clear_error();
        return QStringLiteral("a %1 key could not be generated").arg(jwsAlgorithmName(algorithm));
    }
    return fromKeyPair(sharedKey(std::move(key)), algorithm);
}

Expected<SigningKey, QString> SigningKey::fromPem(QByteArrayView pem, JwsAlgorithm algorithm)
{
    const BioPtr bio(BIO_new_mem_buf(pem.data(), int(pem.size())));
    EvpPkeyPtr key(bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, noPassphrase, nullptr) : nullptr);
    ERR_clear_error();
    if (!key)
        return QStringLiteral("not an unencrypted PEM private key");
    return fromKeyPair(sharedKey(std::move(key)), algorithm);
}

QJsonObject SigningKey::publicJwk() const
{
    return m_public.publishedJwk(m_kid, m_algorithm);
}

QByteArray SigningKey::toPem() const
{
    // Secure heap BIO: the PEM text does not linger in freed ordinary memory.
    const BioPtr bio(BIO_new(BIO_s_secmem()));
    // PEM_write_bio_PrivateKey writes PKCS#8 ("BEGIN PRIVATE KEY") in OpenSSL 3.
    if (!bio || !PEM_write_bio_PrivateKey(bio.get(), m_key.get(), nullptr, nullptr, 0, nullptr, nullptr)) {
        ERR_clear_error();
        return {};
    }
    char *data = nullptr;
    const long length = BIO_get_mem_data(bio.get(), &data);
    return QByteArray(data, qsizetype(length));
}

Expected<QByteArray, QString> SigningKey::sign(QByteArrayView signingInput) const
{
    const EvpMdCtxPtr ctx(EVP_MD_CTX_new());
    const auto *input = reinterpret_cast<const unsigned char *>(signingInput.data());
    size_t length = 0;
    if (!ctx || EVP_DigestSignInit_ex(ctx.get(), nullptr, jwsDigestName(m_algorithm), nullptr, nullptr, m_key.get(), nullptr) != 1
        || EVP_DigestSign(ctx.get(), nullptr, &length, input, size_t(signingInput.size())) != 1) {
        ERR_clear_error();
        return QStringLiteral("the signature could not be made");
    }
    QByteArray signature(qsizetype(length), '\0');
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char *>(signature.data()), &length, input,
                       size_t(signingInput.size())) != 1) {
        ERR_clear_error();
        return QStringLiteral("the signature could not be made");
    }
    signature.resize(qsizetype(length));
    if (m_algorithm == JwsAlgorithm::ES384)
        return EcdsaSignature::derToRaw(signature, EcdsaSignature::kP384CoordinateBytes);
    return signature;
}

} // namespace paw::auth
