#pragma once

#include "fhir/search/AccessRule.h"

#include <QString>

namespace paw::fhir {

/// Which permission a use of a resource needs: a read by id or the target of an `_include`
/// (a reference followed) needs Read; a search match or a `_revinclude` source (found by a
/// search on its type) needs Search.
enum class AccessInteraction { Read, Search };

/// The limits one request's authorization puts on what the store returns, per resource type.
/// The FHIR layer knows nothing of tokens or scopes: the access layer implements this.
/// An instance serves one request on one thread.
class AccessConstraints
{
public:
    virtual ~AccessConstraints() = default;
    virtual AccessRule ruleFor(const QString &resourceType, AccessInteraction interaction) const = 0;
};

} // namespace paw::fhir
