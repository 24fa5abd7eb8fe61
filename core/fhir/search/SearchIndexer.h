#pragma once

#include "fhir/search/IndexEntries.h"
#include "fhir/search/SearchParameterRegistry.h"

#include <QJsonObject>

namespace paw::fhir {

/// Extracts a resource's search index entries by evaluating each parameter's expression.
/// Pure and thread-safe: one instance may serve every thread.
class SearchIndexer
{
public:
    explicit SearchIndexer(const SearchParameterRegistry &registry);

    /// Entries for every parameter of resource["resourceType"], including `_id` and
    /// `_lastUpdated` (from meta.lastUpdated). Values that cannot be read are skipped.
    IndexEntries extract(const QJsonObject &resource) const;

private:
    const SearchParameterRegistry &m_registry;
};

} // namespace paw::fhir
