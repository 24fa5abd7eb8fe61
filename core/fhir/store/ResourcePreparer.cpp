#include "fhir/store/ResourcePreparer.h"

#include "fhir/search/FhirReference.h"
#include "fhir/store/SqlSearchBuilder.h"

#include <QHash>

#include <algorithm>
#include <future>
#include <thread>

namespace paw::fhir {

namespace {

QByteArray utf8(const QString &value)
{
    return value.toUtf8();
}

// Parameter names, code systems and target types repeat in every resource: their UTF-8 is made
// once per thread and shared (QByteArray is implicitly shared), not allocated per index row.
QByteArray sharedUtf8(const QString &value)
{
    thread_local QHash<QString, QByteArray> cache;
    if (const auto found = cache.constFind(value); found != cache.constEnd())
        return *found;
    QByteArray bytes = value.toUtf8();
    if (cache.size() < 4096)
        cache.insert(value, bytes);
    return bytes;
}

QString describe(qsizetype position, const QString &type, const QString &id)
{
    if (type.isEmpty())
        return QStringLiteral("resource %1").arg(position + 1);
    return QStringLiteral("resource %1 (%2/%3)").arg(position + 1).arg(type, id);
}

} // namespace

QString PreparedResource::where() const
{
    return describe(position, resource.type, resource.id);
}

ResourcePreparer::ResourcePreparer(const SearchIndexer &indexer, QSet<QString> servedTypes)
    : m_indexer(indexer)
    , m_projection(indexer)
    , m_types(std::move(servedTypes))
{
}

PreparedResource ResourcePreparer::prepare(const QByteArray &document, qsizetype position) const
{
    return prepared(IncomingResource::parse(document, m_projection), position);
}

PreparedResource ResourcePreparer::prepare(const QJsonObject &resource, qsizetype position) const
{
    return prepared(IncomingResource::fromObject(resource, m_projection), position);
}

PreparedResource ResourcePreparer::prepared(Expected<IncomingResource, QString> incoming, qsizetype position) const
{
    PreparedResource p;
    p.position = position;
    if (!incoming) {
        p.error = describe(position, {}, {}) + QStringLiteral(": ") + incoming.error();
        return p;
    }
    p.resource = std::move(incoming).value();
    if (!m_types.contains(p.resource.type)) {
        p.error = p.where() + QStringLiteral(": resourceType '%1' is not served by PAW").arg(p.resource.type);
        return p;
    }
    if (!FhirReference::isValidId(p.resource.id)) {
        p.error = p.where() + QStringLiteral(": id must be 1-64 characters of A-Z, a-z, 0-9, '-' and '.'");
        return p;
    }
    p.typeUtf8 = sharedUtf8(p.resource.type);
    p.idUtf8 = utf8(p.resource.id);
    const IndexEntries entries = m_indexer.extract(p.resource.indexed);
    p.resource.indexed = QJsonObject(); // not needed any more: free it here, not on the writer's thread
    // _id and _lastUpdated are columns of `resource` (SqlSearchBuilder reads them there).
    p.tokens.reserve(entries.tokens.size());
    for (const auto &e : entries.tokens) {
        if (!SqlSearchBuilder::isResourceColumn(e.param))
            p.tokens.append({sharedUtf8(e.param), sharedUtf8(e.system), utf8(e.code), utf8(e.text)});
    }
    p.strings.reserve(entries.strings.size());
    for (const auto &e : entries.strings)
        p.strings.append({sharedUtf8(e.param), utf8(e.normalized), utf8(e.exact)});
    p.dates.reserve(entries.dates.size());
    for (const auto &e : entries.dates) {
        if (!SqlSearchBuilder::isResourceColumn(e.param))
            p.dates.append({sharedUtf8(e.param), e.low, e.high});
    }
    p.references.reserve(entries.references.size());
    for (const auto &e : entries.references)
        p.references.append({sharedUtf8(e.param), sharedUtf8(e.targetType), utf8(e.targetId), utf8(e.url)});
    return p;
}

template<typename Document>
std::vector<PreparedResource> ResourcePreparer::prepareRange(const QList<Document> &documents, qsizetype from, qsizetype to) const
{
    std::vector<PreparedResource> out(to - from);
    const qsizetype threads = std::clamp<qsizetype>(std::thread::hardware_concurrency(), 1, 8);
    const qsizetype slice = (qsizetype(out.size()) + threads - 1) / threads;
    const auto work = [&](qsizetype start, qsizetype end) {
        for (qsizetype i = start; i < end; ++i)
            out[i - from] = prepare(documents.at(i), i);
    };
    std::vector<std::future<void>> jobs;
    for (qsizetype start = from + slice; start < to; start += slice)
        jobs.push_back(std::async(std::launch::async, work, start, std::min(to, start + slice)));
    work(from, std::min(to, from + slice));
    for (auto &job : jobs)
        job.get();
    return out;
}

template std::vector<PreparedResource> ResourcePreparer::prepareRange(const QList<QByteArray> &, qsizetype, qsizetype) const;
template std::vector<PreparedResource> ResourcePreparer::prepareRange(const QList<QJsonObject> &, qsizetype, qsizetype) const;

} // namespace paw::fhir
