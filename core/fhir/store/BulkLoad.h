#pragma once

#include "fhir/store/ResourceStore.h"

#include <QString>

namespace paw::fhir {

/// A load of many resources (an import, a sandbox seed): while it lives, an empty store is
/// written without its search indexes, and finish() builds them once. Destroying it without
/// finish() (an error, a cancellation) builds them too, so the store is always searchable after.
class BulkLoad
{
public:
    explicit BulkLoad(ResourceStore &store);
    ~BulkLoad();
    BulkLoad(const BulkLoad &) = delete;
    BulkLoad &operator=(const BulkLoad &) = delete;

    /// Why the load could not start its fast mode (it then loads the usual way); empty if it did.
    QString startError() const { return m_startError; }
    /// Builds the indexes; an error text, empty on success.
    QString finish();

private:
    ResourceStore &m_store;
    QString m_startError;
    bool m_finished = false;
};

} // namespace paw::fhir
