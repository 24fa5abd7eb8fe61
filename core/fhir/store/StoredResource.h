#pragma once

#include <QByteArray>
#include <QList>
#include <QString>
#include <optional>

namespace paw::fhir {

/// One version of a resource as stored: its compact JSON (with meta.versionId and
/// meta.lastUpdated set) and the facts the REST layer needs without parsing it.
struct StoredResource
{
    qint64 seq = 0; // creation order in the store; fixed across versions
    QString type;
    QString id;
    qint64 version = 0;
    qint64 lastUpdatedMs = 0;
    QByteArray json;
};

/// One page of search results.
struct SearchPage
{
    QList<StoredResource> matches;
    QList<StoredResource> included; // _include / _revinclude results, not in matches
    std::optional<qint64> total;    // when the query asked for a total
    qint64 snapshot = 0;            // newest seq this search sees; carried in paging links
    bool hasMore = false;           // another page follows
};

/// What a write of many resources did.
struct WriteSummary
{
    int created = 0;
    int updated = 0;
    int unchanged = 0; // same content as the current version: no new version
};

} // namespace paw::fhir
