#include "auth/jose/JwtVerifier.h"

#include "auth/jose/Base64Url.h"

#include <QJsonDocument>
#include <QJsonParseError>

namespace paw::auth {

namespace {

JwtError malformed(const QString &reason)
{
    return {JwtError::Kind::Malformed, reason};
}

Expected<QByteArray, JwtError> decoded(QByteArrayView part, const char *name)
{
    auto bytes = Base64Url::decode(part);
    if (!bytes)
        return malformed(QStringLiteral("the %1 is %2").arg(QLatin1String(name), bytes.error()));
    return std::move(bytes.value());
}

Expected<QJsonObject, JwtError> jsonObject(const QByteArray &bytes, const char *name)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        return malformed(QStringLiteral("the %1 is not a JSON object").arg(QLatin1String(name)));
    return document.object();
}

// The algorithm the header names, if this verifier may use it.
Expected<JwsAlgorithm, JwtError> algorithmOf(const QJsonObject &header, const QList<JwsAlgorithm> &allowed)
{
    const QJsonValue alg = header.value(QLatin1String("alg"));
    if (!alg.isString())
        return JwtError{JwtError::Kind::Malformed, QStringLiteral("the header has no alg")};
    const QString name = alg.toString();
    // RFC 8725 §3.1: "libraries MUST enable the caller to specify a supported set of algorithms
    // and MUST NOT use any other algorithms"; an unsecured token is never accepted.
    if (name.compare(QLatin1String("none"), Qt::CaseInsensitive) == 0)
        return JwtError{JwtError::Kind::Algorithm, QStringLiteral("the token is unsigned (alg \"none\")")};
    if (name.startsWith(QLatin1String("HS"), Qt::CaseInsensitive))
        return JwtError{JwtError::Kind::Algorithm,
                        QStringLiteral("alg %1 is a shared-secret (HMAC) algorithm, which PAW never accepts").arg(name)};
    const auto algorithm = jwsAlgorithmFromName(name);
    if (!algorithm || !allowed.contains(*algorithm))
        return JwtError{JwtError::Kind::Algorithm, QStringLiteral("alg %1 is not allowed here").arg(name)};
    return *algorithm;
}

Expected<const PublicKeySet::Entry *, JwtError> keyFor(const QJsonObject &header, JwsAlgorithm algorithm, const PublicKeySet &keys)
{
    const QJsonValue kid = header.value(QLatin1String("kid"));
    const PublicKeySet::Entry *entry = nullptr;
    if (kid.isString()) {
        entry = keys.find(kid.toString());
        if (!entry)
            return JwtError{JwtError::Kind::Key, QStringLiteral("no key has the kid \"%1\"").arg(kid.toString())};
    } else if (!kid.isUndefined()) {
        return JwtError{JwtError::Kind::Malformed, QStringLiteral("the header's kid is not a string")};
    } else if (keys.size() == 1) {
        entry = &keys.entries().constFirst();
    } else {
        return JwtError{JwtError::Kind::Key, QStringLiteral("the header has no kid and the key set holds %1 keys").arg(keys.size())};
    }
    if (!entry->key.fits(algorithm))
        return JwtError{JwtError::Kind::Key, QStringLiteral("the key \"%1\" is %2, which cannot check alg %3")
                                                 .arg(entry->kid, entry->key.type() == PublicKey::Type::Rsa ? QStringLiteral("RSA")
                                                                                                              : QStringLiteral("EC P-384"),
                                                      jwsAlgorithmName(algorithm))};
    // RFC 7517 §4.4: a key's "alg" names the one algorithm it is meant for.
    if (entry->algorithm && *entry->algorithm != algorithm)
        return JwtError{JwtError::Kind::Key, QStringLiteral("the key \"%1\" is for %2, not %3")
                                                 .arg(entry->kid, jwsAlgorithmName(*entry->algorithm), jwsAlgorithmName(algorithm))};
    return entry;
}

} // namespace

Expected<DecodedJwt, JwtError> JwtVerifier::verify(QByteArrayView token, const PublicKeySet &keys,
                                                   const QList<JwsAlgorithm> &allowedAlgorithms)
{
    if (token.size() > kMaxTokenBytes)
        return malformed(QStringLiteral("the token is longer than %1 bytes").arg(kMaxTokenBytes));
    // RFC 7515 §7.1: BASE64URL(header) '.' BASE64URL(payload) '.' BASE64URL(signature).
    const qsizetype firstDot = token.indexOf('.');
    const qsizetype lastDot = token.lastIndexOf('.');
    if (firstDot < 0 || lastDot == firstDot || token.sliced(firstDot + 1, lastDot - firstDot - 1).contains('.'))
        return malformed(QStringLiteral("the token is not three parts separated by dots"));
    const QByteArrayView signingInput = token.first(lastDot);

    const auto headerBytes = decoded(token.first(firstDot), "header");
    if (!headerBytes)
        return headerBytes.error();
    auto header = jsonObject(headerBytes.value(), "header");
    if (!header)
        return header.error();
    const auto payload = decoded(token.sliced(firstDot + 1, lastDot - firstDot - 1), "payload");
    if (!payload)
        return payload.error();
    const auto signature = decoded(token.sliced(lastDot + 1), "signature");
    if (!signature)
        return signature.error();

    // RFC 7515 §4.1.11: extensions listed in "crit" that are not understood make the JWS invalid;
    // PAW understands none.
    if (header->contains(QLatin1String("crit")))
        return malformed(QStringLiteral("the header lists critical extensions (crit) that PAW does not understand"));
    const auto algorithm = algorithmOf(header.value(), allowedAlgorithms);
    if (!algorithm)
        return algorithm.error();
    const auto entry = keyFor(header.value(), algorithm.value(), keys);
    if (!entry)
        return entry.error();
    if (!entry.value()->key.verify(algorithm.value(), signingInput, signature.value()))
        return JwtError{JwtError::Kind::Signature, QStringLiteral("the signature does not match the header and payload")};

    auto claims = jsonObject(payload.value(), "payload");
    if (!claims)
        return claims.error();
    return DecodedJwt{std::move(header.value()), std::move(claims.value())};
}

} // namespace paw::auth
