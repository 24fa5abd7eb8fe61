#include "sandbox/data/ExplanationOfBenefitBuilder.h"

#include "sandbox/data/CareCatalog.h"
#include "sandbox/data/CodeSystems.h"
#include "sandbox/data/FhirJson.h"

#include <algorithm>

namespace paw::sandbox {

namespace {

using J = FhirJson;
using Kind = CareEvent::Kind;

const QString kC4bb = QStringLiteral("http://hl7.org/fhir/us/carin-bb/CodeSystem/");
const QString kSupportingInfoType = kC4bb + u"C4BBSupportingInfoType";
const QString kAdjudicationDiscriminator = kC4bb + u"C4BBAdjudicationDiscriminator";
const QString kAdjudicationStatus = kC4bb + u"C4BBPayerAdjudicationStatus";
const QString kC4bbAdjudication = kC4bb + u"C4BBAdjudication";
const QString kCareTeamRole = kC4bb + u"C4BBClaimCareTeamRole";
const QString kDiagnosisType = kC4bb + u"C4BBClaimDiagnosisType";
const QString kHl7Adjudication = QStringLiteral("http://terminology.hl7.org/CodeSystem/adjudication");
const QString kExDiagnosisType = QStringLiteral("http://terminology.hl7.org/CodeSystem/ex-diagnosistype");
const QString kNubc = QStringLiteral("https://www.nubc.org/CodeSystem/");
const QString kPlaceOfService =
    QStringLiteral("https://www.cms.gov/Medicare/Coding/place-of-service-codes/Place_of_Service_Code_Set");
const QString kToothSystem = QStringLiteral("http://terminology.hl7.org/CodeSystem/ADAUniversalToothDesignationSystem");
const QString kAreaSystem = QStringLiteral("http://terminology.hl7.org/CodeSystem/ADAAreaOralCavitySystem");
const QString kCarc = QStringLiteral("https://x12.org/codes/claim-adjustment-reason-codes");
const QString kClaimIdSystem = QStringLiteral("https://sandbox.paw.example.org/fhir/sid/claim-id");

QJsonObject info(int sequence, const QString &category)
{
    return {{QStringLiteral("sequence"), sequence},
            {QStringLiteral("category"), J::codeable(kSupportingInfoType, category)}};
}

QJsonObject withCode(QJsonObject info, const QString &system, const QString &code, const QString &display = {})
{
    info.insert(QStringLiteral("code"), J::codeable(system, code, display));
    return info;
}

QJsonObject with(QJsonObject object, const QString &key, const QJsonValue &value)
{
    object.insert(key, value);
    return object;
}

QJsonObject quantity(double value)
{
    return {{QStringLiteral("value"), value}};
}

QJsonObject notApplicable()
{
    return J::codeable(QStringLiteral("http://terminology.hl7.org/CodeSystem/data-absent-reason"),
                      QStringLiteral("not-applicable"), QStringLiteral("Not Applicable"));
}

QJsonObject status(const QString &discriminator, const QString &code)
{
    return {{QStringLiteral("category"), J::codeable(kAdjudicationDiscriminator, discriminator)},
            {QStringLiteral("reason"), J::codeable(kAdjudicationStatus, code)}};
}

// The amount categories of a line, in the order an EOB lists them.
QList<std::pair<QJsonObject, qint64>> amountsOf(qint64 submitted, qint64 allowed, qint64 deductible, qint64 copay,
                                                qint64 coinsurance)
{
    const qint64 liability = deductible + copay + coinsurance;
    return {
        {J::codeable(kHl7Adjudication, QStringLiteral("submitted"), QStringLiteral("Submitted Amount")), submitted},
        {J::codeable(kHl7Adjudication, QStringLiteral("eligible"), QStringLiteral("Eligible Amount")), allowed},
        {J::codeable(kC4bbAdjudication, QStringLiteral("discount"), QStringLiteral("Discount")), submitted - allowed},
        {J::codeable(kHl7Adjudication, QStringLiteral("deductible"), QStringLiteral("Deductible")), deductible},
        {J::codeable(kHl7Adjudication, QStringLiteral("copay"), QStringLiteral("CoPay")), copay},
        {J::codeable(kC4bbAdjudication, QStringLiteral("coinsurance"), QStringLiteral("Coinsurance")), coinsurance},
        {J::codeable(kC4bbAdjudication, QStringLiteral("memberliability"), QStringLiteral("Member liability")), liability},
        {J::codeable(kHl7Adjudication, QStringLiteral("benefit"), QStringLiteral("Benefit Amount")), allowed - liability},
        {J::codeable(kC4bbAdjudication, QStringLiteral("paidtoprovider"), QStringLiteral("Paid to provider")),
         allowed - liability},
        {J::codeable(kC4bbAdjudication, QStringLiteral("paidbypatient"), QStringLiteral("Paid by patient")), liability},
    };
}

bool institutional(Kind kind)
{
    return kind == Kind::InpatientStay || kind == Kind::OutpatientVisit;
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

QJsonObject ExplanationOfBenefitBuilder::build(const CareEvent &event)
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

    // The provider bills within days; the payer decides within weeks; nothing after the as-of date.
    const QDate received = std::min(event.end.addDays(m_random.between(1, 10)), m_story.asOf);
    const QDate created = std::min(received.addDays(m_random.between(0, 3)), m_story.asOf);
    const QDate paid = std::min(created.addDays(m_random.between(3, 21)), m_story.asOf);

    QJsonArray supportingInfo = commonSupportingInfo(event, received);
    QList<Line> lines;
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

    QJsonArray items;
    for (qsizetype i = 0; i < lines.size(); ++i) {
        QJsonObject item = lines.at(i).item;
        item.insert(QStringLiteral("sequence"), int(i + 1));
        item.insert(QStringLiteral("adjudication"), itemAdjudication(lines.at(i), event.kind));
        if (i == 0)
            item.insert(QStringLiteral("noteNumber"), QJsonArray{1});
        items.append(item);
    }

    QJsonObject eob{
        {QStringLiteral("resourceType"), QStringLiteral("ExplanationOfBenefit")},
        {QStringLiteral("id"), QString(event.id + u"-eob")},
        {QStringLiteral("meta"), J::meta(profileOf(event.kind), J::instant(paid), event.sensitivity)},
        {QStringLiteral("identifier"),
         QJsonArray{J::identifier(J::codeable(kC4bb + u"C4BBIdentifierType", QStringLiteral("uc"), QStringLiteral("Unique Claim ID")),
                                  kClaimIdSystem,
                                  payer->payerId + u'-' + QString::number(m_story.member.index).rightJustified(7, u'0')
                                      + u'-' + QString::number(event.claimNumber).rightJustified(4, u'0'))}},
        {QStringLiteral("status"), QStringLiteral("active")},
        {QStringLiteral("use"), QStringLiteral("claim")},
        {QStringLiteral("patient"), J::reference(QStringLiteral("Patient"), m_story.member.patientId)},
        {QStringLiteral("billablePeriod"),
         QJsonObject{{QStringLiteral("start"), J::date(event.start)}, {QStringLiteral("end"), J::date(event.end)}}},
        {QStringLiteral("created"), J::instant(created, 9)},
        {QStringLiteral("insurer"), J::reference(QStringLiteral("Organization"), payer->organizationId, payer->name)},
        {QStringLiteral("outcome"), QStringLiteral("complete")},
        {QStringLiteral("insurance"),
         QJsonArray{QJsonObject{{QStringLiteral("focal"), true},
                                {QStringLiteral("coverage"), J::reference(QStringLiteral("Coverage"), coverage->coverageId)}}}},
        {QStringLiteral("item"), items},
        {QStringLiteral("adjudication"), headerAdjudication(event.kind, lines)},
        {QStringLiteral("total"), totals(lines)},
        {QStringLiteral("payment"),
         QJsonObject{{QStringLiteral("type"), J::codeable(kAdjudicationStatus, QStringLiteral("paid"), QStringLiteral("Paid"))},
                     {QStringLiteral("date"), J::date(paid)}}},
    };

    switch (event.kind) {
    case Kind::InpatientStay:
    case Kind::OutpatientVisit:
        eob.insert(QStringLiteral("type"), J::codeable(QStringLiteral("http://terminology.hl7.org/CodeSystem/claim-type"),
                                                      QStringLiteral("institutional"), QStringLiteral("Institutional")));
        eob.insert(QStringLiteral("subType"),
                   J::codeable(kC4bb + u"C4BBInstitutionalClaimSubType",
                              event.kind == Kind::InpatientStay ? QStringLiteral("inpatient") : QStringLiteral("outpatient")));
        break;
    case Kind::OfficeVisit:
        eob.insert(QStringLiteral("type"), J::codeable(QStringLiteral("http://terminology.hl7.org/CodeSystem/claim-type"),
                                                      QStringLiteral("professional"), QStringLiteral("Professional")));
        break;
    case Kind::DentalVisit:
        eob.insert(QStringLiteral("type"), J::codeable(QStringLiteral("http://terminology.hl7.org/CodeSystem/claim-type"),
                                                      QStringLiteral("oral"), QStringLiteral("Oral")));
        break;
    case Kind::PharmacyFill:
        eob.insert(QStringLiteral("type"), J::codeable(QStringLiteral("http://terminology.hl7.org/CodeSystem/claim-type"),
                                                      QStringLiteral("pharmacy"), QStringLiteral("Pharmacy")));
        break;
    }

    // The billing provider: an organization, except that an oral claim names the dentist.
    eob.insert(QStringLiteral("provider"),
               event.kind == Kind::DentalVisit
                   ? J::reference(QStringLiteral("Practitioner"), clinician->practitionerId,
                                  QString(clinician->given.join(u' ') + u' ' + clinician->family))
                   : J::reference(QStringLiteral("Organization"), provider->organizationId, provider->name));
    eob.insert(QStringLiteral("payee"),
               QJsonObject{{QStringLiteral("type"), J::codeable(QStringLiteral("http://terminology.hl7.org/CodeSystem/payeetype"),
                                                              QStringLiteral("provider"), QStringLiteral("Provider"))},
                           {QStringLiteral("party"),
                            J::reference(QStringLiteral("Organization"), provider->organizationId, provider->name)}});
    eob.insert(QStringLiteral("careTeam"), careTeam(event));
    if (event.kind != Kind::PharmacyFill)
        eob.insert(QStringLiteral("diagnosis"), diagnoses(event));
    if (event.kind == Kind::InpatientStay) {
        // ICD-10-PCS procedures; the stay's CPT codes (its labs) are item lines instead.
        QJsonArray procedures;
        for (const ProcedureCode &p : event.procedures) {
            if (p.code.system != CodeSystems::icd10pcs)
                continue;
            procedures.append(QJsonObject{
                {QStringLiteral("sequence"), int(procedures.size() + 1)},
                {QStringLiteral("type"),
                 QJsonArray{J::codeable(kC4bb + u"C4BBClaimProcedureType",
                                       procedures.isEmpty() ? QStringLiteral("principal") : QStringLiteral("other"))}},
                {QStringLiteral("date"), J::date(event.start.addDays(event.start.daysTo(event.end) > 1 ? 1 : 0))},
                {QStringLiteral("procedureCodeableConcept"), J::codeable(p.code)}});
        }
        eob.insert(QStringLiteral("procedure"), procedures);
    }
    eob.insert(QStringLiteral("supportingInfo"), supportingInfo);

    // About one claim in eight was adjusted: it replaces an earlier claim the payer reversed;
    // half the inpatient stays were billed on an interim claim first.
    const QString claimNumber = eob.value(QStringLiteral("identifier")).toArray().at(0).toObject().value(u"value").toString();
    if (m_random.chance(event.kind == Kind::InpatientStay ? 50 : 12)) {
        eob.insert(QStringLiteral("related"),
                   QJsonArray{QJsonObject{
                       {QStringLiteral("relationship"),
                        J::codeable(QStringLiteral("http://terminology.hl7.org/CodeSystem/ex-relatedclaimrelationship"),
                                   QStringLiteral("prior"), QStringLiteral("Prior Claim"))},
                       {QStringLiteral("reference"),
                        QJsonObject{{QStringLiteral("system"), kClaimIdSystem}, {QStringLiteral("value"), QString(claimNumber + u"-A")}}}}});
    }
    eob.insert(QStringLiteral("processNote"),
               QJsonArray{QJsonObject{{QStringLiteral("number"), 1},
                                      {QStringLiteral("text"),
                                       eob.contains(u"related")
                                           ? QStringLiteral("Adjusted claim: replaces an earlier claim for the same service.")
                                           : QStringLiteral("Processed at the in-network contracted rate.")}}});
    return eob;
}

QJsonArray ExplanationOfBenefitBuilder::commonSupportingInfo(const CareEvent &event, QDate received) const
{
    QJsonArray list;
    const auto next = [&list]() { return int(list.size() + 1); };
    list.append(with(info(next(), QStringLiteral("clmrecvddate")), QStringLiteral("timingDate"), J::date(received)));
    const QString account = u"PA" + QString::number(m_story.member.index).rightJustified(7, u'0') + u'-'
        + QString::number(event.claimNumber);
    if (event.kind != Kind::PharmacyFill) {
        list.append(with(info(next(), QStringLiteral("patientaccountnumber")), QStringLiteral("valueString"), account));
        list.append(with(info(next(), QStringLiteral("medicalrecordnumber")), QStringLiteral("valueString"),
                         QString(u"MRN-" + event.providerId + u'-' + m_story.member.patientId)));
    }
    if (event.kind == Kind::OfficeVisit || event.kind == Kind::DentalVisit) {
        const Provider *provider = m_population.provider(event.providerId);
        list.append(with(info(next(), QStringLiteral("servicefacility")), QStringLiteral("valueReference"),
                         J::reference(QStringLiteral("Organization"), provider->organizationId, provider->name)));
    }
    if (institutional(event.kind)) {
        const bool inpatient = event.kind == Kind::InpatientStay;
        const bool emergency = !event.procedures.isEmpty() && event.procedures.first().code.code.startsWith(u"9928");
        if (inpatient)
            list.append(with(info(next(), QStringLiteral("admissionperiod")), QStringLiteral("timingPeriod"),
                             QJsonObject{{QStringLiteral("start"), J::date(event.start)},
                                         {QStringLiteral("end"), J::date(event.end)}}));
        list.append(withCode(info(next(), QStringLiteral("typeofbill")), kNubc + u"TypeOfBill",
                             inpatient ? QStringLiteral("0111") : QStringLiteral("0131")));
        list.append(withCode(info(next(), QStringLiteral("pointoforigin")), kNubc + u"PointOfOrigin", QStringLiteral("1"),
                             QStringLiteral("Non-health care facility point of origin")));
        const bool urgent = inpatient && !event.procedures.isEmpty() && !event.procedures.first().code.code.startsWith(u"0S");
        list.append(withCode(info(next(), QStringLiteral("admtype")), kNubc + u"PriorityTypeOfAdmitOrVisit",
                             emergency || urgent ? QStringLiteral("1") : QStringLiteral("3"),
                             emergency || urgent ? QStringLiteral("Emergency") : QStringLiteral("Elective")));
        list.append(withCode(info(next(), QStringLiteral("discharge-status")), kNubc + u"PatDischargeStatus",
                             QStringLiteral("01"), QStringLiteral("Discharged to home or self care (routine discharge)")));
        if (inpatient && !event.procedures.isEmpty()) {
            const Code drg = CareCatalog::drgFor(event.procedures.first().code.code);
            list.append(withCode(info(next(), QStringLiteral("drg")), drg.system, drg.code, drg.display));
        }
    }
    return list;
}

ExplanationOfBenefitBuilder::Line ExplanationOfBenefitBuilder::priced(QJsonObject item, const QString &code, int quantity,
                                                                      int allowedPercentLow, int allowedPercentHigh)
{
    Line line;
    line.item = std::move(item);
    // Charges vary by provider and day around the catalog's typical charge.
    const qint64 unit = qint64(CareCatalog::chargeCents(code)) * m_random.between(85, 115) / 100;
    line.submitted = unit * quantity;
    line.allowed = line.submitted * m_random.between(allowedPercentLow, allowedPercentHigh) / 100;
    return line;
}

QList<ExplanationOfBenefitBuilder::Line> ExplanationOfBenefitBuilder::institutionalLines(const CareEvent &event, bool inpatient)
{
    QList<Line> lines;
    const QJsonObject encounter = J::reference(QStringLiteral("Encounter"), event.id + u"-enc");
    const auto base = [&](const QString &revenue) {
        return QJsonObject{{QStringLiteral("revenue"), J::codeable(kNubc + u"RevenueCodes", revenue)},
                           {QStringLiteral("encounter"), QJsonArray{encounter}}};
    };
    if (inpatient) {
        // Room and board per day, then the stay's ancillary charges by revenue code.
        const int days = std::max<int>(1, int(event.start.daysTo(event.end)));
        const QString sensitivity = event.sensitivity;
        const QString room = sensitivity == u"ETH" ? QStringLiteral("0116")
            : sensitivity == u"PSY"                ? QStringLiteral("0114")
                                                   : QStringLiteral("0120");
        QJsonObject item = base(room);
        item.insert(QStringLiteral("productOrService"), notApplicable());
        item.insert(QStringLiteral("servicedDate"), J::date(event.start));
        item.insert(QStringLiteral("quantity"), quantity(days));
        lines.append(priced(item, room, days, 40, 55));
        QStringList revenues;
        for (const QList<CareCatalog::InpatientCase> *cases : {&CareCatalog::inpatientCases(), &CareCatalog::sensitiveInpatientCases()})
            for (const CareCatalog::InpatientCase &c : *cases)
                if (!event.procedures.isEmpty() && c.procedure.code.code == event.procedures.first().code.code)
                    revenues = c.revenueCodes;
        for (const QString &revenue : revenues) {
            QJsonObject ancillary = base(revenue);
            ancillary.insert(QStringLiteral("productOrService"), notApplicable());
            ancillary.insert(QStringLiteral("servicedDate"), J::date(event.start));
            ancillary.insert(QStringLiteral("quantity"), quantity(1));
            lines.append(priced(ancillary, revenue, 1, 40, 55));
        }
        // Lab panels drawn during the stay, each on its revenue line with its CPT code.
        for (const ProcedureCode &p : event.procedures) {
            if (p.code.system != CodeSystems::cpt)
                continue;
            QJsonObject item = base(CareCatalog::revenueCodeFor(p.code.code));
            item.insert(QStringLiteral("productOrService"), J::codeable(p.code));
            item.insert(QStringLiteral("servicedDate"), J::date(event.start));
            item.insert(QStringLiteral("quantity"), quantity(1));
            lines.append(priced(item, p.code.code, 1, 40, 55));
        }
        return lines;
    }
    for (qsizetype i = 0; i < event.procedures.size(); ++i) {
        const Code &code = event.procedures.at(i).code;
        QJsonObject item = base(CareCatalog::revenueCodeFor(code.code));
        item.insert(QStringLiteral("productOrService"), J::codeable(code));
        item.insert(QStringLiteral("servicedDate"), J::date(event.start));
        item.insert(QStringLiteral("quantity"), quantity(1));
        // Modifiers: 25 on an emergency E/M billed with another service; RT on right-side surgery.
        if (code.code.startsWith(u"9928") && event.procedures.size() > 1)
            item.insert(QStringLiteral("modifier"), QJsonArray{J::codeable(CodeSystems::cpt, QStringLiteral("25"),
                                                                          QStringLiteral("Significant, separately identifiable E/M service"))});
        if (code.code == u"29881" || code.code == u"66984")
            item.insert(QStringLiteral("modifier"),
                        QJsonArray{J::codeable(CodeSystems::hcpcs, QStringLiteral("RT"), QStringLiteral("Right side"))});
        lines.append(priced(item, code.code, 1, 45, 65));
    }
    return lines;
}

QList<ExplanationOfBenefitBuilder::Line> ExplanationOfBenefitBuilder::professionalLines(const CareEvent &event)
{
    QList<Line> lines;
    // Half the psychotherapy sessions are by video from home: place of service 10, modifier 95.
    const bool telehealth = !event.procedures.isEmpty() && event.procedures.last().code.code == u"90834" && m_random.chance(50);
    for (const ProcedureCode &p : event.procedures) {
        QJsonObject item{
            {QStringLiteral("productOrService"), J::codeable(p.code)},
            {QStringLiteral("servicedDate"), J::date(event.start)},
            {QStringLiteral("locationCodeableConcept"),
             telehealth ? J::codeable(kPlaceOfService, QStringLiteral("10"), QStringLiteral("Telehealth Provided in Patient's Home"))
                        : J::codeable(kPlaceOfService, QStringLiteral("11"), QStringLiteral("Office"))},
            {QStringLiteral("quantity"), quantity(1)},
            {QStringLiteral("encounter"), QJsonArray{J::reference(QStringLiteral("Encounter"), event.id + u"-enc")}},
        };
        if (telehealth)
            item.insert(QStringLiteral("modifier"),
                        QJsonArray{J::codeable(CodeSystems::cpt, QStringLiteral("95"),
                                               QStringLiteral("Synchronous telemedicine service rendered via real-time interactive audio and video"))});
        lines.append(priced(item, p.code.code, 1, 55, 75));
    }
    return lines;
}

QList<ExplanationOfBenefitBuilder::Line> ExplanationOfBenefitBuilder::oralLines(const CareEvent &event, QJsonArray &supportingInfo)
{
    QList<Line> lines;
    const CareCatalog::DentalService *service = nullptr;
    for (const CareCatalog::DentalService &s : CareCatalog::dentalServices())
        if (!event.procedures.isEmpty() && s.procedure.code.code == event.procedures.first().code.code)
            service = &s;
    static const QStringList molars{QStringLiteral("2"), QStringLiteral("3"), QStringLiteral("14"), QStringLiteral("15"),
                                    QStringLiteral("18"), QStringLiteral("19"), QStringLiteral("30"), QStringLiteral("31")};
    static const QStringList surfaces{QStringLiteral("O"), QStringLiteral("M"), QStringLiteral("D"), QStringLiteral("B"),
                                      QStringLiteral("L")};
    for (const ProcedureCode &p : event.procedures) {
        QJsonObject item{
            {QStringLiteral("productOrService"), J::codeable(p.code)},
            {QStringLiteral("servicedDate"), J::date(event.start)},
            {QStringLiteral("locationCodeableConcept"), J::codeable(kPlaceOfService, QStringLiteral("11"), QStringLiteral("Office"))},
            {QStringLiteral("quantity"), quantity(1)},
            {QStringLiteral("encounter"), QJsonArray{J::reference(QStringLiteral("Encounter"), event.id + u"-enc")}},
        };
        int units = 1;
        if (service && service->perTooth) {
            const QString tooth = m_random.pick(molars);
            item.insert(QStringLiteral("bodySite"), J::codeable(kToothSystem, tooth));
            if (service->surface) {
                QJsonArray subSites{J::codeable(kC4bb + u"C4BBSurfaceCodes", QStringLiteral("O"))};
                if (p.code.code == u"D2392")
                    subSites.append(J::codeable(kC4bb + u"C4BBSurfaceCodes", m_random.pick(surfaces.mid(1))));
                item.insert(QStringLiteral("subSite"), subSites);
            }
        }
        if (service && service->area) {
            // Two quadrants: the first on the line, the second as an additional body site linked to it.
            item.insert(QStringLiteral("bodySite"), J::codeable(kAreaSystem, QStringLiteral("10"), QStringLiteral("Upper right quadrant")));
            const int sequence = int(supportingInfo.size() + 1);
            supportingInfo.append(withCode(info(sequence, QStringLiteral("additionalbodysite")), kAreaSystem,
                                           QStringLiteral("20"), QStringLiteral("Upper left quadrant")));
            item.insert(QStringLiteral("informationSequence"), QJsonArray{sequence});
            item.insert(QStringLiteral("quantity"), quantity(2));
            units = 2;
        }
        const bool preventive = p.code.code < u"D2000";
        lines.append(priced(item, p.code.code, units, preventive ? 75 : 70, preventive ? 85 : 80));
    }
    if (service && (service->prosthesis || isExtraction(event))) {
        // A crown or extraction claim says whether it replaces a prosthesis, and which teeth are missing.
        if (service->prosthesis)
            supportingInfo.append(with(info(int(supportingInfo.size() + 1), QStringLiteral("prosthesis")),
                                       QStringLiteral("valueBoolean"), false));
        supportingInfo.append(withCode(info(int(supportingInfo.size() + 1), QStringLiteral("missingtoothnumber")),
                                       kToothSystem, m_random.chance(50) ? QStringLiteral("1") : QStringLiteral("16")));
    }
    return lines;
}

bool ExplanationOfBenefitBuilder::isExtraction(const CareEvent &event)
{
    return !event.procedures.isEmpty() && event.procedures.first().code.code == u"D7140";
}

QList<ExplanationOfBenefitBuilder::Line> ExplanationOfBenefitBuilder::pharmacyLines(const CareEvent &event,
                                                                                     QJsonArray &supportingInfo)
{
    const CareCatalog::Medication *med = CareCatalog::medication(event.drug.rxnorm.code);
    const int fillNumber = m_fillsSoFar.value(event.drug.rxnorm.code);
    m_fillsSoFar.insert(event.drug.rxnorm.code, fillNumber + 1);
    const bool brand = med ? med->brand : true;
    const auto add = [&supportingInfo](QJsonObject entry) { supportingInfo.append(entry); };
    const auto seq = [&supportingInfo]() { return int(supportingInfo.size() + 1); };
    add(with(info(seq(), QStringLiteral("dayssupply")), QStringLiteral("valueQuantity"), quantity(event.drug.daysSupply)));
    add(withCode(info(seq(), QStringLiteral("dawcode")),
                 QStringLiteral("http://terminology.hl7.org/CodeSystem/NCPDPDispensedAsWrittenOrProductSelectionCode"),
                 QStringLiteral("0"), QStringLiteral("No Product Selection Indicated")));
    add(with(info(seq(), QStringLiteral("refillnum")), QStringLiteral("valueQuantity"), quantity(fillNumber)));
    add(with(info(seq(), QStringLiteral("refillsauthorized")), QStringLiteral("valueQuantity"),
             quantity(event.drug.daysSupply >= 90 ? 3 : event.drug.daysSupply <= 10 ? 0 : 5)));
    add(withCode(info(seq(), QStringLiteral("brandgenericindicator")),
                 QStringLiteral("http://terminology.hl7.org/CodeSystem/NCPDPBrandGenericIndicator"),
                 brand ? QStringLiteral("1") : QStringLiteral("2"), brand ? QStringLiteral("Brand") : QStringLiteral("Generic")));
    add(withCode(info(seq(), QStringLiteral("rxorigincode")),
                 QStringLiteral("http://terminology.hl7.org/CodeSystem/NCPDPPrescriptionOriginCode"), QStringLiteral("3"),
                 QStringLiteral("Electronic")));
    add(withCode(info(seq(), QStringLiteral("compoundcode")),
                 QStringLiteral("http://terminology.hl7.org/CodeSystem/NCPDPCompoundCode"), QStringLiteral("1"),
                 QStringLiteral("Not a Compound")));

    QJsonObject item{
        {QStringLiteral("productOrService"), J::codeable(event.drug.ndc)},
        {QStringLiteral("servicedDate"), J::date(event.start)},
        {QStringLiteral("quantity"), quantity(event.drug.quantity)},
    };
    Line line;
    line.item = item;
    // Ingredient cost per unit plus a dispensing fee.
    const qint64 unit = qint64(med ? med->unitCents : 100) * m_random.between(95, 110) / 100;
    line.submitted = unit * event.drug.quantity + 250;
    line.allowed = line.submitted * m_random.between(80, 92) / 100;
    return {line};
}

void ExplanationOfBenefitBuilder::shareCost(QList<Line> &lines, Kind kind)
{
    // The member's share: a copay on the first line of office and pharmacy claims, a deductible
    // on the first line of hospital claims, coinsurance on the rest; never more than allowed.
    const bool preventiveDental = kind == Kind::DentalVisit && !lines.isEmpty()
        && lines.first().item.value(u"productOrService").toObject().value(u"coding").toArray().at(0).toObject().value(u"code").toString()
            < u"D2000";
    for (qsizetype i = 0; i < lines.size(); ++i) {
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

QJsonArray ExplanationOfBenefitBuilder::itemAdjudication(const Line &line, Kind kind) const
{
    QJsonArray list;
    if (kind == Kind::OfficeVisit || kind == Kind::DentalVisit)
        list.append(status(QStringLiteral("benefitpaymentstatus"), QStringLiteral("innetwork")));
    for (const auto &[category, cents] : amountsOf(line.submitted, line.allowed, line.deductible, line.copay, line.coinsurance))
        list.append(QJsonObject{{QStringLiteral("category"), category}, {QStringLiteral("amount"), J::money(cents)}});
    if (kind != Kind::PharmacyFill && line.submitted > line.allowed)
        list.append(QJsonObject{
            {QStringLiteral("category"), J::codeable(kAdjudicationDiscriminator, QStringLiteral("adjustmentreason"))},
            {QStringLiteral("reason"),
             J::codeable(kCarc, QStringLiteral("45"),
                        QStringLiteral("Charge exceeds fee schedule/maximum allowable or contracted/legislated fee arrangement."))},
            {QStringLiteral("amount"), J::money(line.submitted - line.allowed)}});
    if (kind != Kind::PharmacyFill)
        list.append(QJsonObject{
            {QStringLiteral("category"), J::codeable(kAdjudicationDiscriminator, QStringLiteral("allowedunits"))},
            {QStringLiteral("value"), line.item.value(u"quantity").toObject().value(u"value").toDouble(1)}});
    return list;
}

QJsonArray ExplanationOfBenefitBuilder::totals(const QList<Line> &lines) const
{
    qint64 submitted = 0, allowed = 0, deductible = 0, copay = 0, coinsurance = 0;
    for (const Line &l : lines) {
        submitted += l.submitted;
        allowed += l.allowed;
        deductible += l.deductible;
        copay += l.copay;
        coinsurance += l.coinsurance;
    }
    QJsonArray list;
    for (const auto &[category, cents] : amountsOf(submitted, allowed, deductible, copay, coinsurance))
        list.append(QJsonObject{{QStringLiteral("category"), category}, {QStringLiteral("amount"), J::money(cents)}});
    return list;
}

QJsonArray ExplanationOfBenefitBuilder::headerAdjudication(Kind kind, const QList<Line> &lines) const
{
    QJsonArray list{status(QStringLiteral("billingnetworkstatus"), QStringLiteral("innetwork"))};
    if (kind == Kind::OfficeVisit || kind == Kind::DentalVisit)
        list.append(status(QStringLiteral("renderingnetworkstatus"), QStringLiteral("innetwork")));
    if (kind != Kind::OfficeVisit)
        list.append(status(QStringLiteral("benefitpaymentstatus"), QStringLiteral("innetwork")));
    if (institutional(kind)) {
        // Institutional amounts live on the items (C4BB: item or header, not both); the header
        // says why the claim was paid below charges.
        qint64 discount = 0;
        for (const Line &l : lines)
            discount += l.submitted - l.allowed;
        list.append(QJsonObject{
            {QStringLiteral("category"), J::codeable(kAdjudicationDiscriminator, QStringLiteral("adjustmentreason"))},
            {QStringLiteral("reason"),
             J::codeable(kCarc, QStringLiteral("45"),
                        QStringLiteral("Charge exceeds fee schedule/maximum allowable or contracted/legislated fee arrangement."))},
            {QStringLiteral("amount"), J::money(discount)}});
    }
    return list;
}

QJsonArray ExplanationOfBenefitBuilder::careTeam(const CareEvent &event) const
{
    const Clinician *c = m_population.clinician(event.practitionerId);
    const QString name = c->given.join(u' ') + u' ' + c->family;
    const auto member = [&](int sequence, const QString &system, const QString &role, bool qualified) {
        QJsonObject m{{QStringLiteral("sequence"), sequence},
                      {QStringLiteral("provider"), J::reference(QStringLiteral("Practitioner"), c->practitionerId, name)},
                      {QStringLiteral("role"), J::codeable(system, role)}};
        if (qualified)
            m.insert(QStringLiteral("qualification"), J::codeable(c->specialty));
        return m;
    };
    switch (event.kind) {
    case Kind::InpatientStay:
    case Kind::OutpatientVisit: {
        QJsonArray team{member(1, kCareTeamRole, QStringLiteral("attending"), false)};
        const bool surgical = !event.procedures.isEmpty()
            && (event.procedures.first().code.code.startsWith(u"0") || event.procedures.first().code.code == u"29881"
                || event.procedures.first().code.code == u"66984" || event.procedures.first().code.code == u"45378");
        if (surgical)
            team.append(member(2, kCareTeamRole, QStringLiteral("operating"), false));
        return team;
    }
    case Kind::PharmacyFill:
        return {member(1, kCareTeamRole, QStringLiteral("prescribing"), false)};
    case Kind::OfficeVisit:
    case Kind::DentalVisit:
        break;
    }
    return {member(1, kCareTeamRole, QStringLiteral("rendering"), true)};
}

QJsonArray ExplanationOfBenefitBuilder::diagnoses(const CareEvent &event) const
{
    QJsonArray list;
    for (qsizetype i = 0; i < event.diagnoses.size(); ++i) {
        const Diagnosis &d = event.diagnoses.at(i);
        QJsonObject type;
        if (i == 0)
            type = J::codeable(kExDiagnosisType, QStringLiteral("principal"), QStringLiteral("Principal Diagnosis"));
        else if (event.kind == Kind::OfficeVisit || event.kind == Kind::DentalVisit)
            type = J::codeable(kDiagnosisType, QStringLiteral("secondary"));
        else
            type = J::codeable(kDiagnosisType, QStringLiteral("other"));
        QJsonObject entry{{QStringLiteral("sequence"), int(list.size() + 1)},
                          {QStringLiteral("diagnosisCodeableConcept"), J::codeable(d.icd10)},
                          {QStringLiteral("type"), QJsonArray{type}}};
        if (event.kind == Kind::InpatientStay)
            entry.insert(QStringLiteral("onAdmission"),
                         J::codeable(kNubc + u"PresentOnAdmissionIndicator", QStringLiteral("Y")));
        list.append(entry);
    }
    if (event.kind == Kind::InpatientStay && !event.diagnoses.isEmpty())
        list.append(QJsonObject{{QStringLiteral("sequence"), int(list.size() + 1)},
                                {QStringLiteral("diagnosisCodeableConcept"), J::codeable(event.diagnoses.first().icd10)},
                                {QStringLiteral("type"), QJsonArray{J::codeable(kExDiagnosisType, QStringLiteral("admitting"),
                                                                               QStringLiteral("Admitting Diagnosis"))}}});
    if (event.kind == Kind::OutpatientVisit && !event.diagnoses.isEmpty())
        list.append(QJsonObject{{QStringLiteral("sequence"), int(list.size() + 1)},
                                {QStringLiteral("diagnosisCodeableConcept"), J::codeable(event.diagnoses.first().icd10)},
                                {QStringLiteral("type"), QJsonArray{J::codeable(kDiagnosisType, QStringLiteral("patientreasonforvisit"))}}});
    return list;
}

} // namespace paw::sandbox
