#include "sandbox/data/ExplanationOfBenefitBuilder.h"

#include "sandbox/data/CareCatalog.h"
#include "sandbox/data/CodeSystems.h"
#include "sandbox/data/FhirJson.h"

#include <algorithm>

namespace paw::sandbox {

namespace {

using Kind = CareEvent::Kind;

constexpr std::string_view kSupportingInfoType = "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBSupportingInfoType";
constexpr std::string_view kAdjudicationDiscriminator = "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBAdjudicationDiscriminator";
constexpr std::string_view kAdjudicationStatus = "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBPayerAdjudicationStatus";
constexpr std::string_view kC4bbAdjudication = "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBAdjudication";
constexpr std::string_view kCareTeamRole = "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBClaimCareTeamRole";
constexpr std::string_view kDiagnosisType = "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBClaimDiagnosisType";
constexpr std::string_view kIdentifierType = "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBIdentifierType";
constexpr std::string_view kInstitutionalSubType = "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBInstitutionalClaimSubType";
constexpr std::string_view kProcedureType = "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBClaimProcedureType";
constexpr std::string_view kSurfaceCodes = "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBSurfaceCodes";
constexpr std::string_view kHl7Adjudication = "http://terminology.hl7.org/CodeSystem/adjudication";
constexpr std::string_view kExDiagnosisType = "http://terminology.hl7.org/CodeSystem/ex-diagnosistype";
constexpr std::string_view kClaimType = "http://terminology.hl7.org/CodeSystem/claim-type";
constexpr std::string_view kTypeOfBill = "https://www.nubc.org/CodeSystem/TypeOfBill";
constexpr std::string_view kPointOfOrigin = "https://www.nubc.org/CodeSystem/PointOfOrigin";
constexpr std::string_view kAdmissionType = "https://www.nubc.org/CodeSystem/PriorityTypeOfAdmitOrVisit";
constexpr std::string_view kDischargeStatus = "https://www.nubc.org/CodeSystem/PatDischargeStatus";
constexpr std::string_view kRevenueCodes = "https://www.nubc.org/CodeSystem/RevenueCodes";
constexpr std::string_view kPresentOnAdmission = "https://www.nubc.org/CodeSystem/PresentOnAdmissionIndicator";
constexpr std::string_view kPlaceOfService =
    "https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set";
constexpr std::string_view kToothSystem = "http://terminology.hl7.org/CodeSystem/ADAUniversalToothDesignationSystem";
constexpr std::string_view kAreaSystem = "http://terminology.hl7.org/CodeSystem/ADAAreaOralCavitySystem";
constexpr std::string_view kCarc = "https://x12.org/codes/claim-adjustment-reason-codes";
constexpr std::string_view kClaimIdSystem = "https://sandbox.paw.example.org/fhir/sid/claim-id";

bool institutional(Kind kind)
{
    return kind == Kind::InpatientStay || kind == Kind::OutpatientVisit;
}

// Appends the members of `from` to `to`, moving them.
void moveMembers(FhirJson::Value &from, FhirJson::Value &to, FhirJson &j)
{
    for (auto &member : from.GetObject())
        to.AddMember(member.name, member.value, j.pool());
}

} // namespace

ExplanationOfBenefitBuilder::ExplanationOfBenefitBuilder(const SandboxPopulation &population, const MemberStory &story,
                                                         quint64 seed)
    : m_population(population),
      m_story(story),
      m_random(SandboxRandom::stream(seed, u"claims", quint64(story.member.index)))
{
}

QString ExplanationOfBenefitBuilder::profileOf(Kind kind)
{
    const QString base = QStringLiteral("http://hl7.org/fhir/us/carin-bb/StructureDefinition/C4BB-ExplanationOfBenefit-");
    switch (kind) {
    case Kind::InpatientStay:
        return base + QStringLiteral("Inpatient-Institutional|2.0.0");
    case Kind::OutpatientVisit:
        return base + QStringLiteral("Outpatient-Institutional|2.0.0");
    case Kind::PharmacyFill:
        return base + QStringLiteral("Pharmacy|2.0.0");
    case Kind::DentalVisit:
        return base + QStringLiteral("Oral|2.0.0");
    case Kind::OfficeVisit:
        break;
    }
    return base + QStringLiteral("Professional-NonClinician|2.0.0");
}

QByteArray ExplanationOfBenefitBuilder::build(const CareEvent &event)
{
    const CoveragePeriod *coverage = nullptr;
    for (const CoveragePeriod &c : m_story.coverages)
        if (c.coverageId == event.coverageId)
            coverage = &c;
    Q_ASSERT(coverage);
    const Payer *payer = m_population.payer(coverage->payerId);
    const Provider *provider = m_population.provider(event.providerId);
    const Clinician *clinician = m_population.clinician(event.practitionerId);
    Q_ASSERT(payer && provider && clinician);
    FhirJson &j = m_json;

    // The provider bills within days; the payer decides within weeks; nothing after the as-of date.
    const QDate received = std::min(event.end.addDays(m_random.between(1, 10)), m_story.asOf);
    const QDate created = std::min(received.addDays(m_random.between(0, 3)), m_story.asOf);
    const QDate paid = std::min(created.addDays(m_random.between(3, 21)), m_story.asOf);

    Value supportingInfo = commonSupportingInfo(event, received);
    Lines lines;
    switch (event.kind) {
    case Kind::InpatientStay:
        lines = institutionalLines(event, true);
        break;
    case Kind::OutpatientVisit:
        lines = institutionalLines(event, false);
        break;
    case Kind::OfficeVisit:
        lines = professionalLines(event);
        break;
    case Kind::DentalVisit:
        lines = oralLines(event, supportingInfo);
        break;
    case Kind::PharmacyFill:
        lines = pharmacyLines(event, supportingInfo);
        break;
    }
    shareCost(lines, event.kind);

    // Header amounts and totals read the lines' amounts: made before the items take the lines' JSON.
    Value header = headerAdjudication(event.kind, lines);
    Value total = totals(lines);
    Value items(rapidjson::kArrayType);
    for (size_t i = 0; i < lines.size(); ++i) {
        Value item = j.object("sequence", int(i + 1));
        moveMembers(lines[i].item, item, j);
        if (i == 0)
            j.add(item, "noteNumber", j.array(1));
        j.add(item, "adjudication", itemAdjudication(lines[i], event.kind));
        j.append(items, item);
    }

    const QString claimNumber = payer->payerId + u'-' + QString::number(m_story.member.index).rightJustified(7, u'0') + u'-'
        + QString::number(event.claimNumber).rightJustified(4, u'0');
    Value eob = j.object(
        "resourceType", "ExplanationOfBenefit",
        "id", QString(event.id + u"-eob"),
        "meta", j.meta(profileOf(event.kind), FhirJson::instant(paid), event.sensitivity),
        "identifier", j.array(j.identifier(j.codeable(kIdentifierType, "uc", "Unique Claim ID"), kClaimIdSystem, claimNumber)),
        "status", "active");
    switch (event.kind) {
    case Kind::InpatientStay:
    case Kind::OutpatientVisit:
        j.add(eob, "type", j.codeable(kClaimType, "institutional", "Institutional"));
        j.add(eob, "subType", j.codeable(kInstitutionalSubType, event.kind == Kind::InpatientStay ? "inpatient" : "outpatient"));
        break;
    case Kind::OfficeVisit:
        j.add(eob, "type", j.codeable(kClaimType, "professional", "Professional"));
        break;
    case Kind::DentalVisit:
        j.add(eob, "type", j.codeable(kClaimType, "oral", "Oral"));
        break;
    case Kind::PharmacyFill:
        j.add(eob, "type", j.codeable(kClaimType, "pharmacy", "Pharmacy"));
        break;
    }
    j.add(eob, "use", "claim");
    j.add(eob, "patient", j.reference("Patient", m_story.member.patientId));
    j.add(eob, "billablePeriod", j.object("start", FhirJson::date(event.start), "end", FhirJson::date(event.end)));
    j.add(eob, "created", FhirJson::instant(created, 9));
    j.add(eob, "insurer", j.reference("Organization", payer->organizationId, payer->name));
    // The billing provider: an organization, except that an oral claim names the dentist.
    j.add(eob, "provider",
          event.kind == Kind::DentalVisit
              ? j.reference("Practitioner", clinician->practitionerId, QString(clinician->given.join(u' ') + u' ' + clinician->family))
              : j.reference("Organization", provider->organizationId, provider->name));
    // About one claim in eight was adjusted: it replaces an earlier claim the payer reversed;
    // half the inpatient stays were billed on an interim claim first.
    const bool adjusted = m_random.chance(event.kind == Kind::InpatientStay ? 50 : 12);
    if (adjusted) {
        j.add(eob, "related",
              j.array(j.object("relationship",
                               j.codeable("http://terminology.hl7.org/CodeSystem/ex-relatedclaimrelationship", "prior", "Prior Claim"),
                               "reference", j.object("system", kClaimIdSystem, "value", QString(claimNumber + u"-A")))));
    }
    j.add(eob, "payee",
          j.object("type", j.codeable("http://terminology.hl7.org/CodeSystem/payeetype", "provider", "Provider"),
                   "party", j.reference("Organization", provider->organizationId, provider->name)));
    j.add(eob, "outcome", "complete");
    j.add(eob, "careTeam", careTeam(event));
    j.add(eob, "supportingInfo", supportingInfo);
    if (event.kind != Kind::PharmacyFill)
        j.add(eob, "diagnosis", diagnoses(event));
    if (event.kind == Kind::InpatientStay) {
        // ICD-10-PCS procedures; the stay's CPT codes (its labs) are item lines instead.
        Value procedures(rapidjson::kArrayType);
        for (const ProcedureCode &p : event.procedures) {
            if (p.code.system != CodeSystems::icd10pcs)
                continue;
            j.append(procedures,
                     j.object("sequence", int(procedures.Size() + 1),
                              "type", j.array(j.codeable(kProcedureType, procedures.Empty() ? "principal" : "other")),
                              "date", FhirJson::date(event.start.addDays(event.start.daysTo(event.end) > 1 ? 1 : 0)),
                              "procedureCodeableConcept", j.codeable(p.code)));
        }
        j.add(eob, "procedure", procedures);
    }
    j.add(eob, "insurance", j.array(j.object("focal", true, "coverage", j.reference("Coverage", coverage->coverageId))));
    j.add(eob, "item", items);
    j.add(eob, "adjudication", header);
    j.add(eob, "total", total);
    j.add(eob, "payment", j.object("type", j.codeable(kAdjudicationStatus, "paid", "Paid"), "date", FhirJson::date(paid)));
    j.add(eob, "processNote",
          j.array(j.object("number", 1, "text",
                           adjusted ? "Adjusted claim: replaces an earlier claim for the same service."
                                    : "Processed at the in-network contracted rate.")));
    QByteArray text = FhirJson::text(eob);
    j.clear();
    return text;
}

ExplanationOfBenefitBuilder::Value ExplanationOfBenefitBuilder::info(Value &list, std::string_view category)
{
    return m_json.object("sequence", int(list.Size() + 1), "category", m_json.codeable(kSupportingInfoType, category));
}

ExplanationOfBenefitBuilder::Value ExplanationOfBenefitBuilder::status(std::string_view discriminator, std::string_view code)
{
    return m_json.object("category", m_json.codeable(kAdjudicationDiscriminator, discriminator),
                         "reason", m_json.codeable(kAdjudicationStatus, code));
}

ExplanationOfBenefitBuilder::Value ExplanationOfBenefitBuilder::adjustment(qint64 cents)
{
    return m_json.object(
        "category", m_json.codeable(kAdjudicationDiscriminator, "adjustmentreason"),
        "reason", m_json.codeable(kCarc, "45", "Charge exceeds fee schedule/maximum allowable or contracted/legislated fee arrangement."),
        "amount", m_json.money(cents));
}

ExplanationOfBenefitBuilder::Value ExplanationOfBenefitBuilder::commonSupportingInfo(const CareEvent &event, QDate received)
{
    FhirJson &j = m_json;
    Value list(rapidjson::kArrayType);
    const auto add = [&](Value entry, auto &&name, auto &&value) {
        j.add(entry, name, std::forward<decltype(value)>(value));
        j.append(list, entry);
    };
    const auto addCode = [&](std::string_view category, std::string_view system, auto &&...code) {
        add(info(list, category), "code", j.codeable(system, std::forward<decltype(code)>(code)...));
    };
    add(info(list, "clmrecvddate"), "timingDate", FhirJson::date(received));
    if (event.kind != Kind::PharmacyFill) {
        add(info(list, "patientaccountnumber"), "valueString",
            QString(u"PA" + QString::number(m_story.member.index).rightJustified(7, u'0') + u'-' + QString::number(event.claimNumber)));
        add(info(list, "medicalrecordnumber"), "valueString", QString(u"MRN-" + event.providerId + u'-' + m_story.member.patientId));
    }
    if (event.kind == Kind::OfficeVisit || event.kind == Kind::DentalVisit) {
        const Provider *provider = m_population.provider(event.providerId);
        add(info(list, "servicefacility"), "valueReference", j.reference("Organization", provider->organizationId, provider->name));
    }
    if (institutional(event.kind)) {
        const bool inpatient = event.kind == Kind::InpatientStay;
        const bool emergency = !event.procedures.isEmpty() && event.procedures.first().code.code.startsWith(u"9928");
        if (inpatient)
            add(info(list, "admissionperiod"), "timingPeriod",
                j.object("start", FhirJson::date(event.start), "end", FhirJson::date(event.end)));
        addCode("typeofbill", kTypeOfBill, inpatient ? "0111" : "0131");
        addCode("pointoforigin", kPointOfOrigin, "1", "Non-health care facility point of origin");
        const bool urgent = inpatient && !event.procedures.isEmpty() && !event.procedures.first().code.code.startsWith(u"0S");
        addCode("admtype", kAdmissionType, emergency || urgent ? "1" : "3", emergency || urgent ? "Emergency" : "Elective");
        addCode("discharge-status", kDischargeStatus, "01", "Discharged to home or self care (routine discharge)");
        if (inpatient && !event.procedures.isEmpty())
            add(info(list, "drg"), "code", j.codeable(CareCatalog::drgFor(event.procedures.first().code.code)));
    }
    return list;
}

ExplanationOfBenefitBuilder::Line ExplanationOfBenefitBuilder::priced(Value item, const QString &code, int quantity,
                                                                      int allowedPercentLow, int allowedPercentHigh)
{
    Line line;
    line.item = std::move(item);
    line.code = code;
    line.quantity = quantity;
    // Charges vary by provider and day around the catalog's typical charge.
    const qint64 unit = qint64(CareCatalog::chargeCents(code)) * m_random.between(85, 115) / 100;
    line.submitted = unit * quantity;
    line.allowed = line.submitted * m_random.between(allowedPercentLow, allowedPercentHigh) / 100;
    return line;
}

ExplanationOfBenefitBuilder::Lines ExplanationOfBenefitBuilder::institutionalLines(const CareEvent &event, bool inpatient)
{
    FhirJson &j = m_json;
    Lines lines;
    const QString encounterId = event.id + u"-enc";
    const QString day = FhirJson::date(event.start);
    // A line's revenue code, what it bills, its date, quantity and the stay's encounter.
    const auto line = [&](const QString &revenue, Value product, int quantity) {
        return j.object("revenue", j.codeable(kRevenueCodes, revenue), "productOrService", product, "servicedDate", day,
                        "quantity", j.object("value", quantity), "encounter", j.array(j.reference("Encounter", encounterId)));
    };
    const auto notApplicable = [&j] {
        return j.codeable("http://terminology.hl7.org/CodeSystem/data-absent-reason", "not-applicable", "Not Applicable");
    };
    if (inpatient) {
        // Room and board per day, then the stay's ancillary charges by revenue code.
        const int days = std::max<int>(1, int(event.start.daysTo(event.end)));
        const QString &sensitivity = event.sensitivity;
        const QString room = sensitivity == u"ETH" ? QStringLiteral("0116")
            : sensitivity == u"PSY"                ? QStringLiteral("0114")
                                                   : QStringLiteral("0120");
        lines.push_back(priced(line(room, notApplicable(), days), room, days, 40, 55));
        QStringList revenues;
        for (const QList<CareCatalog::InpatientCase> *cases : {&CareCatalog::inpatientCases(), &CareCatalog::sensitiveInpatientCases()})
            for (const CareCatalog::InpatientCase &c : *cases)
                if (!event.procedures.isEmpty() && c.procedure.code.code == event.procedures.first().code.code)
                    revenues = c.revenueCodes;
        for (const QString &revenue : revenues)
            lines.push_back(priced(line(revenue, notApplicable(), 1), revenue, 1, 40, 55));
        // Lab panels drawn during the stay, each on its revenue line with its CPT code.
        for (const ProcedureCode &p : event.procedures) {
            if (p.code.system != CodeSystems::cpt)
                continue;
            lines.push_back(priced(line(CareCatalog::revenueCodeFor(p.code.code), j.codeable(p.code), 1), p.code.code, 1, 40, 55));
        }
        return lines;
    }
    for (qsizetype i = 0; i < event.procedures.size(); ++i) {
        const Code &code = event.procedures.at(i).code;
        Value item = line(CareCatalog::revenueCodeFor(code.code), j.codeable(code), 1);
        // Modifiers: 25 on an emergency E/M billed with another service; RT on right-side surgery.
        if (code.code.startsWith(u"9928") && event.procedures.size() > 1)
            j.add(item, "modifier", j.array(j.codeable(CodeSystems::cpt, "25", "Significant, separately identifiable E/M service")));
        if (code.code == u"29881" || code.code == u"66984")
            j.add(item, "modifier", j.array(j.codeable(CodeSystems::hcpcs, "RT", "Right side")));
        lines.push_back(priced(std::move(item), code.code, 1, 45, 65));
    }
    return lines;
}

ExplanationOfBenefitBuilder::Lines ExplanationOfBenefitBuilder::professionalLines(const CareEvent &event)
{
    FhirJson &j = m_json;
    Lines lines;
    // Half the psychotherapy sessions are by video from home: place of service 10, modifier 95.
    const bool telehealth = !event.procedures.isEmpty() && event.procedures.last().code.code == u"90834" && m_random.chance(50);
    for (const ProcedureCode &p : event.procedures) {
        Value item = j.object("productOrService", j.codeable(p.code));
        if (telehealth)
            j.add(item, "modifier",
                  j.array(j.codeable(CodeSystems::cpt, "95", "Synchronous telemedicine service rendered via real-time interactive audio and video")));
        j.add(item, "servicedDate", FhirJson::date(event.start));
        j.add(item, "locationCodeableConcept",
              telehealth ? j.codeable(kPlaceOfService, "10", "Telehealth Provided in Patient's Home")
                         : j.codeable(kPlaceOfService, "11", "Office"));
        j.add(item, "quantity", j.object("value", 1));
        j.add(item, "encounter", j.array(j.reference("Encounter", QString(event.id + u"-enc"))));
        lines.push_back(priced(std::move(item), p.code.code, 1, 55, 75));
    }
    return lines;
}

ExplanationOfBenefitBuilder::Lines ExplanationOfBenefitBuilder::oralLines(const CareEvent &event, Value &supportingInfo)
{
    FhirJson &j = m_json;
    Lines lines;
    const CareCatalog::DentalService *service = nullptr;
    for (const CareCatalog::DentalService &s : CareCatalog::dentalServices())
        if (!event.procedures.isEmpty() && s.procedure.code.code == event.procedures.first().code.code)
            service = &s;
    static const QStringList molars{QStringLiteral("2"), QStringLiteral("3"), QStringLiteral("14"), QStringLiteral("15"),
                                    QStringLiteral("18"), QStringLiteral("19"), QStringLiteral("30"), QStringLiteral("31")};
    static const QStringList surfaces{QStringLiteral("O"), QStringLiteral("M"), QStringLiteral("D"), QStringLiteral("B"),
                                      QStringLiteral("L")};
    for (const ProcedureCode &p : event.procedures) {
        Value item(rapidjson::kObjectType);
        int units = 1;
        if (service && service->area) {
            // Two quadrants: the first on the line, the second as an additional body site linked to it.
            Value second = info(supportingInfo, "additionalbodysite");
            j.add(second, "code", j.codeable(kAreaSystem, "20", "Upper left quadrant"));
            j.add(item, "informationSequence", j.array(int(supportingInfo.Size() + 1)));
            j.append(supportingInfo, second);
            units = 2;
        }
        j.add(item, "productOrService", j.codeable(p.code));
        j.add(item, "servicedDate", FhirJson::date(event.start));
        j.add(item, "locationCodeableConcept", j.codeable(kPlaceOfService, "11", "Office"));
        j.add(item, "quantity", j.object("value", units));
        if (service && service->area) {
            j.add(item, "bodySite", j.codeable(kAreaSystem, "10", "Upper right quadrant"));
        } else if (service && service->perTooth) {
            j.add(item, "bodySite", j.codeable(kToothSystem, m_random.pick(molars)));
            if (service->surface) {
                Value subSites = j.array(j.codeable(kSurfaceCodes, "O"));
                if (p.code.code == u"D2392")
                    j.append(subSites, j.codeable(kSurfaceCodes, m_random.pick(surfaces.mid(1))));
                j.add(item, "subSite", subSites);
            }
        }
        j.add(item, "encounter", j.array(j.reference("Encounter", QString(event.id + u"-enc"))));
        const bool preventive = p.code.code < u"D2000";
        lines.push_back(priced(std::move(item), p.code.code, units, preventive ? 75 : 70, preventive ? 85 : 80));
    }
    if (service && (service->prosthesis || isExtraction(event))) {
        // A crown or extraction claim says whether it replaces a prosthesis, and which teeth are missing.
        if (service->prosthesis) {
            Value prosthesis = info(supportingInfo, "prosthesis");
            j.add(prosthesis, "valueBoolean", false);
            j.append(supportingInfo, prosthesis);
        }
        Value missing = info(supportingInfo, "missingtoothnumber");
        j.add(missing, "code", j.codeable(kToothSystem, m_random.chance(50) ? "1" : "16"));
        j.append(supportingInfo, missing);
    }
    return lines;
}
bool ExplanationOfBenefitBuilder::isExtraction(const CareEvent &event)
{
    return !event.procedures.isEmpty() && event.procedures.first().code.code == u"D7140";
}

ExplanationOfBenefitBuilder::Lines ExplanationOfBenefitBuilder::pharmacyLines(const CareEvent &event, Value &supportingInfo)
{
    FhirJson &j = m_json;
    const CareCatalog::Medication *med = CareCatalog::medication(event.drug.rxnorm.code);
    const int fillNumber = m_fillsSoFar.value(event.drug.rxnorm.code);
    m_fillsSoFar.insert(event.drug.rxnorm.code, fillNumber + 1);
    const bool brand = med ? med->brand : true;
    const auto add = [&](std::string_view category, auto &&name, Value value) {
        Value entry = info(supportingInfo, category);
        j.add(entry, name, value);
        j.append(supportingInfo, entry);
    };
    add("dayssupply", "valueQuantity", j.object("value", event.drug.daysSupply));
    add("dawcode", "code",
        j.codeable("http://terminology.hl7.org/CodeSystem/NCPDPDispensedAsWrittenOrProductSelectionCode", "0",
                   "No Product Selection Indicated"));
    add("refillnum", "valueQuantity", j.object("value", fillNumber));
    add("refillsauthorized", "valueQuantity",
        j.object("value", event.drug.daysSupply >= 90 ? 3 : event.drug.daysSupply <= 10 ? 0 : 5));
    add("brandgenericindicator", "code",
        j.codeable("http://terminology.hl7.org/CodeSystem/NCPDPBrandGenericIndicator", brand ? "1" : "2", brand ? "Brand" : "Generic"));
    add("rxorigincode", "code", j.codeable("http://terminology.hl7.org/CodeSystem/NCPDPPrescriptionOriginCode", "3", "Electronic"));
    add("compoundcode", "code", j.codeable("http://terminology.hl7.org/CodeSystem/NCPDPCompoundCode", "1", "Not a Compound"));

    Line line;
    line.item = j.object("productOrService", j.codeable(event.drug.ndc), "servicedDate", FhirJson::date(event.start),
                         "quantity", j.object("value", event.drug.quantity));
    line.code = event.drug.ndc.code;
    line.quantity = event.drug.quantity;
    // Ingredient cost per unit plus a dispensing fee.
    const qint64 unit = qint64(med ? med->unitCents : 100) * m_random.between(95, 110) / 100;
    line.submitted = unit * event.drug.quantity + 250;
    line.allowed = line.submitted * m_random.between(80, 92) / 100;
    Lines lines;
    lines.push_back(std::move(line));
    return lines;
}

void ExplanationOfBenefitBuilder::shareCost(Lines &lines, Kind kind)
{
    // The member's share: a copay on the first line of office and pharmacy claims, a deductible
    // on the first line of hospital claims, coinsurance on the rest; never more than allowed.
    const bool preventiveDental = kind == Kind::DentalVisit && !lines.empty() && lines.front().code < u"D2000";
    for (size_t i = 0; i < lines.size(); ++i) {
        Line &l = lines[i];
        switch (kind) {
        case Kind::OfficeVisit:
            l.copay = i == 0 ? std::min<qint64>(l.allowed, m_random.pick(QList<qint64>{0, 2000, 2500, 3000, 4000})) : 0;
            l.coinsurance = i == 0 ? 0 : l.allowed * m_random.between(0, 20) / 100;
            break;
        case Kind::PharmacyFill:
            l.copay = std::min<qint64>(l.allowed, m_random.pick(QList<qint64>{1000, 1500, 3500, 5000}));
            break;
        case Kind::DentalVisit:
            l.coinsurance = preventiveDental ? 0 : l.allowed * m_random.pick(QList<int>{20, 50}) / 100;
            break;
        case Kind::InpatientStay:
        case Kind::OutpatientVisit:
            l.deductible = i == 0 ? std::min<qint64>(l.allowed, m_random.pick(QList<qint64>{0, 25000, 50000, 100000})) : 0;
            l.coinsurance = (l.allowed - l.deductible) * (kind == Kind::InpatientStay ? 10 : 20) / 100;
            break;
        }
    }
}

// The amount categories of a line or of the totals, in the order an EOB lists them, appended to `list`.
ExplanationOfBenefitBuilder::Value ExplanationOfBenefitBuilder::amounts(qint64 submitted, qint64 allowed, qint64 deductible,
                                                                        qint64 copay, qint64 coinsurance, Value list)
{
    FhirJson &j = m_json;
    const qint64 liability = deductible + copay + coinsurance;
    const auto add = [&](std::string_view system, std::string_view code, std::string_view display, qint64 cents) {
        j.append(list, j.object("category", j.codeable(system, code, display), "amount", j.money(cents)));
    };
    add(kHl7Adjudication, "submitted", "Submitted Amount", submitted);
    add(kHl7Adjudication, "eligible", "Eligible Amount", allowed);
    add(kC4bbAdjudication, "discount", "Discount", submitted - allowed);
    add(kHl7Adjudication, "deductible", "Deductible", deductible);
    add(kHl7Adjudication, "copay", "CoPay", copay);
    add(kC4bbAdjudication, "coinsurance", "Coinsurance", coinsurance);
    add(kC4bbAdjudication, "memberliability", "Member liability", liability);
    add(kHl7Adjudication, "benefit", "Benefit Amount", allowed - liability);
    add(kC4bbAdjudication, "paidtoprovider", "Paid to provider", allowed - liability);
    add(kC4bbAdjudication, "paidbypatient", "Paid by patient", liability);
    return list;
}

ExplanationOfBenefitBuilder::Value ExplanationOfBenefitBuilder::itemAdjudication(const Line &line, Kind kind)
{
    FhirJson &j = m_json;
    Value list(rapidjson::kArrayType);
    if (kind == Kind::OfficeVisit || kind == Kind::DentalVisit)
        j.append(list, status("benefitpaymentstatus", "innetwork"));
    list = amounts(line.submitted, line.allowed, line.deductible, line.copay, line.coinsurance, std::move(list));
    if (kind != Kind::PharmacyFill && line.submitted > line.allowed)
        j.append(list, adjustment(line.submitted - line.allowed));
    if (kind != Kind::PharmacyFill)
        j.append(list, j.object("category", j.codeable(kAdjudicationDiscriminator, "allowedunits"), "value", line.quantity));
    return list;
}

ExplanationOfBenefitBuilder::Value ExplanationOfBenefitBuilder::totals(const Lines &lines)
{
    qint64 submitted = 0, allowed = 0, deductible = 0, copay = 0, coinsurance = 0;
    for (const Line &l : lines) {
        submitted += l.submitted;
        allowed += l.allowed;
        deductible += l.deductible;
        copay += l.copay;
        coinsurance += l.coinsurance;
    }
    return amounts(submitted, allowed, deductible, copay, coinsurance, Value(rapidjson::kArrayType));
}

ExplanationOfBenefitBuilder::Value ExplanationOfBenefitBuilder::headerAdjudication(Kind kind, const Lines &lines)
{
    FhirJson &j = m_json;
    Value list = j.array(status("billingnetworkstatus", "innetwork"));
    if (kind == Kind::OfficeVisit || kind == Kind::DentalVisit)
        j.append(list, status("renderingnetworkstatus", "innetwork"));
    if (kind != Kind::OfficeVisit)
        j.append(list, status("benefitpaymentstatus", "innetwork"));
    if (institutional(kind)) {
        // Institutional amounts live on the items (C4BB: item or header, not both); the header
        // says why the claim was paid below charges.
        qint64 discount = 0;
        for (const Line &l : lines)
            discount += l.submitted - l.allowed;
        j.append(list, adjustment(discount));
    }
    return list;
}

ExplanationOfBenefitBuilder::Value ExplanationOfBenefitBuilder::careTeam(const CareEvent &event)
{
    FhirJson &j = m_json;
    const Clinician *c = m_population.clinician(event.practitionerId);
    const QString name = c->given.join(u' ') + u' ' + c->family;
    const auto member = [&](int sequence, std::string_view role, bool qualified) {
        Value m = j.object("sequence", sequence, "provider", j.reference("Practitioner", c->practitionerId, name), "role",
                           j.codeable(kCareTeamRole, role));
        if (qualified)
            j.add(m, "qualification", j.codeable(c->specialty));
        return m;
    };
    switch (event.kind) {
    case Kind::InpatientStay:
    case Kind::OutpatientVisit: {
        Value team = j.array(member(1, "attending", false));
        const bool surgical = !event.procedures.isEmpty()
            && (event.procedures.first().code.code.startsWith(u"0") || event.procedures.first().code.code == u"29881"
                || event.procedures.first().code.code == u"66984" || event.procedures.first().code.code == u"45378");
        if (surgical)
            j.append(team, member(2, "operating", false));
        return team;
    }
    case Kind::PharmacyFill:
        return j.array(member(1, "prescribing", false));
    case Kind::OfficeVisit:
    case Kind::DentalVisit:
        break;
    }
    return j.array(member(1, "rendering", true));
}

ExplanationOfBenefitBuilder::Value ExplanationOfBenefitBuilder::diagnoses(const CareEvent &event)
{
    FhirJson &j = m_json;
    Value list(rapidjson::kArrayType);
    // Inpatient claims say whether each diagnosis was present on admission (not the admitting one).
    const auto add = [&](const Code &code, Value type, bool presentOnAdmission = false) {
        Value entry = j.object("sequence", int(list.Size() + 1), "diagnosisCodeableConcept", j.codeable(code), "type", j.array(type));
        if (presentOnAdmission)
            j.add(entry, "onAdmission", j.codeable(kPresentOnAdmission, "Y"));
        j.append(list, entry);
    };
    const bool inpatient = event.kind == Kind::InpatientStay;
    for (qsizetype i = 0; i < event.diagnoses.size(); ++i) {
        const Code &code = event.diagnoses.at(i).icd10;
        if (i == 0)
            add(code, j.codeable(kExDiagnosisType, "principal", "Principal Diagnosis"), inpatient);
        else if (event.kind == Kind::OfficeVisit || event.kind == Kind::DentalVisit)
            add(code, j.codeable(kDiagnosisType, "secondary"));
        else
            add(code, j.codeable(kDiagnosisType, "other"), inpatient);
    }
    if (inpatient && !event.diagnoses.isEmpty())
        add(event.diagnoses.first().icd10, j.codeable(kExDiagnosisType, "admitting", "Admitting Diagnosis"));
    if (event.kind == Kind::OutpatientVisit && !event.diagnoses.isEmpty())
        add(event.diagnoses.first().icd10, j.codeable(kDiagnosisType, "patientreasonforvisit"));
    return list;
}

} // namespace paw::sandbox
