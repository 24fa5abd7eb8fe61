#pragma once

#include <QString>

namespace paw::fhir {

/// The FHIR R4 resource type names, to tell "Patient/1" from an arbitrary URL path.
class FhirResourceTypes
{
public:
    /// True for an R4 resource type name such as "Patient" (case-sensitive).
    static bool isKnown(QStringView type);
};

} // namespace paw::fhir
