#include "fhir/io/ResourceImporter.h"

#include <QCryptographicHash>
#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

#include <algorithm>
#include <future>
#include <thread>

namespace paw::fhir {

namespace {

const QString kUrnUuid = QStringLiteral("urn:uuid:");

QString contentId(const QJsonObject &resource)
{
    return QString::fromLatin1(QCryptographicHash::hash(QJsonDocument(resource).toJson(QJsonDocument::Compact),
                                                        QCryptographicHash::Sha256).toHex().left(32));
}

// Replaces every {"reference": "urn:uuid:X"} found in `value` by the local reference it maps to.
QJsonValue rewriteReferences(const QJsonValue &value, const QHash<QString, QString> &map)
{
    if (value.isArray()) {
        QJsonArray array = value.toArray();
        for (qsizetype i = 0; i < array.size(); ++i)
            array[i] = rewriteReferences(array.at(i), map);
        return array;
    }
    if (!value.isObject())
        return value;
    QJsonObject object = value.toObject();
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (it.key() == QLatin1String("reference") && it.value().isString()) {
            const auto found = map.constFind(it.value().toString());
            if (found != map.constEnd())
                it.value() = *found;
        } else if (it.value().isObject() || it.value().isArray()) {
            it.value() = rewriteReferences(it.value(), map);
        }
    }
    return object;
}

Expected<ResourceImporter::ParsedFile, ImportError> fromBundle(const QJsonObject &bundle, const QString &name)
{
    const QString type = bundle.value(QLatin1String("type")).toString();
    static const QStringList accepted{QStringLiteral("transaction"), QStringLiteral("batch"),
                                      QStringLiteral("collection"), QStringLiteral("searchset")};
    if (!accepted.contains(type))
        return ImportError{name, {}, QStringLiteral("Bundle.type '%1' cannot be imported (use transaction, batch, collection or searchset)").arg(type)};

    ResourceImporter::ParsedFile parsed;
    QList<QJsonObject> &resources = parsed.resources;
    QHash<QString, QString> urnMap;
    const QJsonArray entries = bundle.value(QLatin1String("entry")).toArray();
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const QString where = QStringLiteral("entry %1").arg(i + 1);
        const QJsonObject entry = entries.at(i).toObject();
        if (type == QLatin1String("searchset")
            && entry.value(QLatin1String("search")).toObject().value(QLatin1String("mode")).toString() == QLatin1String("outcome"))
            continue;
        const QString method = entry.value(QLatin1String("request")).toObject().value(QLatin1String("method")).toString();
        if ((type == QLatin1String("transaction") || type == QLatin1String("batch"))
            && method != QLatin1String("PUT") && method != QLatin1String("POST"))
            return ImportError{name, where, QStringLiteral("request.method '%1' is not supported: only PUT and POST load data").arg(method)};
        if (!entry.value(QLatin1String("resource")).isObject())
            return ImportError{name, where, QStringLiteral("the entry has no resource")};
        QJsonObject resource = entry.value(QLatin1String("resource")).toObject();
        const QString resourceType = resource.value(QLatin1String("resourceType")).toString();
        if (resourceType.isEmpty())
            return ImportError{name, where, QStringLiteral("the resource has no resourceType")};
        const QString fullUrl = entry.value(QLatin1String("fullUrl")).toString();
        if (!resource.contains(QLatin1String("id"))) {
            if (fullUrl.startsWith(kUrnUuid))
                resource.insert(QLatin1String("id"), fullUrl.mid(kUrnUuid.size()));
            else if (fullUrl.endsWith(QLatin1Char('/') + resourceType + QLatin1Char('/') + fullUrl.section(u'/', -1)))
                resource.insert(QLatin1String("id"), fullUrl.section(u'/', -1));
            else
                resource.insert(QLatin1String("id"), contentId(resource));
        }
        if (fullUrl.startsWith(kUrnUuid))
            urnMap.insert(fullUrl, resourceType + QLatin1Char('/') + resource.value(QLatin1String("id")).toString());
        resources << resource;
        parsed.locations << where;
    }
    if (!urnMap.isEmpty()) {
        for (QJsonObject &resource : resources)
            resource = rewriteReferences(resource, urnMap).toObject();
    }
    return parsed;
}

} // namespace

QString ImportError::toString() const
{
    QString text = file;
    if (!location.isEmpty())
        text += QStringLiteral(", ") + location;
    return text + QStringLiteral(": ") + message;
}

ResourceImporter::ResourceImporter(ResourceStore &store)
    : m_store(store)
{
}

