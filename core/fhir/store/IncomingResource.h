#pragma once

#include "Expected.h"
#include "fhir/search/IndexEntries.h"
#include "fhir/search/SearchIndexer.h"

#include <QByteArray>
#include <QJsonObject>
#include <QString>

namespace paw::fhir {

/// One resource's JSON text, checked and made ready to store.
///
/// The text is parsed once (simdjson) and written back compactly, members in their original
/// order, with fixed placeholders where meta.versionId and meta.lastUpdated go: the content hash
/// of that form does not depend on the version, so re-importing the same content is recognised,
/// and storing a version only splices two values in. The SearchIndexer reads the same parsed
/// document for the search index entries.
struct IncomingResource
{
    QString type;
    QString id; // from the text, or derived from the content when the text has none
    QByteArray json; // compact, with the placeholders
    qsizetype versionAt = -1; // offsets of the placeholders in json
    qsizetype updatedAt = -1;
    QByteArray hash; // SHA-256 of json, hex
    IndexEntries entries; // the search index entries (from the text: an id derived here has none)

    /// Parses `text` (one JSON object with a resourceType). Members must be FHIR element names and
    /// meta, if present, an object; an id, if present, a string (the store checks its syntax).
    static Expected<IncomingResource, QString> parse(QByteArrayView text, const SearchIndexer &indexer);

    /// A resource built in this process (the sandbox): the stored form, hash and checks of
    /// parse(its compact JSON text), without writing the text out and reading it back. Its Qt
    /// JSON members are in name order, and so is that text. Member names below the top level and
    /// meta are not checked: Qt's objects hold what PAW's code put in them.
    static Expected<IncomingResource, QString> fromObject(const QJsonObject &resource, const SearchIndexer &indexer);

    /// The JSON to store: json with the placeholders replaced by these JSON values.
    QByteArray stored(QByteArrayView versionJson, QByteArrayView updatedJson) const;
};

} // namespace paw::fhir
