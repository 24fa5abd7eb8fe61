#include "auth/jose/EcdsaSignature.h"

#include "auth/jose/OpenSslHandles.h"

#include <openssl/err.h>

namespace paw::auth {

Expected<QByteArray, QString> EcdsaSignature::derToRaw(QByteArrayView der, int coordinateBytes)
{
    const auto *in = reinterpret_cast<const unsigned char *>(der.data());
    const EcdsaSigPtr sig(d2i_ECDSA_SIG(nullptr, &in, long(der.size())));
    if (!sig) {
        ERR_clear_error();
        return QStringLiteral("the ECDSA signature is not DER");
    }
    const BIGNUM *r = nullptr;
    const BIGNUM *s = nullptr;
    ECDSA_SIG_get0(sig.get(), &r, &s);
    QByteArray raw(2 * coordinateBytes, '\0');
    auto *out = reinterpret_cast<unsigned char *>(raw.data());
    if (BN_bn2binpad(r, out, coordinateBytes) != coordinateBytes
        || BN_bn2binpad(s, out + coordinateBytes, coordinateBytes) != coordinateBytes)
        return QStringLiteral("the ECDSA signature does not fit the curve");
    return raw;
}

Expected<QByteArray, QString> EcdsaSignature::rawToDer(QByteArrayView raw, int coordinateBytes)
{
    // RFC 7518 §3.4: "The JWS Signature value ... is the concatenation of R and S", each exactly
    // as long as the curve's order; a DER signature or a truncated one is not that.
    if (raw.size() != 2 * coordinateBytes)
        return QStringLiteral("the ECDSA signature is %1 bytes, not %2").arg(raw.size()).arg(2 * coordinateBytes);
    const auto *in = reinterpret_cast<const unsigned char *>(raw.data());
    BignumPtr r(BN_bin2bn(in, coordinateBytes, nullptr));
    BignumPtr s(BN_bin2bn(in + coordinateBytes, coordinateBytes, nullptr));
    EcdsaSigPtr sig(ECDSA_SIG_new());
    if (!r || !s || !sig || !ECDSA_SIG_set0(sig.get(), r.get(), s.get())) {
        ERR_clear_error();
        return QStringLiteral("the ECDSA signature could not be read");
    }
    // ECDSA_SIG_set0 took r and s.
    (void)r.release();
    (void)s.release();
    unsigned char *der = nullptr;
    const int length = i2d_ECDSA_SIG(sig.get(), &der);
    if (length <= 0) {
        ERR_clear_error();
        return QStringLiteral("the ECDSA signature could not be encoded");
    }
    QByteArray result(reinterpret_cast<const char *>(der), length);
    OPENSSL_free(der);
    return result;
}

} // namespace paw::auth