Expected<ResourceImporter::ParsedFile, ImportError> ResourceImporter::parse(const QByteArray &content, const QString &name)
{
    const QByteArray trimmed = content.trimmed();
    if (trimmed.isEmpty())
        return ImportError{name, {}, QStringLiteral("the file is empty")};

    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(trimmed, &error);
    if (error.error == QJsonParseError::NoError) {
        if (!document.isObject())
            return ImportError{name, {}, QStringLiteral("the file holds JSON but not a FHIR resource (an object)")};
        const QJsonObject object = document.object();
        const QString type = object.value(QLatin1String("resourceType")).toString();
        if (type == QLatin1String("Bundle"))
            return fromBundle(object, name);
        if (type.isEmpty())
            return ImportError{name, {}, QStringLiteral("the resource has no resourceType")};
        QJsonObject resource = object;
        if (!resource.contains(QLatin1String("id")))
            resource.insert(QLatin1String("id"), contentId(resource));
        return ParsedFile{{resource}, {QStringLiteral("the file")}};
    }

    // Not one JSON document: NDJSON, one resource per line (blank lines allowed). Lines are
    // parsed on every core; the first bad line (in file order) is the one reported.
    const QList<QByteArray> lines = content.split('\n');
    struct Line
    {
        QJsonObject resource;
        QString error;
    };
    QList<Line> results(lines.size());
    const qsizetype threads = std::clamp<qsizetype>(std::thread::hardware_concurrency(), 1, 8);
    const qsizetype slice = (lines.size() + threads - 1) / threads;
    std::vector<std::future<void>> jobs;
    for (qsizetype start = 0; start < lines.size(); start += slice) {
        jobs.push_back(std::async(std::launch::async, [&, start] {
            for (qsizetype i = start; i < std::min(lines.size(), start + slice); ++i) {
                const QByteArray line = lines.at(i).trimmed();
                if (line.isEmpty())
                    continue;
                QJsonParseError lineError{};
                const QJsonDocument doc = QJsonDocument::fromJson(line, &lineError);
                Line &result = results[i];
                if (lineError.error != QJsonParseError::NoError) {
                    result.error = QStringLiteral("not valid JSON (%1 at character %2)").arg(lineError.errorString()).arg(lineError.offset + 1);
                    continue;
                }
                result.resource = doc.object();
                if (!doc.isObject() || result.resource.value(QLatin1String("resourceType")).toString().isEmpty()) {
                    result.error = QStringLiteral("not a FHIR resource (no resourceType)");
                    continue;
                }
                if (!result.resource.contains(QLatin1String("id")))
                    result.resource.insert(QLatin1String("id"), contentId(result.resource));
            }
        }));
    }
    for (auto &job : jobs)
        job.get();

    ParsedFile parsed;
    for (qsizetype i = 0; i < results.size(); ++i) {
        const QString where = QStringLiteral("line %1").arg(i + 1);
        if (!results.at(i).error.isEmpty())
            return ImportError{name, where, results.at(i).error};
        if (results.at(i).resource.isEmpty())
            continue; // a blank line
        parsed.resources << results.at(i).resource;
        parsed.locations << where;
    }
    return parsed;
}

Expected<ResourceImporter::ParsedFile, ImportError> ResourceImporter::readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return ImportError{path, {}, QStringLiteral("cannot read: ") + file.errorString()};
    return parse(file.readAll(), path);
}

Expected<ImportResult, ImportError> ResourceImporter::importFile(const QString &path, const ResourceStore::Progress &progress)
{
    return importParsed(path, readFile(path), progress);
}

Expected<ImportResult, ImportError> ResourceImporter::importParsed(const QString &path, Expected<ParsedFile, ImportError> parsed,
                                                                   const ResourceStore::Progress &progress)
{
    if (!parsed)
        return parsed.error();
    auto summary = m_store.write(parsed->resources, progress);
    if (!summary) {
        // The store names the resource by its position ("resource 7 (...)"): say it in the file's terms.
        static const QRegularExpression position(QStringLiteral("^resource (\\d+) "));
        const QRegularExpressionMatch match = position.match(summary.error());
        const qsizetype index = match.hasMatch() ? match.captured(1).toLongLong() - 1 : -1;
        if (index >= 0 && index < parsed->locations.size())
            return ImportError{path, parsed->locations.at(index), summary.error().mid(match.capturedLength())};
        return ImportError{path, {}, summary.error()};
    }
    return ImportResult{path, parsed->resources.size(), *summary};
}

} // namespace paw::fhir
