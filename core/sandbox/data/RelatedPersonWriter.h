#pragma once

#include "auth/Delegation.h"
#include "sandbox/data/FhirJson.h"

#include <QByteArray>
#include <QStringList>

namespace paw::sandbox {

/// The C4BB RelatedPerson that stands for a delegate in a member's record (DESIGN.md §3), one
/// per delegation: a delegate's token names it as `fhirUser`. Written by the seeder for the
/// sandbox's delegations and by `paw delegate add` for new ones, so both look alike.
class RelatedPersonWriter
{
public:
    /// The relationships a delegation may have (DESIGN.md §3), as Delegation::relationship names them.
    static const QStringList &relationships();
    static bool isRelationship(const QString &name);

    /// The resource for `delegation` (id relatedPersonId, relationship coded from its name,
    /// period from its dates) as compact JSON text. `active`: whether the delegation allows
    /// access on the day the caller means.
    static QByteArray write(FhirJson &json, const auth::Delegation &delegation, const QString &family, const QString &given,
                            bool active);
};

} // namespace paw::sandbox
