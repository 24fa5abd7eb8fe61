#pragma once

#include "fhir/search/FhirPathLite.h"
#include "fhir/search/IndexEntries.h"
#include "fhir/search/SearchParameterRegistry.h"

#include <QHash>
#include <QJsonObject>
#include <QList>

namespace paw::fhir {

/// Extracts a resource's search index entries by evaluating each parameter's expression.
/// Pure and thread-safe: one instance may serve every thread. Expressions are compiled once, here.
///
/// What each parameter type reads:
/// - token: Coding (system, code, display as text), CodeableConcept (one entry per coding, text
///   from the coding's display or else the concept's text; the concept's text alone becomes an
///   entry with empty system and code), Identifier (system, value, type.text as text),
///   ContactPoint (value, no system), code/string/uri/id primitives (no system), booleans
///   ("true"/"false").
/// - string: string primitives; HumanName family, each given, prefix, suffix and text; Address
///   line, city, district, state, postalCode, country and text; one entry per part.
/// - date: date/dateTime/instant, Period (an open start or end is the min/max qint64), each
///   Timing.event.
/// - reference: Reference.reference as FhirReference reads it; a bare id is typed only when the
///   parameter has exactly one target; contained ("#x") and unreadable references are skipped.
/// Identical entries are reported once.
class SearchIndexer
{
public:
    explicit SearchIndexer(const SearchParameterRegistry &registry);

    /// Entries for every parameter of resource["resourceType"], including `_id` and
    /// `_lastUpdated` (from meta.lastUpdated). Values that cannot be read are skipped.
    /// `resource` is a document simdjson parsed (IncomingResource: the store's way).
    IndexEntries extract(const simdjson::dom::element &resource) const;
    /// Only the entries of the named parameters (the few an access check reads on every read);
    /// an empty list names every parameter.
    IndexEntries extract(const simdjson::dom::element &resource, const QStringList &parameters) const;
    /// The same for a Qt JSON object (written out and parsed: for tests and tools, not bulk work).
    IndexEntries extract(const QJsonObject &resource) const;

    /// Whether this indexer has parameters for the type.
    bool indexes(const QString &resourceType) const { return m_compiled.contains(resourceType); }

private:
    struct CompiledParameter
    {
        const SearchParameter *parameter = nullptr;
        FhirPathLite expression;
    };

    const SearchParameterRegistry &m_registry;
    QHash<QString, QList<CompiledParameter>> m_compiled; // by resource type
};

} // namespace paw::fhir
