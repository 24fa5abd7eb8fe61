#pragma once

#include "fhir/search/SearchQuery.h"

#include <QList>

namespace paw::fhir {

/// What an access layer lets a request see of one resource type, as search criteria the store
/// applies to matches and to included resources alike (in SQL for searches, in memory for one
/// resource): a resource is visible when it meets every criterion of `all` and, when `anyOf` is
/// not empty, every criterion of at least one of its alternatives.
///
/// The criteria are ordinary SearchCriterion values (the patient compartment as `patient=Patient/x`
/// or `_id=x`, withheld labels as `_security:not=...`, a granular scope's query), so that they
/// mean exactly what the same search parameters mean in a query.
struct AccessRule
{
    bool denied = false; // nothing of the type is visible
    QList<SearchCriterion> all;
    QList<QList<SearchCriterion>> anyOf;

    bool isUnrestricted() const { return !denied && all.isEmpty() && anyOf.isEmpty(); }
    static AccessRule deny() { return AccessRule{true, {}, {}}; }
};

} // namespace paw::fhir
