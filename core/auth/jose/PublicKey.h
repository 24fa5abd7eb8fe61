#pragma once

#include "Expected.h"
#include "auth/jose/JwsAlgorithm.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <QString>

#include <openssl/types.h>

#include <memory>
#include <optional>

namespace paw::auth {

/// A public signing key: RSA (2048 bits or more) or EC on P-384, the kinds PAW's algorithms use.
///
/// Made from a JWK's members (RFC 7517/7518 §6) or from a key pair's public half; gives back the
/// JWK members, the RFC 7638 thumbprint and the check of a JWS signature.
class PublicKey
{
public:
    enum class Type { Rsa, EcP384 };

    /// From a JWK: kty "RSA" with n and e, or kty "EC" with crv "P-384", x and y. Other members
    /// (kid, alg, use) are the key set's business and are ignored here.
    static Expected<PublicKey, QString> fromJwk(const QJsonObject &jwk);
    /// The public half of a key pair (the private part is not kept).
    static Expected<PublicKey, QString> fromKeyPair(const EVP_PKEY *keyPair);

    Type type() const { return m_type; }
    /// Whether this key can check signatures made with `algorithm`.
    bool fits(JwsAlgorithm algorithm) const;

    /// The JWK's required members only (kty, n, e or kty, crv, x, y).
    QJsonObject jwkMembers() const { return m_jwk; }
    /// The JWK as a key set publishes it: the required members, kid (when not empty), use "sig"
    /// and alg (when given).
    QJsonObject publishedJwk(const QString &kid, std::optional<JwsAlgorithm> algorithm) const;
    /// RFC 7638: base64url(SHA-256(the required members, sorted, no whitespace)).
    QString thumbprint() const;
    /// SubjectPublicKeyInfo PEM.
    QByteArray pem() const;

    /// Whether `signature` (JOSE form: raw R || S for ES384) signs `signingInput` with `algorithm`.
    /// False as well when the key does not fit the algorithm.
    bool verify(JwsAlgorithm algorithm, QByteArrayView signingInput, QByteArrayView signature) const;

    /// The type of an OpenSSL key, or why PAW does not use it (RSA under 2048 bits, another curve).
    static Expected<Type, QString> typeOf(const EVP_PKEY *key);

private:
    /// Checks the key's type and reads its JWK members once.
    static Expected<PublicKey, QString> fromPublicKey(std::shared_ptr<EVP_PKEY> key);
    PublicKey(std::shared_ptr<EVP_PKEY> key, Type type) : m_key(std::move(key)), m_type(type) {}

    std::shared_ptr<EVP_PKEY> m_key;
    Type m_type;
    QJsonObject m_jwk; // the required members, read once
};

} // namespace paw::auth
