#include "sandbox/data/ClinicalCatalog.h"

using namespace Qt::StringLiterals;

namespace paw::sandbox {

namespace {

Code loinc(const QString &code, const QString &display)
{
    return Code{u"http://loinc.org"_s, code, display};
}

Code cvx(const QString &code, const QString &display)
{
    return Code{u"http://hl7.org/fhir/sid/cvx"_s, code, display};
}

Code snomed(const QString &code, const QString &display)
{
    return Code{u"http://snomed.info/sct"_s, code, display};
}

} // namespace

const QList<LabPanel> &ClinicalCatalog::labPanels()
{
    static const QList<LabPanel> panels{
        {loinc(u"51990-0"_s, u"Basic metabolic panel - Blood"_s),
         {{loinc(u"2345-7"_s, u"Glucose [Mass/volume] in Serum or Plasma"_s), u"mg/dL"_s, 70, 99, 0},
          {loinc(u"3094-0"_s, u"Urea nitrogen [Mass/volume] in Serum or Plasma"_s), u"mg/dL"_s, 7, 20, 0},
          {loinc(u"2160-0"_s, u"Creatinine [Mass/volume] in Serum or Plasma"_s), u"mg/dL"_s, 0.6, 1.3, 2},
          {loinc(u"2951-2"_s, u"Sodium [Moles/volume] in Serum or Plasma"_s), u"mmol/L"_s, 136, 145, 0},
          {loinc(u"2823-3"_s, u"Potassium [Moles/volume] in Serum or Plasma"_s), u"mmol/L"_s, 3.5, 5.1, 1},
          {loinc(u"2075-0"_s, u"Chloride [Moles/volume] in Serum or Plasma"_s), u"mmol/L"_s, 98, 107, 0},
          {loinc(u"2028-9"_s, u"Carbon dioxide, total [Moles/volume] in Serum or Plasma"_s), u"mmol/L"_s, 22, 29, 0},
          {loinc(u"17861-6"_s, u"Calcium [Mass/volume] in Serum or Plasma"_s), u"mg/dL"_s, 8.6, 10.3, 1}}},
        {loinc(u"58410-2"_s, u"CBC panel - Blood by Automated count"_s),
         {{loinc(u"6690-2"_s, u"Leukocytes [#/volume] in Blood by Automated count"_s), u"10*3/uL"_s, 4.5, 11.0, 1},
          {loinc(u"789-8"_s, u"Erythrocytes [#/volume] in Blood by Automated count"_s), u"10*6/uL"_s, 4.2, 5.9, 2},
          {loinc(u"718-7"_s, u"Hemoglobin [Mass/volume] in Blood"_s), u"g/dL"_s, 12.0, 17.5, 1},
          {loinc(u"4544-3"_s, u"Hematocrit [Volume Fraction] of Blood by Automated count"_s), u"%"_s, 36, 50, 1},
          {loinc(u"777-3"_s, u"Platelets [#/volume] in Blood by Automated count"_s), u"10*3/uL"_s, 150, 400, 0}}},
        {loinc(u"24331-1"_s, u"Lipid 1996 panel - Serum or Plasma"_s),
         {{loinc(u"2093-3"_s, u"Cholesterol [Mass/volume] in Serum or Plasma"_s), u"mg/dL"_s, 125, 199, 0},
          {loinc(u"2571-8"_s, u"Triglyceride [Mass/volume] in Serum or Plasma"_s), u"mg/dL"_s, 40, 149, 0},
          {loinc(u"2085-9"_s, u"Cholesterol in HDL [Mass/volume] in Serum or Plasma"_s), u"mg/dL"_s, 40, 80, 0},
          {loinc(u"13457-7"_s, u"Cholesterol in LDL [Mass/volume] in Serum or Plasma by calculation"_s), u"mg/dL"_s,
           50, 99, 0}}},
        {loinc(u"4548-4"_s, u"Hemoglobin A1c/Hemoglobin.total in Blood"_s),
         {{loinc(u"4548-4"_s, u"Hemoglobin A1c/Hemoglobin.total in Blood"_s), u"%"_s, 4.0, 5.6, 1}}},
        {loinc(u"3016-3"_s, u"Thyrotropin [Units/volume] in Serum or Plasma"_s),
         {{loinc(u"3016-3"_s, u"Thyrotropin [Units/volume] in Serum or Plasma"_s), u"m[IU]/L"_s, 0.4, 4.0, 2}}},
    };
    return panels;
}

const LabPanel *ClinicalCatalog::labPanel(const QString &loinc)
{
    for (const LabPanel &panel : labPanels())
        if (panel.loinc.code == loinc)
            return &panel;
    return nullptr;
}

const QList<Vaccine> &ClinicalCatalog::vaccines()
{
    // Each product is one CareCatalog::vaccineProduct() can bill. Influenza vaccines in the US are
    // quadrivalent up to the 2023-24 season and trivalent from 2024-25 on. COVID-19 vaccines are left
    // out: their formula changes each season, and their claims bill their own administration codes.
    static const QList<Vaccine> list{
        {cvx(u"150"_s, u"Influenza, injectable, quadrivalent, preservative free"_s), 1, 120, {}, QDate(2024, 6, 30), true},
        {cvx(u"140"_s, u"Influenza, seasonal, injectable, preservative free"_s), 1, 120, QDate(2024, 7, 1), {}, true},
        {cvx(u"115"_s, u"Tdap"_s), 11, 120, {}, {}, false},
        {cvx(u"33"_s, u"pneumococcal polysaccharide vaccine, 23 valent"_s), 65, 120, {}, {}, false},
        {cvx(u"187"_s, u"zoster vaccine recombinant"_s), 50, 120, QDate(2017, 10, 20), {}, false},
        {cvx(u"03"_s, u"measles, mumps and rubella virus vaccine"_s), 1, 6, {}, {}, false},
        {cvx(u"20"_s, u"diphtheria, tetanus toxoids and acellular pertussis vaccine"_s), 0, 6, {}, {}, false},
        {cvx(u"21"_s, u"varicella virus vaccine"_s), 1, 12, {}, {}, false},
        {cvx(u"83"_s, u"hepatitis A vaccine, pediatric/adolescent dosage, 2 dose schedule"_s), 1, 18, {}, {}, false},
        {cvx(u"165"_s, u"Human Papillomavirus 9-valent vaccine"_s), 9, 26, QDate(2014, 12, 10), {}, false},
        {cvx(u"136"_s, u"meningococcal oligosaccharide (groups A, C, Y and W-135) diphtheria toxoid conjugate vaccine (MCV4O)"_s),
         11, 18, {}, {}, false},
    };
    return list;
}

const QList<Code> &ClinicalCatalog::allergyReactions()
{
    static const QList<Code> list{
        snomed(u"247472004"_s, u"Wheal"_s),
        snomed(u"271807003"_s, u"Eruption of skin"_s),
        snomed(u"418363000"_s, u"Itching of skin"_s),
        snomed(u"422587007"_s, u"Nausea"_s),
        snomed(u"267036007"_s, u"Dyspnea"_s),
        snomed(u"39579001"_s, u"Anaphylaxis"_s),
    };
    return list;
}

const QList<ImplantModel> &ClinicalCatalog::implants()
{
    static const QList<ImplantModel> list{
        {snomed(u"14106009"_s, u"Cardiac pacemaker"_s), u"0088442233091"_s, u"Sandbox DR Pacemaker"_s,
         u"Sandbox Cardiac Devices"_s},
        {snomed(u"72506001"_s, u"Implantable defibrillator"_s), u"0088442233107"_s, u"Sandbox ICD Single Chamber"_s,
         u"Sandbox Cardiac Devices"_s},
        {snomed(u"705643001"_s, u"Coronary artery stent"_s), u"0088442244015"_s, u"Sandbox Drug-Eluting Stent 3.0 x 18 mm"_s,
         u"Sandbox Vascular"_s},
        {snomed(u"304120007"_s, u"Total hip replacement prosthesis"_s), u"0088442255028"_s, u"Sandbox Hip System"_s,
         u"Sandbox Orthopedics"_s},
        {snomed(u"43252007"_s, u"Cochlear prosthesis"_s), u"0088442266034"_s, u"Sandbox Cochlear Implant"_s,
         u"Sandbox Hearing"_s},
    };
    return list;
}

const QList<NoteType> &ClinicalCatalog::imagingReports()
{
    static const QList<NoteType> list{
        {loinc(u"36643-5"_s, u"XR Chest 2 Views"_s), loinc(u"LP29684-5"_s, u"Radiology"_s)},
        {loinc(u"24627-2"_s, u"CT Chest"_s), loinc(u"LP29684-5"_s, u"Radiology"_s)},
        {loinc(u"24558-9"_s, u"US Abdomen"_s), loinc(u"LP29684-5"_s, u"Radiology"_s)},
        {loinc(u"11524-6"_s, u"EKG study"_s), loinc(u"LP29708-2"_s, u"Cardiology"_s)},
    };
    return list;
}

const NoteType &ClinicalCatalog::progressNote()
{
    static const NoteType note{loinc(u"11506-3"_s, u"Progress note"_s), {}};
    return note;
}

const NoteType &ClinicalCatalog::dischargeSummary()
{
    static const NoteType note{loinc(u"18842-5"_s, u"Discharge summary"_s), {}};
    return note;
}

} // namespace paw::sandbox
