#pragma once

#include "fhir/search/AccessRule.h"
#include "fhir/search/IndexEntries.h"
#include "fhir/search/SearchIndexer.h"

#include <QByteArray>
#include <QString>

#include <memory>

namespace simdjson::dom {
class parser;
}

namespace paw::fhir {

/// Decides in memory whether one resource meets an AccessRule: the checks of a read by id, a
/// vread, a history and an `_include` target, where a second SQL query per resource would cost
/// more than reading the resource's own JSON. Criteria mean what SqlSearchBuilder makes them mean
/// in SQL (tokens, strings, dates, references, with their modifiers); a type it cannot evaluate
/// (quantity, number, uri) never matches, so a rule it does not understand hides the resource.
/// Keeps a parser: one instance per thread.
class ResourceMatcher
{
public:
    /// `baseUrl`: this server's FHIR base (absolute references under it are local).
    ResourceMatcher(const SearchIndexer &indexer, QString baseUrl);
    ~ResourceMatcher();

    /// Whether the resource whose JSON is `json` is visible under `rule`. `nowMs` is the present,
    /// for the date prefix `ap`.
    bool matches(const QByteArray &json, const AccessRule &rule, qint64 nowMs) const;
    /// The same for a resource's index entries.
    bool matches(const IndexEntries &entries, const AccessRule &rule, qint64 nowMs) const;
    bool matches(const IndexEntries &entries, const SearchCriterion &criterion, qint64 nowMs) const;

private:
    bool matchesValue(const IndexEntries &entries, const SearchCriterion &criterion, const SearchValue &value,
                      qint64 nowMs) const;
    bool isLocal(const QString &url) const;

    const SearchIndexer &m_indexer;
    QString m_baseUrl;
    std::unique_ptr<simdjson::dom::parser> m_parser;
};

} // namespace paw::fhir
