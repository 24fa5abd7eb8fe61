#include "auth/jose/PublicKey.h"

#include "auth/jose/Base64Url.h"
#include "auth/jose/EcdsaSignature.h"
#include "auth/jose/OpenSslHandles.h"
#include "platform/Sha256.h"

#include <openssl/core_names.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

namespace paw::auth {

namespace {

constexpr int kMinimumRsaBits = 2048; // RFC 7518 §3.3: "A key of size 2048 bits or larger MUST be used"

QString missing(const char *member)
{
    return QStringLiteral("the member \"%1\" is missing or not a string").arg(QLatin1String(member));
}

Expected<QByteArray, QString> member(const QJsonObject &jwk, const char *name)
{
    const QJsonValue value = jwk.value(QLatin1String(name));
    if (!value.isString())
        return missing(name);
    auto decoded = Base64Url::decode(value.toString().toLatin1());
    if (!decoded)
        return QStringLiteral("the member \"%1\" is %2").arg(QLatin1String(name), decoded.error());
    return std::move(decoded.value());
}

// Two members a key type requires (n and e, or x and y), decoded.
Expected<std::pair<QByteArray, QByteArray>, QString> memberPair(const QJsonObject &jwk, const char *first, const char *second)
{
    auto a = member(jwk, first);
    if (!a)
        return a.error();
    auto b = member(jwk, second);
    if (!b)
        return b.error();
    return std::pair{std::move(a.value()), std::move(b.value())};
}

BIGNUM *toBignum(const QByteArray &bytes)
{
    return BN_bin2bn(reinterpret_cast<const unsigned char *>(bytes.constData()), int(bytes.size()), nullptr);
}

QString toBase64Url(const BIGNUM *n, int width = 0)
{
    QByteArray bytes(width > 0 ? width : BN_num_bytes(n), '\0');
    auto *out = reinterpret_cast<unsigned char *>(bytes.data());
    if ((width > 0 ? BN_bn2binpad(n, out, width) : BN_bn2bin(n, out)) != bytes.size())
        return {};
    return QString::fromLatin1(Base64Url::encode(bytes));
}

QString bignumMember(const EVP_PKEY *key, const char *param, int width = 0)
{
    BIGNUM *raw = nullptr;
    if (!EVP_PKEY_get_bn_param(key, param, &raw))
        return {};
    const BignumPtr n(raw);
    return toBase64Url(n.get(), width);
}

// A public key from OpenSSL parameters (EVP_PKEY_fromdata), checked like a key read from a file.
Expected<EvpPkeyPtr, QString> fromParams(const char *type, OSSL_PARAM_BLD *builder)
{
    const ParamsPtr params(OSSL_PARAM_BLD_to_param(builder));
    const EvpPkeyCtxPtr ctx(EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
    EVP_PKEY *raw = nullptr;
    if (!params || !ctx || EVP_PKEY_fromdata_init(ctx.get()) != 1
        || EVP_PKEY_fromdata(ctx.get(), &raw, EVP_PKEY_PUBLIC_KEY, params.get()) != 1)
        return QStringLiteral("the key's numbers do not make a %1 public key").arg(QLatin1String(type));
    EvpPkeyPtr key(raw);
    const EvpPkeyCtxPtr check(EVP_PKEY_CTX_new_from_pkey(nullptr, key.get(), nullptr));
    if (!check || EVP_PKEY_public_check(check.get()) != 1)
        return QStringLiteral("the key's numbers do not make a valid %1 public key").arg(QLatin1String(type));
    return key;
}

Expected<EvpPkeyPtr, QString> rsaFromJwk(const QJsonObject &jwk)
{
    const auto ne = memberPair(jwk, "n", "e");
    if (!ne)
        return ne.error();
    const BignumPtr modulus(toBignum(ne->first));
    const BignumPtr exponent(toBignum(ne->second));
    const ParamBldPtr builder(OSSL_PARAM_BLD_new());
    if (!modulus || !exponent || !builder || !OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_N, modulus.get())
        || !OSSL_PARAM_BLD_push_BN(builder.get(), OSSL_PKEY_PARAM_RSA_E, exponent.get()))
        return QStringLiteral("the RSA key could not be built");
    return fromParams("RSA", builder.get());
}

Expected<EvpPkeyPtr, QString> ecFromJwk(const QJsonObject &jwk)
{
    if (jwk.value(QLatin1String("crv")) != QLatin1String("P-384"))
        return QStringLiteral("the curve (crv) is not P-384");
    const auto xy = memberPair(jwk, "x", "y");
    if (!xy)
        return xy.error();
    // RFC 7518 §6.2.1.2: x "MUST be the full size of a coordinate for the curve".
    if (xy->first.size() != EcdsaSignature::kP384CoordinateBytes || xy->second.size() != EcdsaSignature::kP384CoordinateBytes)
        return QStringLiteral("the coordinates x and y are not %1 bytes each").arg(EcdsaSignature::kP384CoordinateBytes);
    const QByteArray point = QByteArray(1, '\x04') + xy->first + xy->second; // uncompressed point (SEC 1 §2.3.3)
    const ParamBldPtr builder(OSSL_PARAM_BLD_new());
    if (!builder || !OSSL_PARAM_BLD_push_utf8_string(builder.get(), OSSL_PKEY_PARAM_GROUP_NAME, "P-384", 0)
        || !OSSL_PARAM_BLD_push_octet_string(builder.get(), OSSL_PKEY_PARAM_PUB_KEY, point.constData(), size_t(point.size())))
        return QStringLiteral("the EC key could not be built");
    return fromParams("EC", builder.get());
}

QJsonObject membersOf(const EVP_PKEY *key, PublicKey::Type type)
{
    QJsonObject jwk;
    if (type == PublicKey::Type::Rsa) {
        jwk.insert(QLatin1String("kty"), QLatin1String("RSA"));
        jwk.insert(QLatin1String("n"), bignumMember(key, OSSL_PKEY_PARAM_RSA_N));
        jwk.insert(QLatin1String("e"), bignumMember(key, OSSL_PKEY_PARAM_RSA_E));
    } else {
        jwk.insert(QLatin1String("kty"), QLatin1String("EC"));
        jwk.insert(QLatin1String("crv"), QLatin1String("P-384"));
        jwk.insert(QLatin1String("x"), bignumMember(key, OSSL_PKEY_PARAM_EC_PUB_X, EcdsaSignature::kP384CoordinateBytes));
        jwk.insert(QLatin1String("y"), bignumMember(key, OSSL_PKEY_PARAM_EC_PUB_Y, EcdsaSignature::kP384CoordinateBytes));
    }
    for (auto it = jwk.constBegin(); it != jwk.constEnd(); ++it) {
        if (it.value().toString().isEmpty())
            return {};
    }
    return jwk;
}

} // namespace

Expected<PublicKey::Type, QString> PublicKey::typeOf(const EVP_PKEY *key)
{
    if (EVP_PKEY_is_a(key, "RSA")) {
        if (EVP_PKEY_get_bits(key) < kMinimumRsaBits)
            return QStringLiteral("the RSA key has %1 bits, fewer than %2").arg(EVP_PKEY_get_bits(key)).arg(kMinimumRsaBits);
        return Type::Rsa;
    }
    if (EVP_PKEY_is_a(key, "EC")) {
        char group[64] = {};
        size_t length = 0;
        if (EVP_PKEY_get_group_name(key, group, sizeof group, &length) != 1 || qstrcmp(group, "secp384r1") != 0)
            return QStringLiteral("the EC key is not on the curve P-384");
        return Type::EcP384;
    }
    return QStringLiteral("the key is neither RSA nor EC");
}

Expected<PublicKey, QString> PublicKey::fromJwk(const QJsonObject &jwk)
{
    const QJsonValue kty = jwk.value(QLatin1String("kty"));
    Expected<EvpPkeyPtr, QString> key = QStringLiteral("the key type (kty) is missing");
    if (kty == QLatin1String("RSA"))
        key = rsaFromJwk(jwk);
    else if (kty == QLatin1String("EC"))
        key = ecFromJwk(jwk);
    else if (kty.isString())
        key = QStringLiteral("the key type (kty) \"%1\" is not RSA or EC").arg(kty.toString());
    ERR_clear_error();
    if (!key)
        return key.error();
    return fromPublicKey(sharedKey(std::move(key.value())));
}

Expected<PublicKey, QString> PublicKey::fromKeyPair(const EVP_PKEY *keyPair)
{
    // Through SubjectPublicKeyInfo DER: the copy holds the public half and nothing else.
    unsigned char *der = nullptr;
    const int length = i2d_PUBKEY(keyPair, &der);
    if (length <= 0) {
        ERR_clear_error();
        return QStringLiteral("the key pair's public key could not be encoded");
    }
    const unsigned char *in = der;
    EvpPkeyPtr key(d2i_PUBKEY(nullptr, &in, length));
    OPENSSL_free(der);
    ERR_clear_error();
    if (!key)
        return QStringLiteral("the key pair's public key could not be read back");
    return fromPublicKey(sharedKey(std::move(key)));
}

Expected<PublicKey, QString> PublicKey::fromPublicKey(std::shared_ptr<EVP_PKEY> key)
{
    const auto type = typeOf(key.get());
    if (!type)
        return type.error();
    PublicKey result(std::move(key), type.value());
    result.m_jwk = membersOf(result.m_key.get(), result.m_type);
    if (result.m_jwk.isEmpty())
        return QStringLiteral("the key's members could not be read back");
    return result;
}

bool PublicKey::fits(JwsAlgorithm algorithm) const
{
    return jwsUsesRsa(algorithm) ? m_type == Type::Rsa : m_type == Type::EcP384;
}

QJsonObject PublicKey::publishedJwk(const QString &kid, std::optional<JwsAlgorithm> algorithm) const
{
    QJsonObject jwk = m_jwk;
    if (!kid.isEmpty())
        jwk.insert(QLatin1String("kid"), kid);
    jwk.insert(QLatin1String("use"), QLatin1String("sig"));
    if (algorithm)
        jwk.insert(QLatin1String("alg"), jwsAlgorithmName(*algorithm));
    return jwk;
}

QString PublicKey::thumbprint() const
{
    // RFC 7638 §3.2: the required members "in lexicographic order", "no whitespace or line
    // breaks". Every value is base64url or a fixed name, so none needs escaping.
    const QStringList names = m_type == Type::Rsa ? QStringList{QStringLiteral("e"), QStringLiteral("kty"), QStringLiteral("n")}
                                                  : QStringList{QStringLiteral("crv"), QStringLiteral("kty"), QStringLiteral("x"), QStringLiteral("y")};
    QByteArray canonical = "{";
    for (const QString &name : names) {
        if (canonical.size() > 1)
            canonical.append(',');
        canonical.append('"').append(name.toLatin1()).append("\":\"").append(m_jwk.value(name).toString().toLatin1()).append('"');
    }
    canonical.append('}');
    const QByteArray digest = platform::Sha256::digest(canonical);
    if (digest.isEmpty())
        return {};
    return QString::fromLatin1(Base64Url::encode(digest));
}

QByteArray PublicKey::pem() const
{
    const BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || !PEM_write_bio_PUBKEY(bio.get(), m_key.get()))
        return {};
    char *data = nullptr;
    const long length = BIO_get_mem_data(bio.get(), &data);
    return QByteArray(data, qsizetype(length));
}

bool PublicKey::verify(JwsAlgorithm algorithm, QByteArrayView signingInput, QByteArrayView signature) const
{
    if (!fits(algorithm))
        return false;
    QByteArray der;
    if (m_type == Type::EcP384) {
        auto converted = EcdsaSignature::rawToDer(signature, EcdsaSignature::kP384CoordinateBytes);
        if (!converted)
            return false;
        der = std::move(converted.value());
        signature = der;
    }
    const EvpMdCtxPtr ctx(EVP_MD_CTX_new());
    const bool valid = ctx
        && EVP_DigestVerifyInit_ex(ctx.get(), nullptr, jwsDigestName(algorithm), nullptr, nullptr, m_key.get(), nullptr) == 1
        && EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char *>(signature.data()), size_t(signature.size()),
                            reinterpret_cast<const unsigned char *>(signingInput.data()), size_t(signingInput.size())) == 1;
    ERR_clear_error(); // a bad signature leaves its reason on the thread's error queue
    return valid;
}

} // namespace paw::auth
