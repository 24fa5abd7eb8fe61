#include "fhir/rest/SearchBundleBuilder.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QUrl>

namespace paw::fhir {

namespace {

// A JSON string literal (quoted and escaped) by Qt's own serializer.
QByteArray jsonString(const QString &text)
{
    const QByteArray array = QJsonDocument(QJsonArray{text}).toJson(QJsonDocument::Compact);
    return array.mid(1, array.size() - 2);
}

} // namespace

SearchBundleBuilder::SearchBundleBuilder(QString baseUrl, QString resourceType,
                                         QList<QPair<QString, QString>> parameters)
    : m_baseUrl(std::move(baseUrl))
    , m_baseJson(jsonString(m_baseUrl))
    , m_type(std::move(resourceType))
    , m_parameters(std::move(parameters))
{
}

QString SearchBundleBuilder::link(const QList<QPair<QString, QString>> &parameters) const
{
    QString url = m_baseUrl + QLatin1Char('/') + m_type;
    QChar separator = u'?';
    for (const auto &[name, value] : parameters) {
        url += separator + QString::fromLatin1(QUrl::toPercentEncoding(name, ":")) + QLatin1Char('=')
               + QString::fromLatin1(QUrl::toPercentEncoding(value, ":|,/"));
        separator = u'&';
    }
    return url;
}

QJsonObject SearchBundleBuilder::subset(QJsonObject resource, const QStringList &elements)
{
    if (elements.isEmpty())
        return resource;
    const QStringList keys = resource.keys();
    for (const QString &key : keys) {
        if (key != QLatin1String("resourceType") && key != QLatin1String("id") && key != QLatin1String("meta")
            && !elements.contains(key))
            resource.remove(key);
    }
    // A subset must say so (FHIR R4 §3.1.1.5.9).
    QJsonObject meta = resource.value(QLatin1String("meta")).toObject();
    QJsonArray tags = meta.value(QLatin1String("tag")).toArray();
    tags.append(QJsonObject{{QStringLiteral("system"), QStringLiteral("http://terminology.hl7.org/CodeSystem/v3-ObservationValue")},
                            {QStringLiteral("code"), QStringLiteral("SUBSETTED")}});
    meta.insert(QLatin1String("tag"), tags);
    resource.insert(QLatin1String("meta"), meta);
    return resource;
}

void SearchBundleBuilder::appendEntry(QByteArray &out, const StoredResource &resource, const QString &mode,
                                      const QStringList &elements) const
{
    const QByteArray json = mode == QLatin1String("match") && !elements.isEmpty()
                                ? QJsonDocument(subset(QJsonDocument::fromJson(resource.json).object(), elements)).toJson(QJsonDocument::Compact)
                                : resource.json;
    // fullUrl is made of the base, a type and a FHIR id: nothing in it needs JSON escaping but the base.
    out += "{\"fullUrl\":";
    out += m_baseJson;
    out.chop(1); // the base's closing quote
    out += '/';
    out += resource.type.toLatin1();
    out += '/';
    out += resource.id.toLatin1();
    out += "\",\"resource\":";
    out += json;
    out += ",\"search\":{\"mode\":\"";
    out += mode.toLatin1();
    out += "\"}}";
}

QByteArray SearchBundleBuilder::build(const SearchQuery &query, const SearchPage &page) const
{
    QList<QPair<QString, QString>> base;
    for (const auto &pair : m_parameters) {
        if (pair.first != QLatin1String("_offset") && pair.first != QLatin1String("_snapshot"))
            base << pair;
    }
    const auto pageLink = [&](int offset) {
        QList<QPair<QString, QString>> parameters = base;
        parameters << qMakePair(QStringLiteral("_snapshot"), QString::number(page.snapshot));
        parameters << qMakePair(QStringLiteral("_offset"), QString::number(offset));
        return link(parameters);
    };

    QJsonArray links{QJsonObject{{QStringLiteral("relation"), QStringLiteral("self")},
                                 {QStringLiteral("url"), query.offset > 0 || query.snapshot ? pageLink(query.offset) : link(base)}}};
    if (page.hasMore)
        links.append(QJsonObject{{QStringLiteral("relation"), QStringLiteral("next")},
                                 {QStringLiteral("url"), pageLink(query.offset + query.count)}});
    if (query.offset > 0)
        links.append(QJsonObject{{QStringLiteral("relation"), QStringLiteral("previous")},
                                 {QStringLiteral("url"), pageLink(std::max(0, query.offset - query.count))}});

    // The entries go into one buffer sized up front: the resources are most of the response.
    qsizetype size = 64;
    for (const QList<StoredResource> *list : {&page.matches, &page.included}) {
        for (const StoredResource &r : *list)
            size += r.json.size() + m_baseJson.size() + r.type.size() + r.id.size() + 64;
    }
    QByteArray entries;
    entries.reserve(size);
    const auto separate = [&entries] {
        entries += entries.isEmpty() ? ",\"entry\":[" : ",";
    };
    for (const StoredResource &r : page.matches) {
        separate();
        appendEntry(entries, r, QStringLiteral("match"), query.elements);
    }
    for (const StoredResource &r : page.included) {
        separate();
        appendEntry(entries, r, QStringLiteral("include"), {});
    }
    if (!query.ignored.isEmpty()) {
        const QJsonObject outcome{
            {QStringLiteral("resourceType"), QStringLiteral("OperationOutcome")},
            {QStringLiteral("issue"), QJsonArray{QJsonObject{
                                          {QStringLiteral("severity"), QStringLiteral("warning")},
                                          {QStringLiteral("code"), QStringLiteral("not-supported")},
                                          {QStringLiteral("diagnostics"),
                                           QString(QStringLiteral("ignored unknown search parameters: ") + query.ignored.join(QStringLiteral(", ")))},
                                      }}}};
        separate();
        entries += QJsonDocument(QJsonObject{{QStringLiteral("resource"), outcome},
                                             {QStringLiteral("search"), QJsonObject{{QStringLiteral("mode"), QStringLiteral("outcome")}}}})
                       .toJson(QJsonDocument::Compact);
    }

    QJsonObject bundle{{QStringLiteral("resourceType"), QStringLiteral("Bundle")},
                       {QStringLiteral("type"), QStringLiteral("searchset")},
                       {QStringLiteral("link"), links}};
    if (page.total)
        bundle.insert(QStringLiteral("total"), *page.total);
    const QByteArray envelope = QJsonDocument(bundle).toJson(QJsonDocument::Compact);
    if (entries.isEmpty())
        return envelope;
    entries += "]}";
    // The envelope without its closing brace, then the entries.
    return entries.prepend(QByteArrayView(envelope).chopped(1));
}

QJsonObject SearchBundleBuilder::history(const QList<StoredResource> &versions) const
{
    QJsonArray entries;
    for (const StoredResource &r : versions) {
        entries.append(QJsonObject{
            {QStringLiteral("fullUrl"), QString(m_baseUrl + QLatin1Char('/') + r.type + QLatin1Char('/') + r.id)},
            {QStringLiteral("resource"), QJsonDocument::fromJson(r.json).object()},
            {QStringLiteral("request"), QJsonObject{{QStringLiteral("method"), r.version == 1 ? QStringLiteral("POST") : QStringLiteral("PUT")},
                                                    {QStringLiteral("url"), QString(r.type + QLatin1Char('/') + r.id)}}},
            {QStringLiteral("response"), QJsonObject{{QStringLiteral("status"), r.version == 1 ? QStringLiteral("201") : QStringLiteral("200")},
                                                     {QStringLiteral("etag"), QStringLiteral("W/\"%1\"").arg(r.version)}}},
        });
    }
    return QJsonObject{{QStringLiteral("resourceType"), QStringLiteral("Bundle")},
                       {QStringLiteral("type"), QStringLiteral("history")},
                       {QStringLiteral("total"), versions.size()},
                       {QStringLiteral("entry"), entries}};
}

} // namespace paw::fhir
