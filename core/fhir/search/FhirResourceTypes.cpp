#include "fhir/search/FhirResourceTypes.h"

#include <QSet>

using namespace Qt::StringLiterals;

namespace paw::fhir {

namespace {

// The R4 (4.0.1) resource types, from CodeSystem/resource-types.
const QSet<QString> &knownTypes()
{
    static const QSet<QString> types{
        u"Account"_s, u"ActivityDefinition"_s, u"AdverseEvent"_s, u"AllergyIntolerance"_s, u"Appointment"_s,
        u"AppointmentResponse"_s, u"AuditEvent"_s, u"Basic"_s, u"Binary"_s, u"BiologicallyDerivedProduct"_s,
        u"BodyStructure"_s, u"Bundle"_s, u"CapabilityStatement"_s, u"CarePlan"_s, u"CareTeam"_s,
        u"CatalogEntry"_s, u"ChargeItem"_s, u"ChargeItemDefinition"_s, u"Claim"_s, u"ClaimResponse"_s,
        u"ClinicalImpression"_s, u"CodeSystem"_s, u"Communication"_s, u"CommunicationRequest"_s,
        u"CompartmentDefinition"_s, u"Composition"_s, u"ConceptMap"_s, u"Condition"_s, u"Consent"_s,
        u"Contract"_s, u"Coverage"_s, u"CoverageEligibilityRequest"_s, u"CoverageEligibilityResponse"_s,
        u"DetectedIssue"_s, u"Device"_s, u"DeviceDefinition"_s, u"DeviceMetric"_s, u"DeviceRequest"_s,
        u"DeviceUseStatement"_s, u"DiagnosticReport"_s, u"DocumentManifest"_s, u"DocumentReference"_s,
        u"DomainResource"_s, u"EffectEvidenceSynthesis"_s, u"Encounter"_s, u"Endpoint"_s, u"EnrollmentRequest"_s,
        u"EnrollmentResponse"_s, u"EpisodeOfCare"_s, u"EventDefinition"_s, u"Evidence"_s, u"EvidenceVariable"_s,
        u"ExampleScenario"_s, u"ExplanationOfBenefit"_s, u"FamilyMemberHistory"_s, u"Flag"_s, u"Goal"_s,
        u"GraphDefinition"_s, u"Group"_s, u"GuidanceResponse"_s, u"HealthcareService"_s, u"ImagingStudy"_s,
        u"Immunization"_s, u"ImmunizationEvaluation"_s, u"ImmunizationRecommendation"_s,
        u"ImplementationGuide"_s, u"InsurancePlan"_s, u"Invoice"_s, u"Library"_s, u"Linkage"_s, u"List"_s,
        u"Location"_s, u"Measure"_s, u"MeasureReport"_s, u"Media"_s, u"Medication"_s,
        u"MedicationAdministration"_s, u"MedicationDispense"_s, u"MedicationKnowledge"_s, u"MedicationRequest"_s,
        u"MedicationStatement"_s, u"MedicinalProduct"_s, u"MedicinalProductAuthorization"_s,
        u"MedicinalProductContraindication"_s, u"MedicinalProductIndication"_s, u"MedicinalProductIngredient"_s,
        u"MedicinalProductInteraction"_s, u"MedicinalProductManufactured"_s, u"MedicinalProductPackaged"_s,
        u"MedicinalProductPharmaceutical"_s, u"MedicinalProductUndesirableEffect"_s, u"MessageDefinition"_s,
        u"MessageHeader"_s, u"MolecularSequence"_s, u"NamingSystem"_s, u"NutritionOrder"_s, u"Observation"_s,
        u"ObservationDefinition"_s, u"OperationDefinition"_s, u"OperationOutcome"_s, u"Organization"_s,
        u"OrganizationAffiliation"_s, u"Parameters"_s, u"Patient"_s, u"PaymentNotice"_s,
        u"PaymentReconciliation"_s, u"Person"_s, u"PlanDefinition"_s, u"Practitioner"_s, u"PractitionerRole"_s,
        u"Procedure"_s, u"Provenance"_s, u"Questionnaire"_s, u"QuestionnaireResponse"_s, u"RelatedPerson"_s,
        u"RequestGroup"_s, u"ResearchDefinition"_s, u"ResearchElementDefinition"_s, u"ResearchStudy"_s,
        u"ResearchSubject"_s, u"Resource"_s, u"RiskAssessment"_s, u"RiskEvidenceSynthesis"_s, u"Schedule"_s,
        u"SearchParameter"_s, u"ServiceRequest"_s, u"Slot"_s, u"Specimen"_s, u"SpecimenDefinition"_s,
        u"StructureDefinition"_s, u"StructureMap"_s, u"Subscription"_s, u"Substance"_s,
        u"SubstanceNucleicAcid"_s, u"SubstancePolymer"_s, u"SubstanceProtein"_s,
        u"SubstanceReferenceInformation"_s, u"SubstanceSourceMaterial"_s, u"SubstanceSpecification"_s,
        u"SupplyDelivery"_s, u"SupplyRequest"_s, u"Task"_s, u"TerminologyCapabilities"_s, u"TestReport"_s,
        u"TestScript"_s, u"ValueSet"_s, u"VerificationResult"_s, u"VisionPrescription"_s,
    };
    return types;
}

} // namespace

bool FhirResourceTypes::isKnown(QStringView type)
{
    return knownTypes().contains(type.toString());
}

} // namespace paw::fhir
