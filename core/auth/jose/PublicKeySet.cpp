#include "auth/jose/PublicKeySet.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>

namespace paw::auth {

namespace {

// The key a JWK describes, or why it is skipped.
Expected<PublicKeySet::Entry, QString> entryFrom(const QJsonValue &value)
{
    if (!value.isObject())
        return QStringLiteral("not a JSON object");
    const QJsonObject jwk = value.toObject();
    const QJsonValue kid = jwk.value(QLatin1String("kid"));
    if (!kid.isUndefined() && !kid.isString())
        return QStringLiteral("kid is not a string");
    // RFC 7517 §4.2: "sig" (signature) or "enc" (encryption); only signature keys check tokens.
    const QJsonValue use = jwk.value(QLatin1String("use"));
    if (!use.isUndefined() && use != QLatin1String("sig"))
        return QStringLiteral("use is not \"sig\"");
    std::optional<JwsAlgorithm> algorithm;
    const QJsonValue alg = jwk.value(QLatin1String("alg"));
    if (!alg.isUndefined()) {
        algorithm = jwsAlgorithmFromName(alg.toString());
        if (!algorithm)
            return QStringLiteral("alg is not RS256, RS384 or ES384");
    }
    auto key = PublicKey::fromJwk(jwk);
    if (!key)
        return key.error();
    if (algorithm && !key->fits(*algorithm))
        return QStringLiteral("alg %1 does not fit the key type").arg(jwsAlgorithmName(*algorithm));
    return PublicKeySet::Entry{kid.toString(), algorithm, std::move(key.value())};
}

} // namespace

Expected<PublicKeySet, QString> PublicKeySet::parse(QByteArrayView json)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(json.toByteArray(), &error);
    if (error.error != QJsonParseError::NoError)
        return QStringLiteral("the key set is not JSON (%1)").arg(error.errorString());
    const QJsonValue keys = document.object().value(QLatin1String("keys"));
    if (!document.isObject() || !keys.isArray())
        return QStringLiteral("the key set is not a JSON object with a \"keys\" array");

    PublicKeySet set;
    const QJsonArray array = keys.toArray();
    for (qsizetype i = 0; i < array.size(); ++i) {
        const QString kid = array.at(i).toObject().value(QLatin1String("kid")).toString();
        const QString name = kid.isEmpty() ? QStringLiteral("key %1").arg(i) : QStringLiteral("key %1 (kid \"%2\")").arg(i).arg(kid);
        auto entry = entryFrom(array.at(i));
        if (!entry) {
            set.m_skipped.append(name + QLatin1String(": ") + entry.error());
            continue;
        }
        if (const auto added = set.add(std::move(entry.value())); !added)
            set.m_skipped.append(name + QLatin1String(": ") + added.error());
    }
    return set;
}

Expected<bool, QString> PublicKeySet::add(Entry entry)
{
    // Two keys under one kid would let the set's order decide which one checks a token.
    if (!entry.kid.isEmpty() && find(entry.kid))
        return QStringLiteral("another key has the same kid");
    m_entries.append(std::move(entry));
    return true;
}

const PublicKeySet::Entry *PublicKeySet::find(const QString &kid) const
{
    for (const Entry &entry : m_entries) {
        if (entry.kid == kid)
            return &entry;
    }
    return nullptr;
}

QJsonObject PublicKeySet::toJsonObject() const
{
    QJsonArray keys;
    for (const Entry &entry : m_entries)
        keys.append(entry.key.publishedJwk(entry.kid, entry.algorithm));
    return QJsonObject{{QLatin1String("keys"), keys}};
}

QByteArray PublicKeySet::toJson() const
{
    return QJsonDocument(toJsonObject()).toJson(QJsonDocument::Compact);
}

} // namespace paw::auth
