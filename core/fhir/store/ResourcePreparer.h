#pragma once

#include "fhir/search/SearchIndexer.h"
#include "fhir/store/PreparedResource.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QSet>

#include <vector>

namespace paw::fhir {

/// The CPU part of writing resources to the store, which needs no database and runs on any
/// thread: the store's writer uses it a chunk ahead of its inserts, and a producer of many
/// resources (the sandbox seeder) can use it on its own threads while the store writes.
class ResourcePreparer
{
public:
    ResourcePreparer(const SearchIndexer &indexer, QSet<QString> servedTypes);

    /// One resource's JSON text (IncomingResource::parse says what it must be).
    PreparedResource prepare(const QByteArray &document, qsizetype position) const;
    /// One resource built in this process (IncomingResource::fromObject).
    PreparedResource prepare(const QJsonObject &resource, qsizetype position) const;

    /// documents [from, to) on every core, in order; positions are their indexes in `documents`.
    template<typename Document>
    std::vector<PreparedResource> prepareRange(const QList<Document> &documents, qsizetype from, qsizetype to) const;

private:
    PreparedResource prepared(Expected<IncomingResource, QString> incoming, qsizetype position) const;

    const SearchIndexer &m_indexer;
    QSet<QString> m_types;
};

extern template std::vector<PreparedResource> ResourcePreparer::prepareRange(const QList<QByteArray> &, qsizetype, qsizetype) const;
extern template std::vector<PreparedResource> ResourcePreparer::prepareRange(const QList<QJsonObject> &, qsizetype, qsizetype) const;

} // namespace paw::fhir
