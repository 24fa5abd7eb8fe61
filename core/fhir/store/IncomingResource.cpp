#include "fhir/store/IncomingResource.h"

#include "fhir/JsonElement.h"
#include "platform/Sha256.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>
#include <string>
#include <vector>

namespace paw::fhir {

namespace {

using json::element;
using json::element_type;
using json::qString;

// Stand-ins for meta.versionId and meta.lastUpdated (valid JSON strings that no version has).
constexpr QByteArrayView kVersionMark = "\"\\u0001paw-version\\u0001\"";
constexpr QByteArrayView kUpdatedMark = "\"\\u0001paw-updated\\u0001\"";

char16_t unit(char c) { return static_cast<unsigned char>(c); }
char16_t unit(QChar c) { return c.unicode(); }

// FHIR JSON member names: element names, and "_" + name for a primitive's id and extensions.
// (UTF-8 text from simdjson, or a QString from a Qt object.)
template<typename Name>
bool isElementName(const Name &name)
{
    if (std::size(name) == 0)
        return false;
    for (const auto c : name) {
        const char16_t u = unit(c);
        if (!((u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9') || u == u'_'))
            return false;
    }
    return true;
}

void appendMember(QByteArray &out, std::string_view key, const std::string &json)
{
    out.append('"').append(key.data(), qsizetype(key.size())).append("\":").append(json.data(), qsizetype(json.size()));
}

QByteArray sha256Hex(QByteArrayView data)
{
    return platform::Sha256::digest(data).toHex();
}

} // namespace

Expected<IncomingResource, QString> IncomingResource::parse(QByteArrayView text, const SearchIndexer &indexer)
{
    // One parser per thread: it keeps its buffers between documents.
    thread_local simdjson::dom::parser parser;
    element root;
    if (const auto error = parser.parse(text.data(), size_t(text.size())).get(root))
        return QStringLiteral("not valid JSON (%1)").arg(QString::fromUtf8(simdjson::error_message(error)));
    if (root.type() != element_type::OBJECT)
        return QStringLiteral("not a FHIR resource (a JSON object with a resourceType)");
    const simdjson::dom::object object = root.get_object().value_unsafe();

    IncomingResource r;
    std::string_view type;
    if (object["resourceType"].get(type) || type.empty())
        return QStringLiteral("not a FHIR resource (no resourceType)");
    r.type = qString(type);
    const auto idField = object["id"];
    const bool hasId = idField.error() != simdjson::NO_SUCH_FIELD;
    if (hasId) {
        std::string_view id;
        if (idField.get(id))
            return QStringLiteral("id must be a string");
        r.id = qString(id);
    }

    // Members in their order, meta with the placeholders first; a missing meta goes after the id
    // (or the resourceType), a missing id after the resourceType once the content names it.
    QByteArray json;
    json.reserve(text.size() + 128);
    json.append('{');
    qsizetype idInsertAt = -1;
    qsizetype metaInsertAt = -1;
    bool hasMeta = false;
    const auto appendMarks = [&json, &r]() {
        json.append("\"versionId\":");
        r.versionAt = json.size();
        json.append(kVersionMark).append(",\"lastUpdated\":");
        r.updatedAt = json.size();
        json.append(kUpdatedMark);
    };
    std::vector<std::string_view> seen; // a resource's members are few: a list is enough
    for (const auto field : object) {
        if (!isElementName(field.key))
            return QStringLiteral("'%1' is not a FHIR element name").arg(qString(field.key));
        if (std::find(seen.cbegin(), seen.cend(), field.key) != seen.cend())
            return QStringLiteral("'%1' appears twice").arg(qString(field.key));
        seen.push_back(field.key);
        if (json.size() > 1)
            json.append(',');
        if (field.key == "meta") {
            if (field.value.type() != element_type::OBJECT)
                return QStringLiteral("meta must be an object");
            hasMeta = true;
            json.append("\"meta\":{");
            appendMarks();
            const simdjson::dom::object meta = field.value.get_object().value_unsafe();
            for (const auto member : meta) {
                if (member.key == "versionId" || member.key == "lastUpdated")
                    continue;
                if (!isElementName(member.key))
                    return QStringLiteral("'meta.%1' is not a FHIR element name").arg(qString(member.key));
                json.append(',');
                appendMember(json, member.key, simdjson::to_string(member.value));
            }
            json.append('}');
            continue;
        }
        appendMember(json, field.key, simdjson::to_string(field.value));
        if (field.key == "resourceType") {
            idInsertAt = json.size();
            if (metaInsertAt < 0)
                metaInsertAt = json.size();
        } else if (field.key == "id") {
            metaInsertAt = json.size();
        }
    }
    json.append('}');
    if (!hasMeta) {
        QByteArray meta = ",\"meta\":{\"versionId\":";
        const qsizetype versionOffset = meta.size();
        meta.append(kVersionMark).append(",\"lastUpdated\":");
        const qsizetype updatedOffset = meta.size();
        meta.append(kUpdatedMark).append('}');
        json.insert(metaInsertAt, meta);
        r.versionAt = metaInsertAt + versionOffset;
        r.updatedAt = metaInsertAt + updatedOffset;
    }
    if (!hasId) {
        // The same content always gets the same id.
        r.id = QString::fromLatin1(sha256Hex(json).left(32));
        const QByteArray member = ",\"id\":\"" + r.id.toLatin1() + '"';
        json.insert(idInsertAt, member);
        if (r.versionAt > idInsertAt) {
            r.versionAt += member.size();
            r.updatedAt += member.size();
        }
    }
    r.json = std::move(json);
    r.hash = sha256Hex(r.json);
    if (r.hash.isEmpty())
        return QStringLiteral("the content hash could not be computed");

    r.entries = indexer.extract(root);
    return r;
}

Expected<IncomingResource, QString> IncomingResource::fromObject(const QJsonObject &resource, const SearchIndexer &indexer)
{
    const QJsonValue meta = resource.value(QLatin1String("meta"));
    // parse() puts a missing meta or id where Qt's name order would not: those take its way.
    if (!meta.isObject() || !resource.value(QLatin1String("id")).isString() || !resource.contains(QLatin1String("resourceType")))
        return parse(QJsonDocument(resource).toJson(QJsonDocument::Compact), indexer);
    IncomingResource r;
    r.type = resource.value(QLatin1String("resourceType")).toString();
    if (r.type.isEmpty())
        return QStringLiteral("not a FHIR resource (no resourceType)");
    r.id = resource.value(QLatin1String("id")).toString();
    for (auto it = resource.constBegin(); it != resource.constEnd(); ++it) {
        if (!isElementName(it.key()))
            return QStringLiteral("'%1' is not a FHIR element name").arg(it.key());
    }

    // meta is written on its own: the placeholders first, then its other members.
    QJsonObject metaRest = meta.toObject();
    metaRest.remove(QLatin1String("versionId"));
    metaRest.remove(QLatin1String("lastUpdated"));
    const QByteArray rest = QJsonDocument(metaRest).toJson(QJsonDocument::Compact);
    QByteArray metaJson = "{\"versionId\":";
    const qsizetype versionOffset = metaJson.size();
    metaJson.append(kVersionMark).append(",\"lastUpdated\":");
    const qsizetype updatedOffset = metaJson.size();
    metaJson.append(kUpdatedMark);
    if (rest.size() > 2)
        metaJson.append(',').append(QByteArrayView(rest).sliced(1));
    else
        metaJson.append('}');

    // The rest of the resource, with a mark where meta goes (Qt writes members in name order).
    static const QString metaMarkValue = QStringLiteral("\u0001paw-meta\u0001");
    static const QByteArray metaMark = [] {
        const QByteArray array = QJsonDocument(QJsonArray{metaMarkValue}).toJson(QJsonDocument::Compact);
        return array.mid(1, array.size() - 2);
    }();
    QJsonObject marked = resource;
    marked.insert(QLatin1String("meta"), metaMarkValue);
    QByteArray json = QJsonDocument(marked).toJson(QJsonDocument::Compact);
    const qsizetype metaAt = json.indexOf(metaMark);
    if (metaAt < 0)
        return QStringLiteral("the resource could not be written as JSON");
    if (json.indexOf(metaMark, metaAt + metaMark.size()) >= 0) // the content holds the mark's text too
        return parse(QJsonDocument(resource).toJson(QJsonDocument::Compact), indexer);
    json.replace(metaAt, metaMark.size(), metaJson);
    r.versionAt = metaAt + versionOffset;
    r.updatedAt = metaAt + updatedOffset;
    r.json = std::move(json);
    r.hash = sha256Hex(r.json);
    if (r.hash.isEmpty())
        return QStringLiteral("the content hash could not be computed");
    r.entries = indexer.extract(resource);
    return r;
}

QByteArray IncomingResource::stored(QByteArrayView versionJson, QByteArrayView updatedJson) const
{
    const bool versionFirst = versionAt < updatedAt;
    const qsizetype firstAt = versionFirst ? versionAt : updatedAt;
    const qsizetype secondAt = versionFirst ? updatedAt : versionAt;
    const QByteArrayView first = versionFirst ? versionJson : updatedJson;
    const QByteArrayView second = versionFirst ? updatedJson : versionJson;
    const qsizetype firstLength = (versionFirst ? kVersionMark : kUpdatedMark).size();
    const qsizetype secondLength = (versionFirst ? kUpdatedMark : kVersionMark).size();
    const QByteArrayView all(json);
    QByteArray out;
    out.reserve(json.size() + versionJson.size() + updatedJson.size());
    out.append(all.first(firstAt))
        .append(first)
        .append(all.sliced(firstAt + firstLength, secondAt - firstAt - firstLength))
        .append(second)
        .append(all.sliced(secondAt + secondLength));
    return out;
}

} // namespace paw::fhir
