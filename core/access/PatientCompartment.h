#pragma once

#include "fhir/search/SearchParameterRegistry.h"
#include "fhir/search/SearchQuery.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace paw::access {

/// Which resources belong to which patient, read from the registered search parameters: a
/// Patient by its `_id`, any other type by its `patient` reference parameter (Coverage's is the
/// beneficiary, Observation's the subject when it is a Patient, ...). Organization, Practitioner,
/// PractitionerRole, Location and Medication belong to no patient: they are shared by everyone.
/// A type that is neither (no `patient` parameter and not shared) is in no one's reach.
class PatientCompartment
{
public:
    explicit PatientCompartment(const fhir::SearchParameterRegistry &registry);

    static bool isShared(const QString &resourceType);
    /// The parameter naming a resource's patient; nullptr for shared and unreachable types.
    const fhir::SearchParameter *parameterFor(const QString &resourceType) const;
    /// "belongs to one of `patientIds`" as a search criterion; nullopt when the type has no
    /// compartment parameter or `patientIds` is empty (nothing belongs to no one).
    std::optional<fhir::SearchCriterion> criterion(const QString &resourceType, const QStringList &patientIds) const;

private:
    const fhir::SearchParameterRegistry &m_registry;
};

} // namespace paw::access
