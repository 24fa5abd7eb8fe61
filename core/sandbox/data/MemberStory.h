#pragma once

#include <QDate>
#include <QList>
#include <QString>
#include <QStringList>

namespace paw::sandbox {

/// What happens to one synthetic member, decided once (MemberStoryPlanner) and then told as FHIR
/// resources by the generators: ClaimsGenerator (C4BB: Patient, Coverage, ExplanationOfBenefit)
/// and ClinicalGenerator (US Core records). Both read the same story, so claims and records agree:
/// a claim's dates, providers and codes are those of the encounter it pays for, a pharmacy claim's
/// drug is the one dispensed, a vaccine or lab panel billed is one the record reports, and every
/// date falls inside the coverage that pays.
///
/// Every id here is a FHIR resource id (1-64 of [A-Za-z0-9-.]) that the generators use as is.

/// A code with its system and display, as a FHIR Coding says it.
struct Code
{
    QString system;
    QString code;
    QString display;
    bool isEmpty() const { return code.isEmpty(); }
};

/// HL7 v3 ActCode sensitivity a record carries in meta.security (DESIGN.md §3): ETH (substance
/// use), PSY (mental health), HIV, SEX (reproductive health), GDIS (genetics); empty for none.
using Sensitivity = QString;

struct Address
{
    QString line;
    QString city;
    QString state; // two-letter USPS code
    QString postalCode;
};

struct Member
{
    int index = 0;              // 0-based position in the population
    QString patientId;          // Patient resource id
    QString username;           // login (DESIGN.md §3)
    QString memberId;           // the payer's member id (C4BB identifier type MB)
    QString uniqueMemberId;     // the payer's unique member id (C4BB identifier type um)
    QString family;
    QStringList given;
    QString gender;             // FHIR administrative gender: female | male
    QDate birthDate;
    Address address;
    QString phone;
    QString email;
    Code race;                  // OMB race category (urn:oid:2.16.840.1.113883.6.238)
    Code ethnicity;             // OMB ethnicity category
    QString birthSex;           // F | M
    QString language;           // BCP-47, e.g. en-US
};

/// One Coverage: a period during which a payer pays for the member's care.
struct CoveragePeriod
{
    QString coverageId;
    QString payerId;            // Organization id of the payer (SandboxPopulation::payers)
    QString subscriberReference; // "Patient/<member>" or, for a minor, "RelatedPerson/<id>" of the parent (PersonaPlan)
    QString subscriberId;       // identifier of the subscriber with the payer
    QString relationship;       // subscriber-relationship code: self | spouse | child
    QString planName;
    QString planId;
    QString groupName;
    QString groupId;
    QDate start;
    QDate end;                  // null: still active on the story's as-of date
};

struct Diagnosis
{
    Code icd10;                 // ICD-10-CM (http://hl7.org/fhir/sid/icd-10-cm)
    Code snomed;                // the same condition in SNOMED CT, for US Core records
    Sensitivity sensitivity;
};

struct ProcedureCode
{
    Code code;                  // CPT/HCPCS for professional and outpatient, ICD-10-PCS inpatient, CDT oral
    Code snomed;
};

struct Drug
{
    Code ndc;                   // NDC (http://hl7.org/fhir/sid/ndc)
    Code rxnorm;                // RxNorm (http://www.nlm.nih.gov/research/umls/rxnorm)
    int daysSupply = 30;
    int quantity = 30;
    QString medicationId;       // shared Medication resource id (SandboxPopulation::medications)
};

/// A vaccine given at a visit: an Immunization in the record, a product line on the claim.
struct Vaccination
{
    Code cvx;                   // the Immunization's vaccineCode (ClinicalCatalog::vaccines)
    Code cpt;                   // the vaccine product the claim bills (CareCatalog::vaccineProduct)
};

/// A lab panel drawn at a visit: a lab DiagnosticReport in the record, a panel line on the claim.
struct LabOrder
{
    Code loinc;                 // the panel, the DiagnosticReport's code (ClinicalCatalog::labPanels)
    Code cpt;                   // what the claim bills for it (CareCatalog::labPanelProcedure)
};

/// An event of care: what a claim pays for and what the clinical record says happened.
struct CareEvent
{
    enum class Kind {
        InpatientStay,   // C4BB EOB Inpatient Institutional; an inpatient Encounter
        OutpatientVisit, // C4BB EOB Outpatient Institutional; an outpatient Encounter
        OfficeVisit,     // C4BB EOB Professional NonClinician; an ambulatory Encounter
        PharmacyFill,    // C4BB EOB Pharmacy; a MedicationDispense
        DentalVisit,     // C4BB EOB Oral; an ambulatory Encounter
    };
    Kind kind = Kind::OfficeVisit;
    QString id;                 // unique within the member: "<patientId>-e<n>"; generators derive ids from it
    QDate start;
    QDate end;                  // == start except for inpatient stays
    QString coverageId;         // the CoveragePeriod that pays (start and end fall inside it)
    QString providerId;         // Organization id of the billing provider (hospital, clinic, pharmacy, dental office)
    QString practitionerId;     // the attending/rendering/prescribing Practitioner
    QString locationId;         // Location id (facility)
    QList<Diagnosis> diagnoses; // first = principal
    QList<ProcedureCode> procedures; // the claim's lines in order, those of vaccinations and labOrders included
    QList<Vaccination> vaccinations; // office visits only; billed as each product, then 90471 for the first, 90472 each other
    QList<LabOrder> labOrders;       // billed as one venipuncture (36415), then each panel
    Drug drug;                  // PharmacyFill only
    bool preventive = false;    // a check-up (OfficeVisit): the member is measured, often has labs drawn and vaccines given
    Sensitivity sensitivity;    // the most sensitive of its diagnoses, or the drug's
    int claimNumber = 0;        // unique per member: with the member index it makes the claim id
};

/// A lasting fact of the member's health that the clinical record states.
struct ChronicCondition
{
    Diagnosis diagnosis;
    QDate onset;
    bool active = true;
};

struct MemberStory
{
    Member member;
    QDate asOf;                          // "today" for this story: nothing happens after it
    QList<CoveragePeriod> coverages;     // oldest first; at least one
    QList<CareEvent> events;             // in date order
    QList<ChronicCondition> conditions;  // problem list
    QList<Code> allergies;               // substances (SNOMED/RxNorm); may be empty
    bool hasImplant = false;             // an implantable device (US Core Implantable Device)
};

} // namespace paw::sandbox
