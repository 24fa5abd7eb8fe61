#pragma once

#include "Expected.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace paw::auth {

/// ECDSA signatures between OpenSSL's DER form and JOSE's fixed-width R || S (RFC 7518 §3.4).
class EcdsaSignature
{
public:
    /// The size of one P-384 coordinate, and of R and S in an ES384 signature.
    static constexpr int kP384CoordinateBytes = 48;

    /// DER (from EVP_DigestSign) to R || S, each padded to `coordinateBytes` (48 for P-384).
    static Expected<QByteArray, QString> derToRaw(QByteArrayView der, int coordinateBytes);
    /// R || S to DER (for EVP_DigestVerify); refuses any length but 2 * coordinateBytes.
    static Expected<QByteArray, QString> rawToDer(QByteArrayView raw, int coordinateBytes);
};

} // namespace paw::auth
