#include "auth/jose/KeyIndex.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <algorithm>
#include <optional>

namespace paw::auth {

namespace {

QString isoTime(const QDateTime &time)
{
    return time.toUTC().toString(Qt::ISODateWithMs);
}

QJsonObject toJson(const KeyIndex::Entry &entry)
{
    QJsonObject out{{QLatin1String("kid"), entry.kid}, {QLatin1String("alg"), jwsAlgorithmName(entry.algorithm)}};
    if (entry.created.isValid())
        out.insert(QLatin1String("created"), isoTime(entry.created));
    if (entry.tokenLifetimeMs > 0)
        out.insert(QLatin1String("tokenLifetimeMs"), entry.tokenLifetimeMs);
    if (entry.isRetired())
        out.insert(QLatin1String("until"), isoTime(entry.until));
    return out;
}

// Null when the entry names no algorithm PAW signs with.
std::optional<KeyIndex::Entry> entryFrom(const QJsonObject &json)
{
    const auto algorithm = jwsAlgorithmFromName(json.value(QLatin1String("alg")).toString());
    if (!algorithm)
        return std::nullopt;
    KeyIndex::Entry entry;
    entry.kid = json.value(QLatin1String("kid")).toString();
    entry.algorithm = *algorithm;
    entry.created = QDateTime::fromString(json.value(QLatin1String("created")).toString(), Qt::ISODateWithMs);
    entry.until = QDateTime::fromString(json.value(QLatin1String("until")).toString(), Qt::ISODateWithMs);
    entry.tokenLifetimeMs = std::max<qint64>(0, json.value(QLatin1String("tokenLifetimeMs")).toInteger());
    return entry;
}

} // namespace

Expected<KeyIndex, QString> KeyIndex::read(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QStringLiteral("%1 could not be read: %2").arg(path, file.errorString());
    const QJsonObject index = QJsonDocument::fromJson(file.readAll()).object();
    const auto current = entryFrom(index.value(QLatin1String("current")).toObject());
    if (!current)
        return QStringLiteral("%1 names no current key with an algorithm PAW signs with").arg(path);
    KeyIndex out;
    out.current = *current;
    out.current.until = {};
    const QJsonArray retired = index.value(QLatin1String("retired")).toArray();
    for (const QJsonValue &value : retired) {
        const auto entry = entryFrom(value.toObject());
        if (!entry || !entry->isRetired())
            return QStringLiteral("%1 lists a retired key without an algorithm or a time").arg(path);
        out.retired.append(*entry);
    }
    return out;
}

Expected<bool, QString> KeyIndex::write(const QString &path) const
{
    QJsonArray retiredArray;
    for (const Entry &entry : retired)
        retiredArray.append(toJson(entry));
    const QJsonObject index{{QLatin1String("current"), toJson(current)}, {QLatin1String("retired"), retiredArray}};
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(index).toJson()) < 0 || !file.commit())
        return QStringLiteral("%1 could not be written: %2").arg(QLatin1String(kFileName), file.errorString());
    return true;
}

} // namespace paw::auth
