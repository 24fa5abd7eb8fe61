#include "fhir/io/ResourceImporter.h"

#include "fhir/store/ResourcePreparer.h"

#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>


namespace paw::fhir {

namespace {

const QString kUrnUuid = QStringLiteral("urn:uuid:");

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
    QList<QJsonObject> resources;
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
            // else the store derives the id from the content
        }
        if (fullUrl.startsWith(kUrnUuid))
            urnMap.insert(fullUrl, resourceType + QLatin1Char('/') + resource.value(QLatin1String("id")).toString());
        resources << resource;
        parsed.locations << where;
    }
    for (const QJsonObject &resource : std::as_const(resources)) {
        const QJsonObject rewritten = urnMap.isEmpty() ? resource : rewriteReferences(resource, urnMap).toObject();
        parsed.documents << QJsonDocument(rewritten).toJson(QJsonDocument::Compact);
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

namespace {

// NDJSON when the first non-blank line is a JSON object on its own and more text follows. A
// pretty-printed document's first line ("{") is not, and one line is one document: this decides
// without parsing a large NDJSON file as one document first.
bool looksLikeNdjson(QByteArrayView content)
{
    qsizetype start = 0;
    while (start < content.size() && QChar::isSpace(uchar(content.at(start))))
        ++start;
    const qsizetype end = content.indexOf('\n', start);
    if (end < 0 || content.sliced(end).trimmed().isEmpty())
        return false;
    QJsonParseError error{};
    const QJsonDocument first = QJsonDocument::fromJson(content.sliced(start, end - start).toByteArray(), &error);
    return error.error == QJsonParseError::NoError && first.isObject();
}

} // namespace

Expected<ResourceImporter::ParsedFile, ImportError> ResourceImporter::parse(const QByteArray &content, const QString &name)
{
    if (content.trimmed().isEmpty())
        return ImportError{name, {}, QStringLiteral("the file is empty")};

    if (!looksLikeNdjson(content)) {
        const QByteArray trimmed = content.trimmed();
        QJsonParseError error{};
        const QJsonDocument document = QJsonDocument::fromJson(trimmed, &error);
        if (error.error != QJsonParseError::NoError)
            return ImportError{name, QStringLiteral("line 1"), QStringLiteral("not valid JSON (%1 at character %2)").arg(error.errorString()).arg(error.offset + 1)};
        if (!document.isObject())
            return ImportError{name, {}, QStringLiteral("the file holds JSON but not a FHIR resource (an object)")};
        const QJsonObject object = document.object();
        const QString type = object.value(QLatin1String("resourceType")).toString();
        if (type == QLatin1String("Bundle"))
            return fromBundle(object, name);
        if (type.isEmpty())
            return ImportError{name, {}, QStringLiteral("the resource has no resourceType")};
        // The file's own text: the store parses it again, faster than Qt could serialize it.
        return ParsedFile{{trimmed}, {QStringLiteral("the file")}, {}};
    }

    // NDJSON, one resource per line (blank lines allowed). The store parses and checks each
    // line; an error names its position, which importParsed turns into the line number.
    ParsedFile parsed;
    const QByteArrayView all(content);
    qsizetype number = 0;
    for (qsizetype start = 0; start <= all.size();) {
        qsizetype end = all.indexOf('\n', start);
        if (end < 0)
            end = all.size();
        ++number;
        const QByteArrayView text = all.sliced(start, end - start).trimmed();
        if (!text.isEmpty()) {
            parsed.documents << text.toByteArray();
            parsed.locations << QStringLiteral("line %1").arg(number);
        }
        start = end + 1;
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

void ResourceImporter::prepare(ParsedFile &file) const
{
    file.prepared = m_store.preparer().prepareRange(file.documents, 0, file.documents.size());
    file.documents.clear();
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
    const qsizetype resources = parsed->size();
    auto summary = parsed->prepared.empty() ? m_store.writeJson(parsed->documents, progress)
                                            : m_store.writePrepared(std::move(parsed->prepared), progress);
    if (!summary) {
        // The store names the resource by its position ("resource 7 (...)"): say it in the file's terms.
        static const QRegularExpression position(QStringLiteral("^resource (\\d+):? "));
        const QRegularExpressionMatch match = position.match(summary.error());
        const qsizetype index = match.hasMatch() ? match.captured(1).toLongLong() - 1 : -1;
        if (index >= 0 && index < parsed->locations.size())
            return ImportError{path, parsed->locations.at(index), summary.error().mid(match.capturedLength())};
        return ImportError{path, {}, summary.error()};
    }
    return ImportResult{path, resources, *summary};
}

} // namespace paw::fhir
