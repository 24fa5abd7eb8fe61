#pragma once

#include "sandbox/data/MemberStory.h"

#include <QList>
#include <QString>

namespace paw::sandbox {

/// The medical code tables the sandbox draws stories from, as C++ data: real ICD-10-CM codes
/// with their SNOMED CT equivalents, CPT/HCPCS, ICD-10-PCS with the MS-DRG they group to, CDT,
/// NUBC revenue codes, and RxNorm/NDC pairs of marketed products. Each table is built once.
class CareCatalog
{
public:
    struct Medication
    {
        Code rxnorm;            // the clinical drug (SCD)
        Code ndc;               // a marketed package of it (NDC 5-4-2)
        Sensitivity sensitivity;
        int daysSupply = 30;
        int quantity = 30;
        int unitCents = 100;    // the pharmacy's charge per unit, in cents
        bool brand = true;
    };

    /// A lasting condition and what treats it.
    struct Chronic
    {
        Diagnosis diagnosis;
        QString rxnorm;         // the drug filled for it ("" for none)
        int minAge = 0;
        QString sex;            // "F" or "M" when it applies to one sex only
        QString followUpCpt;    // what a follow-up visit bills besides the E/M code ("" none)
    };

    /// A short illness: an office visit, maybe a test, maybe a prescription.
    struct Acute
    {
        Diagnosis diagnosis;
        QString testCpt;        // "" for none
        QString rxnorm;         // "" for none
        int maxAge = 200;
    };

    /// An admission: its principal diagnosis, the ICD-10-PCS procedure, the DRG it groups to and
    /// the revenue codes of its ancillary charges.
    struct InpatientCase
    {
        Diagnosis diagnosis;
        Diagnosis secondary;
        ProcedureCode procedure;
        Code drg;
        int minStay = 1;
        int maxStay = 3;
        QStringList revenueCodes; // besides room and board
        int minAge = 0;
        QString sex;
    };

    /// A hospital outpatient service (emergency visit, imaging, endoscopy, surgery).
    struct OutpatientService
    {
        Diagnosis diagnosis;
        ProcedureCode procedure;
        QString revenueCode;
        int minAge = 0;
    };

    /// A dental service: CDT code, and whether it is done on one tooth (with a surface).
    struct DentalService
    {
        Diagnosis diagnosis;
        ProcedureCode procedure;
        bool perTooth = false;
        bool surface = false;
        bool prosthesis = false;
        bool area = false;      // done on an area of the oral cavity (quadrant)
    };

    struct Specialty
    {
        Code taxonomy;
        enum class Setting { Clinic, Hospital, Pharmacy, Dental } setting;
    };

    static const QList<Medication> &medications();
    static const Medication *medication(const QString &rxnorm);

    static const QList<Chronic> &chronicConditions();
    static const QList<Acute> &acuteConditions();
    /// The sensitive condition of each sensitivity (ETH, PSY, HIV, SEX, GDIS), for a given sex.
    static Chronic sensitiveCondition(const Sensitivity &sensitivity, const QString &sex);
    /// What a visit for a sensitive condition bills besides the E/M code.
    static ProcedureCode sensitiveVisitProcedure(const Sensitivity &sensitivity, const QString &sex);

    static const QList<InpatientCase> &inpatientCases();
    static const QList<InpatientCase> &sensitiveInpatientCases(); // detox (ETH), depression (PSY)
    static const QList<OutpatientService> &outpatientServices();
    static const QList<DentalService> &dentalServices();
    static const QList<Specialty> &specialties();

    /// An office E/M code: new or established patient, by complexity.
    static ProcedureCode officeVisit(int level);
    /// The preventive visit code for an age, and its diagnosis (Z00.129 or Z00.00).
    static ProcedureCode preventiveVisit(int age);
    static Diagnosis wellnessDiagnosis(int age);
    static Diagnosis dentalExamDiagnosis();
    static ProcedureCode procedure(const QString &cptOrHcpcs);
    /// The CPT code that bills a lab panel, by the panel's LOINC code (ClinicalCatalog::labPanels);
    /// empty for another code.
    static ProcedureCode labPanelProcedure(const QString &loinc);
    /// The CPT product code of a vaccine, by its CVX code (ClinicalCatalog::vaccines); empty for
    /// another code.
    static ProcedureCode vaccineProduct(const QString &cvx);
    /// Immunization administration, billed once per vaccine given at a visit: 90471 for the first
    /// (position 0), 90472 for each additional one.
    static ProcedureCode vaccineAdministration(int position);

    /// The MS-DRG an admission with ICD-10-PCS `pcs` groups to (from inpatientCases()).
    static Code drgFor(const QString &pcs);
    /// The NUBC revenue code of an outpatient CPT/HCPCS code.
    static QString revenueCodeFor(const QString &cpt);
    /// A typical charge for a code, in cents (billed amounts vary around it).
    static int chargeCents(const QString &code);
};

} // namespace paw::sandbox
