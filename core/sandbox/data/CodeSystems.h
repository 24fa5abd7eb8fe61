#pragma once

#include <QString>

namespace paw::sandbox {

/// Canonical URLs of the code systems the sandbox data uses, spelled once (as C4BB 2.0.0 and US
/// Core 3.1.1 name them), so that a typo cannot split one system into two.
struct CodeSystems
{
    static inline const QString icd10cm = QStringLiteral("http://hl7.org/fhir/sid/icd-10-cm");
    static inline const QString icd10pcs = QStringLiteral("http://www.cms.gov/Medicare/Coding/ICD10");
    static inline const QString snomed = QStringLiteral("http://snomed.info/sct");
    static inline const QString cpt = QStringLiteral("http://www.ama-assn.org/go/cpt");
    static inline const QString hcpcs = QStringLiteral("https://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets");
    static inline const QString cdt = QStringLiteral("http://www.ada.org/cdt");
    static inline const QString rxnorm = QStringLiteral("http://www.nlm.nih.gov/research/umls/rxnorm");
    static inline const QString ndc = QStringLiteral("http://hl7.org/fhir/sid/ndc");
    static inline const QString nucc = QStringLiteral("http://nucc.org/provider-taxonomy");
    static inline const QString msDrg = QStringLiteral(
        "https://www.cms.gov/Medicare/Medicare-Fee-for-Service-Payment/AcuteInpatientPPS/MS-DRG-Classifications-and-Software");
    static inline const QString omb = QStringLiteral("urn:oid:2.16.840.1.113883.6.238");
    static inline const QString actCode = QStringLiteral("http://terminology.hl7.org/CodeSystem/v3-ActCode");
};

} // namespace paw::sandbox
