#include "sandbox/data/CareCatalog.h"

#include "sandbox/data/CodeSystems.h"

#include <QHash>

namespace paw::sandbox {

namespace {

Code icd(const char *code, const char *display)
{
    return {CodeSystems::icd10cm, QString::fromLatin1(code), QString::fromLatin1(display)};
}

Code sct(const char *code, const char *display)
{
    return {CodeSystems::snomed, QString::fromLatin1(code), QString::fromLatin1(display)};
}

Diagnosis dx(const char *icdCode, const char *icdDisplay, const char *snomedCode, const char *snomedDisplay,
             const char *sensitivity = "")
{
    return {icd(icdCode, icdDisplay), sct(snomedCode, snomedDisplay), QString::fromLatin1(sensitivity)};
}

ProcedureCode cpt(const char *code, const char *display, const char *snomedCode = "", const char *snomedDisplay = "")
{
    const QString system = QChar::fromLatin1(code[0]).isLetter() ? CodeSystems::hcpcs : CodeSystems::cpt;
    return {{system, QString::fromLatin1(code), QString::fromLatin1(display)},
            *snomedCode ? sct(snomedCode, snomedDisplay) : Code{}};
}

ProcedureCode pcs(const char *code, const char *display, const char *snomedCode = "", const char *snomedDisplay = "")
{
    return {{CodeSystems::icd10pcs, QString::fromLatin1(code), QString::fromLatin1(display)},
            *snomedCode ? sct(snomedCode, snomedDisplay) : Code{}};
}

ProcedureCode cdt(const char *code, const char *display, const char *snomedCode = "", const char *snomedDisplay = "")
{
    return {{CodeSystems::cdt, QString::fromLatin1(code), QString::fromLatin1(display)},
            *snomedCode ? sct(snomedCode, snomedDisplay) : Code{}};
}

Code drg(const char *code, const char *display)
{
    return {CodeSystems::msDrg, QString::fromLatin1(code), QString::fromLatin1(display)};
}

// Professional and outpatient codes the stories use, with SNOMED CT where the clinical record
// needs a Procedure code, the NUBC revenue code a hospital bills them under, and a typical charge.
struct ServiceRow
{
    ProcedureCode procedure;
    QString revenueCode;
    int chargeCents;
};

const QHash<QString, ServiceRow> &services()
{
    static const QHash<QString, ServiceRow> table = [] {
        QHash<QString, ServiceRow> t;
        const auto add = [&t](ProcedureCode p, const char *revenue, int cents) {
            t.insert(p.code.code, {p, QString::fromLatin1(revenue), cents});
        };
        add(cpt("99203", "Office or other outpatient visit for the evaluation and management of a new patient, low MDM",
                "185345009", "Encounter for symptom"), "0510", 16500);
        add(cpt("99212", "Office or other outpatient visit, established patient, straightforward MDM", "390906007",
                "Follow-up encounter"), "0510", 7500);
        add(cpt("99213", "Office or other outpatient visit, established patient, low MDM", "390906007",
                "Follow-up encounter"), "0510", 11000);
        add(cpt("99214", "Office or other outpatient visit, established patient, moderate MDM", "390906007",
                "Follow-up encounter"), "0510", 16500);
        add(cpt("99393", "Periodic comprehensive preventive medicine, established patient, age 5 through 11 years",
                "410620009", "Well child visit"), "0510", 19000);
        add(cpt("99394", "Periodic comprehensive preventive medicine, established patient, age 12 through 17 years",
                "410620009", "Well child visit"), "0510", 20500);
        add(cpt("99395", "Periodic comprehensive preventive medicine, established patient, age 18-39 years",
                "185349003", "Encounter for check up"), "0510", 21000);
        add(cpt("99396", "Periodic comprehensive preventive medicine, established patient, age 40-64 years",
                "185349003", "Encounter for check up"), "0510", 23000);
        add(cpt("99397", "Periodic comprehensive preventive medicine, established patient, age 65 years and older",
                "185349003", "Encounter for check up"), "0510", 24500);
        add(cpt("36415", "Collection of venous blood by venipuncture", "396540005", "Phlebotomy"), "0300", 1500);
        // Lab panels (labPanelProcedure): never Procedures, so no SNOMED code.
        add(cpt("80048", "Basic metabolic panel (Calcium, total)"), "0301", 3500);
        add(cpt("80061", "Lipid panel"), "0301", 5500);
        add(cpt("83036", "Hemoglobin; glycosylated (A1C)"), "0301", 4000);
        add(cpt("84443", "Thyroid stimulating hormone (TSH)"), "0301", 5000);
        add(cpt("85027", "Blood count; complete (CBC), automated (Hgb, Hct, RBC, WBC and platelet count)"), "0305", 3000);
        add(cpt("87880", "Infectious agent antigen detection by immunoassay, Streptococcus, group A", "117015009",
                "Throat culture"), "0306", 3000);
        add(cpt("81002", "Urinalysis, non-automated, without microscopy", "167217005", "Urine microscopy"), "0300", 1200);
        add(cpt("93000", "Electrocardiogram, routine ECG with at least 12 leads; with interpretation and report",
                "29303009", "Electrocardiographic procedure"), "0730", 9000);
        add(cpt("71046", "Radiologic examination, chest; 2 views", "399208008", "Plain chest X-ray"), "0320", 18000);
        add(cpt("70450", "Computed tomography, head or brain; without contrast material", "303653007",
                "Computed tomography of head"), "0350", 95000);
        add(cpt("73721", "Magnetic resonance imaging, any joint of lower extremity; without contrast material",
                "241620005", "Magnetic resonance imaging of knee"), "0610", 150000);
        add(cpt("99284", "Emergency department visit, moderate medical decision making", "50849002",
                "Emergency room admission"), "0450", 85000);
        add(cpt("99283", "Emergency department visit, low medical decision making", "50849002",
                "Emergency room admission"), "0450", 52000);
        add(cpt("45378", "Colonoscopy, flexible; diagnostic", "73761001", "Colonoscopy"), "0750", 210000);
        add(cpt("29881", "Arthroscopy, knee, surgical; with meniscectomy (medial or lateral)", "443497002",
                "Excision of meniscus of knee"), "0360", 480000);
        add(cpt("66984", "Extracapsular cataract removal with insertion of intraocular lens prosthesis", "415919007",
                "Phacoemulsification of cataract with intraocular lens implantation"), "0360", 350000);
        add(cpt("97110", "Therapeutic procedure, 1 or more areas, each 15 minutes; therapeutic exercises", "91251008",
                "Physical therapy procedure"), "0420", 6500);
        add(cpt("90834", "Psychotherapy, 45 minutes with patient", "75516001", "Psychotherapy"), "0900", 14000);
        add(cpt("90791", "Psychiatric diagnostic evaluation", "90407005", "Evaluation of psychiatric state of patient"),
            "0900", 22000);
        add(cpt("80305", "Drug test(s), presumptive, any number of drug classes, by direct optical observation",
                "171208006", "Drug screening"), "0300", 2500);
        add(cpt("H0001", "Alcohol and/or drug assessment", "171208006", "Drug screening"), "0944", 18000);
        add(cpt("87536", "Infectious agent detection by nucleic acid, HIV-1, quantification", "315124004",
                "Human immunodeficiency virus viral load"), "0306", 16000);
        add(cpt("81025", "Urine pregnancy test, by visual color comparison methods", "167252002",
                "Urine pregnancy test"), "0300", 1800);
        add(cpt("89320", "Semen analysis; volume, count, motility, and differential", "269879006", "Semen analysis"),
            "0300", 12000);
        add(cpt("81162", "BRCA1, BRCA2 gene analysis; full sequence analysis and full duplication/deletion analysis",
                "405824009", "Genetic test"), "0300", 250000);
        // Vaccine products (vaccineProduct) and their administration: never Procedures either.
        add(cpt("90686", "Influenza virus vaccine, quadrivalent (IIV4), split virus, preservative free, 0.5 mL dosage, "
                         "for intramuscular use"), "0636", 3500);
        add(cpt("90656", "Influenza virus vaccine, trivalent (IIV3), split virus, preservative free, 0.5 mL dosage, "
                         "for intramuscular use"), "0636", 3200);
        add(cpt("90715", "Tetanus, diphtheria toxoids and acellular pertussis vaccine (Tdap), when administered to "
                         "individuals 7 years or older, for intramuscular use"), "0636", 6500);
        add(cpt("90732", "Pneumococcal polysaccharide vaccine, 23-valent (PPSV23), adult or immunosuppressed patient "
                         "dosage, when administered to individuals 2 years or older, for subcutaneous or intramuscular use"),
            "0636", 14000);
        add(cpt("90750", "Zoster (shingles) vaccine (HZV), recombinant, subunit, adjuvanted, for intramuscular use"), "0636",
            24000);
        add(cpt("90707", "Measles, mumps and rubella virus vaccine (MMR), live, for subcutaneous use"), "0636", 11000);
        add(cpt("90700", "Diphtheria, tetanus toxoids, and acellular pertussis vaccine (DTaP), when administered to "
                         "individuals younger than 7 years, for intramuscular use"), "0636", 4500);
        add(cpt("90716", "Varicella virus vaccine (VAR), live, for subcutaneous use"), "0636", 17000);
        add(cpt("90633", "Hepatitis A vaccine (HepA), pediatric/adolescent dosage-2 dose schedule, for intramuscular use"),
            "0636", 4000);
        add(cpt("90651", "Human Papillomavirus vaccine types 6, 11, 16, 18, 31, 33, 45, 52, 58, nonavalent (9vHPV), 2 or 3 "
                         "dose schedule, for intramuscular use"), "0636", 30000);
        add(cpt("90734", "Meningococcal conjugate vaccine, serogroups A, C, W, Y, quadrivalent, diphtheria toxoid carrier "
                         "(MenACWY-D) or CRM197 carrier (MenACWY-CRM), for intramuscular use"), "0636", 16000);
        add(cpt("90471", "Immunization administration; 1 vaccine (single or combination vaccine/toxoid)"), "0771", 2500);
        add(cpt("90472", "Immunization administration; each additional vaccine (single or combination vaccine/toxoid)"),
            "0771", 1500);
        return t;
    }();
    return table;
}

} // namespace

const QList<CareCatalog::Medication> &CareCatalog::medications()
{
    // Each RxNorm clinical drug with the NDC package of a product marketed as that drug.
    static const QList<Medication> list = [] {
        const auto med = [](const char *rx, const char *rxDisplay, const char *ndc, const char *ndcDisplay,
                            const char *sensitivity, int days, int quantity, int unitCents, bool brand) {
            return Medication{{CodeSystems::rxnorm, QString::fromLatin1(rx), QString::fromLatin1(rxDisplay)},
                              {CodeSystems::ndc, QString::fromLatin1(ndc), QString::fromLatin1(ndcDisplay)},
                              QString::fromLatin1(sensitivity), days, quantity, unitCents, brand};
        };
        return QList<Medication>{
            med("310385", "fluoxetine 20 MG Oral Capsule", "0777-3105-02", "Prozac 20 MG Oral Capsule, 100 in 1 bottle",
                "PSY", 30, 30, 1450, true),
            med("312938", "sertraline 50 MG Oral Tablet", "0049-4900-66", "Zoloft 50 MG Oral Tablet, 100 in 1 bottle",
                "PSY", 30, 30, 1200, true),
            med("1010604", "buprenorphine 8 MG / naloxone 2 MG Sublingual Film", "12496-1208-03",
                "Suboxone 8 MG / 2 MG Sublingual Film, 30 pouches in 1 carton", "ETH", 30, 60, 1400, true),
            med("1999563", "bictegravir 50 MG / emtricitabine 200 MG / tenofovir alafenamide 25 MG Oral Tablet",
                "61958-2501-01", "Biktarvy Oral Tablet, 30 in 1 bottle", "HIV", 30, 30, 13500, true),
            med("745679", "200 ACTUAT albuterol 0.09 MG/ACTUAT Metered Dose Inhaler", "0173-0682-20",
                "Ventolin HFA 90 MCG/ACTUAT, 1 inhaler (200 actuations)", "", 30, 1, 6500, true),
            med("1364430", "apixaban 5 MG Oral Tablet", "0003-0894-21", "Eliquis 5 MG Oral Tablet, 60 in 1 bottle", "", 30,
                60, 950, true),
            med("617310", "atorvastatin 20 MG Oral Tablet", "0071-0156-23", "Lipitor 20 MG Oral Tablet, 90 in 1 bottle",
                "", 90, 90, 400, true),
            med("665033", "sitagliptin 100 MG Oral Tablet", "0006-0277-31", "Januvia 100 MG Oral Tablet, 30 in 1 bottle",
                "", 30, 30, 1800, true),
            med("1545658", "empagliflozin 10 MG Oral Tablet", "0597-0152-30", "Jardiance 10 MG Oral Tablet, 30 in 1 bottle",
                "", 30, 30, 1950, true),
            med("197361", "amlodipine 5 MG Oral Tablet", "0069-1530-68", "Norvasc 5 MG Oral Tablet, 300 in 1 bottle", "",
                90, 90, 250, true),
            med("308191", "amoxicillin 500 MG Oral Capsule", "0093-3109-01", "Amoxicillin 500 MG Oral Capsule, 100 in 1 bottle",
                "", 10, 30, 40, false),
        };
    }();
    return list;
}

const CareCatalog::Medication *CareCatalog::medication(const QString &rxnorm)
{
    for (const Medication &m : medications())
        if (m.rxnorm.code == rxnorm)
            return &m;
    return nullptr;
}

const QList<CareCatalog::Chronic> &CareCatalog::chronicConditions()
{
    static const QList<Chronic> list{
        {dx("I10", "Essential (primary) hypertension", "59621000", "Essential hypertension"), QStringLiteral("197361"), 30,
         {}, QStringLiteral("80048")},
        {dx("E11.9", "Type 2 diabetes mellitus without complications", "44054006", "Diabetes mellitus type 2"),
         QStringLiteral("665033"), 30, {}, QStringLiteral("83036")},
        {dx("E78.5", "Hyperlipidemia, unspecified", "55822004", "Hyperlipidemia"), QStringLiteral("617310"), 35, {},
         QStringLiteral("80061")},
        {dx("J45.909", "Unspecified asthma, uncomplicated", "195967001", "Asthma"), QStringLiteral("745679"), 4, {}, {}},
        {dx("I48.91", "Unspecified atrial fibrillation", "49436004", "Atrial fibrillation"), QStringLiteral("1364430"), 55,
         {}, QStringLiteral("93000")},
        {dx("E66.9", "Obesity, unspecified", "414916001", "Obesity"), {}, 18, {}, {}},
        {dx("K21.9", "Gastro-esophageal reflux disease without esophagitis", "235595009", "Gastroesophageal reflux disease"),
         {}, 25, {}, {}},
        {dx("M17.11", "Unilateral primary osteoarthritis, right knee", "239873007", "Osteoarthritis of knee"), {}, 50, {},
         QStringLiteral("97110")},
        {dx("J44.9", "Chronic obstructive pulmonary disease, unspecified", "13645005", "Chronic obstructive lung disease"),
         QStringLiteral("745679"), 50, {}, {}},
    };
    return list;
}

const QList<CareCatalog::Acute> &CareCatalog::acuteConditions()
{
    static const QList<Acute> list{
        {dx("J02.9", "Acute pharyngitis, unspecified", "195662009", "Acute viral pharyngitis"), QStringLiteral("87880"),
         QStringLiteral("308191")},
        {dx("J01.90", "Acute sinusitis, unspecified", "444814009", "Viral sinusitis"), {}, QStringLiteral("308191")},
        {dx("J20.9", "Acute bronchitis, unspecified", "10509002", "Acute bronchitis"), QStringLiteral("71046"), {}},
        {dx("N30.00", "Acute cystitis without hematuria", "38822007", "Cystitis"), QStringLiteral("81002"), {}},
        {dx("M54.50", "Low back pain, unspecified", "279039007", "Low back pain"), {}, {}},
        {dx("S93.401A", "Sprain of unspecified ligament of right ankle, initial encounter", "44465007", "Sprain of ankle"),
         {}, {}},
        {dx("R51.9", "Headache, unspecified", "25064002", "Headache"), {}, {}},
        {dx("H66.90", "Otitis media, unspecified, unspecified ear", "65363002", "Otitis media"), {},
         QStringLiteral("308191"), 17},
    };
    return list;
}

CareCatalog::Chronic CareCatalog::sensitiveCondition(const Sensitivity &sensitivity, const QString &sex)
{
    if (sensitivity == u"ETH")
        return {dx("F11.20", "Opioid dependence, uncomplicated", "75544000", "Opioid dependence", "ETH"),
                QStringLiteral("1010604"), 18, {}, QStringLiteral("80305")};
    if (sensitivity == u"HIV")
        return {dx("B20", "Human immunodeficiency virus [HIV] disease", "86406008", "Human immunodeficiency virus infection",
                   "HIV"),
                QStringLiteral("1999563"), 18, {}, QStringLiteral("87536")};
    if (sensitivity == u"SEX")
        return sex == u"F" ? Chronic{dx("N97.9", "Female infertility, unspecified", "6738008", "Female infertility", "SEX"),
                                     {}, 18, QStringLiteral("F"), QStringLiteral("81025")}
                           : Chronic{dx("N46.9", "Male infertility, unspecified", "2904007", "Male infertility", "SEX"),
                                     {}, 18, QStringLiteral("M"), QStringLiteral("89320")};
    if (sensitivity == u"GDIS")
        return {dx("Z15.01", "Genetic susceptibility to malignant neoplasm of breast", "412734009",
                   "BRCA1 gene mutation positive", "GDIS"),
                {}, 18, {}, QStringLiteral("81162")};
    // PSY
    return {dx("F33.1", "Major depressive disorder, recurrent, moderate", "18818009",
               "Moderate recurrent major depression", "PSY"),
            QStringLiteral("312938"), 12, {}, QStringLiteral("90834")};
}

ProcedureCode CareCatalog::sensitiveVisitProcedure(const Sensitivity &sensitivity, const QString &sex)
{
    return procedure(sensitiveCondition(sensitivity, sex).followUpCpt);
}

const QList<CareCatalog::InpatientCase> &CareCatalog::inpatientCases()
{
    static const QList<InpatientCase> list{
        {dx("K35.80", "Unspecified acute appendicitis", "85189001", "Acute appendicitis"),
         dx("E86.0", "Dehydration", "34095006", "Dehydration"),
         pcs("0DTJ4ZZ", "Resection of Appendix, Percutaneous Endoscopic Approach", "6025007", "Laparoscopic appendectomy"),
         drg("343", "Appendectomy without complicated principal diagnosis without CC/MCC"), 1, 2,
         {QStringLiteral("0360"), QStringLiteral("0370"), QStringLiteral("0250")}, 5, {}},
        {dx("J18.9", "Pneumonia, unspecified organism", "233604007", "Pneumonia"),
         dx("E86.0", "Dehydration", "34095006", "Dehydration"),
         pcs("BW03ZZZ", "Plain Radiography of Chest", "399208008", "Plain chest X-ray"),
         drg("195", "Simple pneumonia and pleurisy without CC/MCC"), 2, 4,
         {QStringLiteral("0250"), QStringLiteral("0320"), QStringLiteral("0410")}, 0, {}},
        {dx("I21.4", "Non-ST elevation (NSTEMI) myocardial infarction", "401314000",
            "Acute non-ST segment elevation myocardial infarction"),
         dx("I10", "Essential (primary) hypertension", "59621000", "Essential hypertension"),
         pcs("02703DZ", "Dilation of Coronary Artery, One Artery with Intraluminal Device, Percutaneous Approach",
             "36969009", "Placement of stent in coronary artery"),
         drg("247", "Percutaneous cardiovascular procedures with drug-eluting stent without MCC"), 2, 4,
         {QStringLiteral("0480"), QStringLiteral("0278"), QStringLiteral("0250")}, 40, {}},
        {dx("I50.9", "Heart failure, unspecified", "84114007", "Heart failure"),
         dx("N18.30", "Chronic kidney disease, stage 3 unspecified", "433144002", "Chronic kidney disease stage 3"),
         pcs("B246ZZZ", "Ultrasonography of Right and Left Heart", "40701008", "Echocardiography"),
         drg("293", "Heart failure and shock without CC/MCC"), 3, 5,
         {QStringLiteral("0250"), QStringLiteral("0480"), QStringLiteral("0300")}, 55, {}},
        {dx("M17.11", "Unilateral primary osteoarthritis, right knee", "239873007", "Osteoarthritis of knee"),
         dx("E66.9", "Obesity, unspecified", "414916001", "Obesity"),
         pcs("0SRC0J9", "Replacement of Right Knee Joint with Synthetic Substitute, Cemented, Open Approach", "609588000",
             "Total knee replacement"),
         drg("470", "Major hip and knee joint replacement or reattachment of lower extremity without MCC"), 1, 3,
         {QStringLiteral("0360"), QStringLiteral("0278"), QStringLiteral("0420")}, 50, {}},
        {dx("O80", "Encounter for full-term uncomplicated delivery", "48782003", "Delivery normal"),
         dx("Z37.0", "Single live birth", "169826009", "Single live birth"),
         pcs("10E0XZZ", "Delivery of Products of Conception, External Approach", "48782003", "Delivery normal"),
         drg("807", "Vaginal delivery without sterilization/D&C without CC/MCC"), 1, 2,
         {QStringLiteral("0720"), QStringLiteral("0250")}, 20, QStringLiteral("F")},
    };
    return list;
}

const QList<CareCatalog::InpatientCase> &CareCatalog::sensitiveInpatientCases()
{
    static const QList<InpatientCase> list{
        {dx("F10.239", "Alcohol dependence with withdrawal, unspecified", "7200002", "Alcoholism", "ETH"),
         dx("F11.20", "Opioid dependence, uncomplicated", "75544000", "Opioid dependence", "ETH"),
         pcs("HZ2ZZZZ", "Detoxification Services for Substance Abuse Treatment", "61480009", "Drug detoxification"),
         drg("897", "Alcohol, drug abuse or dependence without rehabilitation therapy without MCC"), 3, 5,
         {QStringLiteral("0250"), QStringLiteral("0300")}, 18, {}},
        {dx("F33.2", "Major depressive disorder, recurrent severe without psychotic features", "36474008",
            "Severe recurrent major depression without psychotic features", "PSY"),
         dx("F41.1", "Generalized anxiety disorder", "21897009", "Generalized anxiety disorder", "PSY"),
         pcs("GZ3ZZZZ", "Medication Management", "410229000", "Medication management"),
         drg("881", "Depressive neuroses"), 3, 6, {QStringLiteral("0250"), QStringLiteral("0900")}, 12, {}},
    };
    return list;
}

const QList<CareCatalog::OutpatientService> &CareCatalog::outpatientServices()
{
    static const QList<OutpatientService> list{
        {dx("R07.9", "Chest pain, unspecified", "29857009", "Chest pain"), procedure(QStringLiteral("99284")),
         QStringLiteral("0450"), 18},
        {dx("S93.401A", "Sprain of unspecified ligament of right ankle, initial encounter", "44465007", "Sprain of ankle"),
         procedure(QStringLiteral("99283")), QStringLiteral("0450"), 0},
        {dx("R06.02", "Shortness of breath", "267036007", "Dyspnea"), procedure(QStringLiteral("71046")),
         QStringLiteral("0320"), 0},
        {dx("S06.0X0A", "Concussion without loss of consciousness, initial encounter", "110030002", "Concussion injury of brain"),
         procedure(QStringLiteral("70450")), QStringLiteral("0350"), 0},
        {dx("Z12.11", "Encounter for screening for malignant neoplasm of colon", "275978004",
            "Screening for malignant neoplasm of colon"),
         procedure(QStringLiteral("45378")), QStringLiteral("0750"), 45},
        {dx("M23.221", "Derangement of posterior horn of medial meniscus due to old tear or injury, right knee", "239720000",
            "Tear of meniscus of knee"),
         procedure(QStringLiteral("29881")), QStringLiteral("0360"), 25},
        {dx("H25.11", "Age-related nuclear cataract, right eye", "193570009", "Cataract"), procedure(QStringLiteral("66984")),
         QStringLiteral("0360"), 55},
        {dx("M25.561", "Pain in right knee", "30989003", "Knee pain"), procedure(QStringLiteral("73721")),
         QStringLiteral("0610"), 18},
    };
    return list;
}

const QList<CareCatalog::DentalService> &CareCatalog::dentalServices()
{
    static const QList<DentalService> list{
        {dx("K02.52", "Dental caries on pit and fissure surface penetrating into dentin", "80967001", "Dental caries"),
         cdt("D2391", "Resin-based composite - one surface, posterior", "234785009", "Restoration of tooth"), true, true,
         false, false},
        {dx("K02.62", "Dental caries on smooth surface penetrating into dentin", "80967001", "Dental caries"),
         cdt("D2392", "Resin-based composite - two surfaces, posterior", "234785009", "Restoration of tooth"), true, true,
         false, false},
        {dx("K08.539", "Fractured dental restorative material, unspecified", "109720009", "Fracture of tooth"),
         cdt("D2740", "Crown - porcelain/ceramic", "65546002", "Crown of tooth"), true, false, true, false},
        {dx("K05.311", "Chronic periodontitis, localized, slight", "41565005", "Chronic periodontitis"),
         cdt("D4341", "Periodontal scaling and root planing - four or more teeth per quadrant", "234696006",
             "Periodontal scaling and root planing"),
         false, false, false, true},
        {dx("K04.7", "Periapical abscess without sinus", "10944007", "Periapical abscess"),
         cdt("D7140", "Extraction, erupted tooth or exposed root", "55162003", "Tooth extraction"), true, false, false,
         false},
    };
    return list;
}

const QList<CareCatalog::Specialty> &CareCatalog::specialties()
{
    const auto nucc = [](const char *code, const char *display) {
        return Code{CodeSystems::nucc, QString::fromLatin1(code), QString::fromLatin1(display)};
    };
    using S = Specialty::Setting;
    static const QList<Specialty> list{
        {nucc("207Q00000X", "Family Medicine Physician"), S::Clinic},
        {nucc("207R00000X", "Internal Medicine Physician"), S::Clinic},
        {nucc("208000000X", "Pediatrics Physician"), S::Clinic},
        {nucc("2084P0800X", "Psychiatry Physician"), S::Clinic},
        {nucc("207V00000X", "Obstetrics & Gynecology Physician"), S::Clinic},
        {nucc("207RI0200X", "Infectious Disease Physician"), S::Clinic},
        {nucc("207P00000X", "Emergency Medicine Physician"), S::Hospital},
        {nucc("208600000X", "Surgery Physician"), S::Hospital},
        {nucc("207RC0000X", "Cardiovascular Disease Physician"), S::Hospital},
        {nucc("208M00000X", "Hospitalist"), S::Hospital},
        {nucc("183500000X", "Pharmacist"), S::Pharmacy},
        {nucc("1223G0001X", "General Practice Dentist"), S::Dental},
    };
    return list;
}

ProcedureCode CareCatalog::officeVisit(int level)
{
    return procedure(level <= 2 ? QStringLiteral("99212") : level == 3 ? QStringLiteral("99213") : QStringLiteral("99214"));
}

ProcedureCode CareCatalog::preventiveVisit(int age)
{
    return procedure(age < 12   ? QStringLiteral("99393")
                     : age < 18 ? QStringLiteral("99394")
                     : age < 40 ? QStringLiteral("99395")
                     : age < 65 ? QStringLiteral("99396")
                                : QStringLiteral("99397"));
}

Diagnosis CareCatalog::wellnessDiagnosis(int age)
{
    return age < 18 ? dx("Z00.129", "Encounter for routine child health examination without abnormal findings",
                         "410620009", "Well child visit")
                    : dx("Z00.00", "Encounter for general adult medical examination without abnormal findings",
                         "185349003", "Encounter for check up");
}

Diagnosis CareCatalog::dentalExamDiagnosis()
{
    return dx("Z01.20", "Encounter for dental examination and cleaning without abnormal findings", "34043003",
              "Dental consultation and report");
}

ProcedureCode CareCatalog::procedure(const QString &code)
{
    static const QHash<QString, ProcedureCode> dental = [] {
        QHash<QString, ProcedureCode> t;
        for (const ProcedureCode &p :
             {cdt("D0120", "Periodic oral evaluation - established patient", "34043003", "Dental consultation and report"),
              cdt("D0150", "Comprehensive oral evaluation - new or established patient", "34043003",
                  "Dental consultation and report"),
              cdt("D0274", "Bitewings - four radiographic images", "241113006", "Bitewing radiography"),
              cdt("D1110", "Prophylaxis - adult", "234696006", "Dental prophylaxis"),
              cdt("D1120", "Prophylaxis - child", "234696006", "Dental prophylaxis"),
              cdt("D1206", "Topical application of fluoride varnish", "68081004", "Application of fluoride to tooth")})
            t.insert(p.code.code, p);
        return t;
    }();
    if (const auto found = services().constFind(code); found != services().constEnd())
        return found->procedure;
    return dental.value(code);
}

ProcedureCode CareCatalog::labPanelProcedure(const QString &loinc)
{
    // LOINC panel (ClinicalCatalog::labPanels) -> the CPT code that bills it.
    static const QHash<QString, QString> cpt{
        {QStringLiteral("51990-0"), QStringLiteral("80048")}, // basic metabolic panel
        {QStringLiteral("58410-2"), QStringLiteral("85027")}, // CBC without differential
        {QStringLiteral("24331-1"), QStringLiteral("80061")}, // lipid panel
        {QStringLiteral("4548-4"), QStringLiteral("83036")},  // hemoglobin A1c
        {QStringLiteral("3016-3"), QStringLiteral("84443")},  // TSH
    };
    return cpt.contains(loinc) ? procedure(cpt.value(loinc)) : ProcedureCode{};
}

ProcedureCode CareCatalog::vaccineProduct(const QString &cvx)
{
    // CVX (ClinicalCatalog::vaccines) -> CPT vaccine product code, as CDC's CPT-CVX crosswalk pairs them.
    static const QHash<QString, QString> cpt{
        {QStringLiteral("150"), QStringLiteral("90686")}, {QStringLiteral("140"), QStringLiteral("90656")},
        {QStringLiteral("115"), QStringLiteral("90715")}, {QStringLiteral("33"), QStringLiteral("90732")},
        {QStringLiteral("187"), QStringLiteral("90750")}, {QStringLiteral("03"), QStringLiteral("90707")},
        {QStringLiteral("20"), QStringLiteral("90700")},  {QStringLiteral("21"), QStringLiteral("90716")},
        {QStringLiteral("83"), QStringLiteral("90633")},  {QStringLiteral("165"), QStringLiteral("90651")},
        {QStringLiteral("136"), QStringLiteral("90734")},
    };
    return cpt.contains(cvx) ? procedure(cpt.value(cvx)) : ProcedureCode{};
}

ProcedureCode CareCatalog::vaccineAdministration(int position)
{
    return procedure(position == 0 ? QStringLiteral("90471") : QStringLiteral("90472"));
}

Code CareCatalog::drgFor(const QString &pcsCode)
{
    for (const QList<InpatientCase> *cases : {&inpatientCases(), &sensitiveInpatientCases()})
        for (const InpatientCase &c : *cases)
            if (c.procedure.code.code == pcsCode)
                return c.drg;
    return {};
}

QString CareCatalog::revenueCodeFor(const QString &cptCode)
{
    return services().value(cptCode).revenueCode;
}

int CareCatalog::chargeCents(const QString &code)
{
    static const QHash<QString, int> other{
        {QStringLiteral("D0120"), 6500}, {QStringLiteral("D0150"), 11000}, {QStringLiteral("D0274"), 8000},
        {QStringLiteral("D1110"), 11500}, {QStringLiteral("D1120"), 8500}, {QStringLiteral("D1206"), 4500},
        {QStringLiteral("D2391"), 19500}, {QStringLiteral("D2392"), 25000}, {QStringLiteral("D2740"), 135000},
        {QStringLiteral("D4341"), 26000}, {QStringLiteral("D7140"), 21000},
        // Inpatient revenue codes, per day (room and board) or per stay.
        {QStringLiteral("0120"), 280000}, {QStringLiteral("0114"), 210000}, {QStringLiteral("0116"), 190000},
        {QStringLiteral("0250"), 95000}, {QStringLiteral("0300"), 62000}, {QStringLiteral("0320"), 38000},
        {QStringLiteral("0360"), 1250000}, {QStringLiteral("0370"), 310000}, {QStringLiteral("0410"), 84000},
        {QStringLiteral("0420"), 76000}, {QStringLiteral("0480"), 840000}, {QStringLiteral("0278"), 960000},
        {QStringLiteral("0720"), 560000}, {QStringLiteral("0900"), 45000},
    };
    if (const auto found = services().constFind(code); found != services().constEnd())
        return found->chargeCents;
    return other.value(code, 10000);
}

} // namespace paw::sandbox
