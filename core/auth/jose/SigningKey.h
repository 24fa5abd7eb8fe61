#pragma once

#include "Expected.h"
#include "auth/jose/JwsAlgorithm.h"
#include "auth/jose/PublicKey.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <QString>

#include <openssl/types.h>

#include <memory>

namespace paw::auth {

/// A private signing key and the algorithm it signs with: RSA 2048 for RS256/RS384, P-384 for
/// ES384. Its kid is the RFC 7638 thumbprint of its public key, so it names the key and nothing
/// else. Copies share the key. Never logged: toPem() is the only way the secret leaves.
class SigningKey
{
public:
    /// A new key from OpenSSL's random source.
    static Expected<SigningKey, QString> generate(JwsAlgorithm algorithm);
    /// A PKCS#8 PEM private key (unencrypted) that fits `algorithm`.
    static Expected<SigningKey, QString> fromPem(QByteArrayView pem, JwsAlgorithm algorithm);

    JwsAlgorithm algorithm() const { return m_algorithm; }
    const QString &kid() const { return m_kid; }
    const PublicKey &publicKey() const { return m_public; }
    /// The public JWK as published in a JWKS: kty, kid, use "sig", alg, and n/e or crv/x/y.
    QJsonObject publicJwk() const;

    /// PKCS#8 PEM of the private key: secret, for a file only its owner reads.
    QByteArray toPem() const;

    /// The JWS signature of `signingInput` (raw R || S for ES384, RFC 7518 §3.4).
    Expected<QByteArray, QString> sign(QByteArrayView signingInput) const;

private:
    SigningKey(std::shared_ptr<EVP_PKEY> key, JwsAlgorithm algorithm, PublicKey publicKey);
    static Expected<SigningKey, QString> fromKeyPair(std::shared_ptr<EVP_PKEY> key, JwsAlgorithm algorithm);

    std::shared_ptr<EVP_PKEY> m_key;
    JwsAlgorithm m_algorithm;
    PublicKey m_public;
    QString m_kid;
};

} // namespace paw::auth
