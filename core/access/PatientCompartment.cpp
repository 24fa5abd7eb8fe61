#include "access/PatientCompartment.h"

using namespace Qt::StringLiterals;

namespace paw::access {

PatientCompartment::PatientCompartment(const fhir::SearchParameterRegistry &registry) : m_registry(registry) {}

bool PatientCompartment::isShared(const QString &resourceType)
{
    static const QStringList shared{u"Organization"_s, u"Practitioner"_s, u"PractitionerRole"_s, u"Location"_s,
                                    u"Medication"_s};
    return shared.contains(resourceType);
}

const fhir::SearchParameter *PatientCompartment::parameterFor(const QString &resourceType) const
{
    if (resourceType == u"Patient")
        return m_registry.find(resourceType, u"_id"_s);
    if (isShared(resourceType))
        return nullptr;
    const fhir::SearchParameter *patient = m_registry.find(resourceType, u"patient"_s);
    if (patient && patient->type == fhir::SearchParamType::Reference && patient->targets.contains(u"Patient"_s))
        return patient;
    return nullptr;
}

std::optional<fhir::SearchCriterion> PatientCompartment::criterion(const QString &resourceType,
                                                                   const QStringList &patientIds) const
{
    const fhir::SearchParameter *parameter = parameterFor(resourceType);
    if (!parameter || patientIds.isEmpty())
        return std::nullopt;
    fhir::SearchCriterion criterion;
    criterion.parameter = parameter;
    for (const QString &id : patientIds) {
        if (parameter->type == fhir::SearchParamType::Reference)
            criterion.anyOf.append(fhir::ReferenceValue{u"Patient"_s, id, {}});
        else
            criterion.anyOf.append(fhir::TokenValue{std::nullopt, id});
    }
    return criterion;
}

} // namespace paw::access
