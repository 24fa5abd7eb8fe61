#include "sandbox/data/ClinicalGenerator.h"

#include "sandbox/data/ClinicalCatalog.h"
#include "sandbox/data/ClinicalDocumentWriter.h"
#include "sandbox/data/ClinicalJson.h"
#include "sandbox/data/EncounterContext.h"
#include "sandbox/data/JsonBuilder.h"
#include "sandbox/data/LabReportWriter.h"
#include "sandbox/data/SandboxRandom.h"
#include "sandbox/data/VitalSignsWriter.h"

#include <QHash>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace paw::sandbox {

namespace {

using Value = JsonBuilder::Value;
using FixedCode = ClinicalJson::FixedCode;

// The US Core 3.1.1 profiles of the records written here.
constexpr std::string_view kConditionProfile = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-condition|3.1.1";
constexpr std::string_view kAllergyProfile =
    "http://hl7.org/fhir/us/core/StructureDefinition/us-core-allergyintolerance|3.1.1";
constexpr std::string_view kEncounterProfile = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-encounter|3.1.1";
constexpr std::string_view kProcedureProfile = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-procedure|3.1.1";
constexpr std::string_view kImmunizationProfile =
    "http://hl7.org/fhir/us/core/StructureDefinition/us-core-immunization|3.1.1";
constexpr std::string_view kDeviceProfile =
    "http://hl7.org/fhir/us/core/StructureDefinition/us-core-implantable-device|3.1.1";
constexpr std::string_view kLocationProfile = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-location|3.1.1";
constexpr std::string_view kPractitionerRoleProfile =
    "http://hl7.org/fhir/us/core/StructureDefinition/us-core-practitionerrole|3.1.1";
constexpr std::string_view kMedicationProfile = "http://hl7.org/fhir/us/core/StructureDefinition/us-core-medication|3.1.1";

constexpr std::string_view kConditionClinical = "http://terminology.hl7.org/CodeSystem/condition-clinical";
constexpr std::string_view kConditionCategory = "http://terminology.hl7.org/CodeSystem/condition-category";
constexpr std::string_view kActCode = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
constexpr std::string_view kParticipationType = "http://terminology.hl7.org/CodeSystem/v3-ParticipationType";
constexpr std::string_view kDiagnosisRole = "http://terminology.hl7.org/CodeSystem/diagnosis-role";
constexpr std::string_view kRoleCode = "http://terminology.hl7.org/CodeSystem/v3-RoleCode";
constexpr std::string_view kSnomed = "http://snomed.info/sct";
constexpr std::string_view kUcum = "http://unitsofmeasure.org";

constexpr FixedCode kConfirmedCondition{"http://terminology.hl7.org/CodeSystem/condition-ver-status", "confirmed", {}};
constexpr FixedCode kActiveCondition{kConditionClinical, "active", {}};
constexpr FixedCode kResolvedCondition{kConditionClinical, "resolved", {}};

QStringList sortedUnique(QStringList labels)
{
    labels.removeAll(QString());
    labels.sort();
    labels.removeDuplicates();
    return labels;
}

int ageOn(QDate birthDate, QDate date)
{
    int age = date.year() - birthDate.year();
    if (date.month() < birthDate.month() || (date.month() == birthDate.month() && date.day() < birthDate.day()))
        --age;
    return std::max(0, age);
}

QDate clamped(QDate date, QDate first, QDate last)
{
    return std::clamp(date, first, std::max(first, last));
}

// The GS1 mod-10 check digit of a GTIN stem (weights 3,1,3,... from the right).
QString gtin(const QString &stem)
{
    int sum = 0;
    for (qsizetype i = 0; i < stem.size(); ++i)
        sum += stem.at(stem.size() - 1 - i).digitValue() * (i % 2 == 0 ? 3 : 1);
    return QString(stem + QString::number((10 - sum % 10) % 10));
}

// The labels a care event's records carry: its own and those of each of its diagnoses.
QStringList eventSensitivities(const CareEvent &event)
{
    QStringList labels{event.sensitivity};
    for (const Diagnosis &diagnosis : event.diagnoses)
        labels.append(diagnosis.sensitivity);
    return sortedUnique(labels);
}

const FixedCode &encounterType(CareEvent::Kind kind)
{
    static constexpr FixedCode admission{kSnomed, "32485007", "Hospital admission"};
    static constexpr FixedCode problem{kSnomed, "185347001", "Encounter for problem"};
    static constexpr FixedCode dental{kSnomed, "34043003", "Dental consultation and report"};
    static constexpr FixedCode symptom{kSnomed, "185345009", "Encounter for symptom"};
    switch (kind) {
    case CareEvent::Kind::InpatientStay:
        return admission;
    case CareEvent::Kind::OutpatientVisit:
        return problem;
    case CareEvent::Kind::DentalVisit:
        return dental;
    case CareEvent::Kind::OfficeVisit:
    case CareEvent::Kind::PharmacyFill:
        break;
    }
    return symptom;
}

Value workPhone(JsonBuilder &json, const QString &phone)
{
    return json.array(json.object("system", "phone", "value", phone, "use", "work"));
}

// Writes one member's records; lives for one memberResources() call. Resources are built and
// written one at a time (ClinicalJson::text clears the builder after each).
class MemberWriter
{
public:
    MemberWriter(const SandboxPopulation &population, const MemberStory &story, quint64 seed)
        : m_population(population)
        , m_story(story)
        , m_patientId(story.member.patientId)
        , m_subject(QString(u"Patient/" + story.member.patientId))
        , m_random(SandboxRandom::stream(seed, u"clinical", quint64(story.member.index)))
        , m_vitals(story.member, seed)
        , m_documents(population, story.member)
    {
    }

    QList<QByteArray> write()
    {
        m_out.reserve(16 + m_story.events.size() * 8);
        writeProblemList();
        writeAllergies();
        for (const CareEvent &event : m_story.events) {
            if (event.kind == CareEvent::Kind::PharmacyFill)
                writeDispense(event);
            else
                writeEncounter(event);
        }
        writeStatements();
        if (m_story.hasImplant)
            writeDevice();
        return std::move(m_out);
    }

private:
    Value patient() { return ClinicalJson::reference(m_json, m_subject); }
    void append(Value &&resource) { m_out.append(ClinicalJson::text(m_json, std::move(resource))); }
    QDate storyDate(QDate date) const { return clamped(date, m_story.member.birthDate, m_story.asOf); }

    void writeProblemList()
    {
        static constexpr FixedCode problemListItem{kConditionCategory, "problem-list-item", "Problem List Item"};
        for (qsizetype i = 0; i < m_story.conditions.size(); ++i) {
            const ChronicCondition &condition = m_story.conditions.at(i);
            const QString onset = ClinicalJson::date(storyDate(condition.onset));
            append(m_json.object(
                "resourceType", "Condition",
                "id", QString(m_patientId + u"-pl" + QString::number(i + 1)),
                "meta", ClinicalJson::meta(m_json, kConditionProfile, sortedUnique({condition.diagnosis.sensitivity})),
                "clinicalStatus", ClinicalJson::codeable(m_json, condition.active ? kActiveCondition : kResolvedCondition),
                "verificationStatus", ClinicalJson::codeable(m_json, kConfirmedCondition),
                "category", ClinicalJson::codeables(m_json, problemListItem),
                "code", ClinicalJson::codeable(m_json, condition.diagnosis.snomed, condition.diagnosis.icd10),
                "subject", patient(),
                "onsetDateTime", onset,
                "recordedDate", onset));
        }
    }

    void writeAllergies()
    {
        static constexpr FixedCode active{"http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical", "active",
                                          "Active"};
        static constexpr FixedCode confirmed{"http://terminology.hl7.org/CodeSystem/allergyintolerance-verification",
                                             "confirmed", "Confirmed"};
        // Recorded at the member's first visit, or a year before the as-of date without one.
        QDate recorded = m_story.asOf.addYears(-1);
        for (const CareEvent &event : m_story.events)
            if (event.kind != CareEvent::Kind::PharmacyFill) {
                recorded = event.start;
                break;
            }
        recorded = storyDate(recorded);
        for (qsizetype i = 0; i < m_story.allergies.size(); ++i) {
            const Code &substance = m_story.allergies.at(i);
            const Code &reaction = m_random.pick(ClinicalCatalog::allergyReactions());
            const bool severe = reaction.code == u"39579001"; // anaphylaxis
            append(m_json.object(
                "resourceType", "AllergyIntolerance",
                "id", QString(m_patientId + u"-al" + QString::number(i + 1)),
                "meta", ClinicalJson::meta(m_json, kAllergyProfile, {}),
                "clinicalStatus", ClinicalJson::codeable(m_json, active),
                "verificationStatus", ClinicalJson::codeable(m_json, confirmed),
                "type", "allergy",
                "criticality", severe ? "high" : "low",
                "code", ClinicalJson::codeable(m_json, substance),
                "patient", patient(),
                "recordedDate", ClinicalJson::date(recorded),
                "reaction", m_json.array(m_json.object("manifestation", ClinicalJson::codeables(m_json, reaction),
                                                       "severity", severe ? "severe" : "mild"))));
        }
    }

    void writeEncounter(const CareEvent &event)
    {
        const QString encounterId = QString(event.id + u"-enc");
        const EncounterContext context{m_patientId,
                                       encounterId,
                                       &event,
                                       eventSensitivities(event),
                                       ageOn(m_story.member.birthDate, event.start),
                                       m_subject,
                                       QString(u"Encounter/" + encounterId),
                                       QString(u"Practitioner/" + event.practitionerId),
                                       QString(u"Organization/" + event.providerId),
                                       ClinicalJson::dateTime(event.start, 9 * 60 + 10)};

        // Encounter diagnoses first: the Encounter and the Procedures point at them.
        for (qsizetype i = 0; i < event.diagnoses.size(); ++i)
            writeEncounterDiagnosis(context, event.diagnoses.at(i), diagnosisId(event, i));
        writeEncounterItself(context);

        for (qsizetype i = 0; i < event.procedures.size(); ++i)
            if (ClinicalGenerator::isRecordedAsProcedure(event.procedures.at(i)))
                writeProcedure(context, event.procedures.at(i), int(i + 1));

        writeVisitRecords(context);
    }

    static QString diagnosisId(const CareEvent &event, qsizetype index)
    {
        return QString(event.id + u"-dx" + QString::number(index + 1));
    }

    void writeEncounterItself(const EncounterContext &context)
    {
        static constexpr FixedCode inpatientClass{kActCode, "IMP", "inpatient encounter"};
        static constexpr FixedCode ambulatoryClass{kActCode, "AMB", "ambulatory"};
        static constexpr FixedCode attender{kParticipationType, "ATND", "attender"};
        static constexpr FixedCode primaryPerformer{kParticipationType, "PPRF", "primary performer"};
        static constexpr FixedCode dischargeRole{kDiagnosisRole, "DD", "Discharge diagnosis"};
        static constexpr FixedCode billingRole{kDiagnosisRole, "billing", "Billing"};
        static constexpr FixedCode home{"http://terminology.hl7.org/CodeSystem/discharge-disposition", "home", "Home"};

        const CareEvent &event = *context.event;
        const bool inpatient = event.kind == CareEvent::Kind::InpatientStay;
        const QString start = ClinicalJson::date(event.start);
        const QString end = ClinicalJson::date(event.end);
        Value encounter = m_json.object(
            "resourceType", "Encounter",
            "id", context.encounterId,
            "meta", ClinicalJson::meta(m_json, kEncounterProfile, context.sensitivities),
            "identifier", m_json.array(m_json.object("system", "urn:ietf:rfc:3986",
                                                     "value", QString(u"urn:paw:sandbox:encounter:" + event.id))),
            "status", "finished",
            "class", ClinicalJson::coding(m_json, inpatient ? inpatientClass : ambulatoryClass),
            "type", ClinicalJson::codeables(m_json, encounterType(event.kind)),
            "subject", patient(),
            "participant", m_json.array(m_json.object(
                               "type", ClinicalJson::codeables(m_json, inpatient ? attender : primaryPerformer),
                               "period", ClinicalJson::period(m_json, start, end),
                               "individual", ClinicalJson::reference(m_json, context.practitioner))),
            "period", ClinicalJson::period(m_json, start, end));
        if (!event.diagnoses.isEmpty()) {
            const Diagnosis &principal = event.diagnoses.first();
            m_json.add(encounter, "reasonCode",
                       m_json.array(ClinicalJson::codeable(m_json, principal.snomed, principal.icd10)));
            Value diagnoses = m_json.array();
            for (qsizetype i = 0; i < event.diagnoses.size(); ++i)
                m_json.append(diagnoses,
                              m_json.object("condition", ClinicalJson::reference(m_json, "Condition", diagnosisId(event, i)),
                                            "use", ClinicalJson::codeable(m_json, inpatient ? dischargeRole : billingRole),
                                            "rank", int(i + 1)));
            m_json.add(encounter, "diagnosis", diagnoses);
        }
        if (inpatient)
            m_json.add(encounter, "hospitalization",
                       m_json.object("dischargeDisposition", ClinicalJson::codeable(m_json, home)));
        if (!event.locationId.isEmpty())
            m_json.add(encounter, "location",
                       m_json.array(m_json.object("location", ClinicalJson::reference(m_json, "Location", event.locationId),
                                                  "period", ClinicalJson::period(m_json, start, end))));
        m_json.add(encounter, "serviceProvider", ClinicalJson::reference(m_json, context.provider));
        append(std::move(encounter));
    }

    void writeEncounterDiagnosis(const EncounterContext &context, const Diagnosis &diagnosis, const QString &id)
    {
        static constexpr FixedCode encounterDiagnosis{kConditionCategory, "encounter-diagnosis", "Encounter Diagnosis"};
        const CareEvent &event = *context.event;
        // A diagnosis the problem list carries stays active; an acute one resolves two weeks on.
        const bool chronic = std::any_of(m_story.conditions.cbegin(), m_story.conditions.cend(),
                                         [&](const ChronicCondition &c) {
                                             return c.active && c.diagnosis.icd10.code == diagnosis.icd10.code;
                                         });
        const QDate abatement = event.end.addDays(14);
        const bool resolved = !chronic && abatement <= m_story.asOf;
        const QString start = ClinicalJson::date(event.start);
        Value resource = m_json.object(
            "resourceType", "Condition",
            "id", id,
            "meta", ClinicalJson::meta(m_json, kConditionProfile, context.sensitivities),
            "clinicalStatus", ClinicalJson::codeable(m_json, resolved ? kResolvedCondition : kActiveCondition),
            "verificationStatus", ClinicalJson::codeable(m_json, kConfirmedCondition),
            "category", ClinicalJson::codeables(m_json, encounterDiagnosis),
            "code", ClinicalJson::codeable(m_json, diagnosis.snomed, diagnosis.icd10),
            "subject", patient(),
            "encounter", ClinicalJson::reference(m_json, context.encounter),
            "onsetDateTime", start);
        if (resolved)
            m_json.add(resource, "abatementDateTime", ClinicalJson::date(abatement));
        m_json.add(resource, "recordedDate", start);
        m_json.add(resource, "asserter", ClinicalJson::reference(m_json, context.practitioner));
        append(std::move(resource));
    }

    void writeProcedure(const EncounterContext &context, const ProcedureCode &procedure, int number)
    {
        const CareEvent &event = *context.event;
        Value resource = m_json.object(
            "resourceType", "Procedure",
            "id", QString(event.id + u"-pr" + QString::number(number)),
            "meta", ClinicalJson::meta(m_json, kProcedureProfile, context.sensitivities),
            "status", "completed",
            "code", ClinicalJson::codeable(m_json, procedure.snomed, procedure.code),
            "subject", patient(),
            "encounter", ClinicalJson::reference(m_json, context.encounter));
        if (event.end > event.start)
            m_json.add(resource, "performedPeriod",
                       ClinicalJson::period(m_json, ClinicalJson::date(event.start), ClinicalJson::date(event.end)));
        else
            m_json.add(resource, "performedDateTime", ClinicalJson::date(event.start));
        m_json.add(resource, "performer",
                   m_json.array(m_json.object("actor", ClinicalJson::reference(m_json, context.practitioner))));
        if (!event.locationId.isEmpty())
            m_json.add(resource, "location", ClinicalJson::reference(m_json, "Location", event.locationId));
        if (!event.diagnoses.isEmpty())
            m_json.add(resource, "reasonReference",
                       m_json.array(ClinicalJson::reference(m_json, "Condition", diagnosisId(event, 0))));
        append(std::move(resource));
    }

    // Vital signs at check-ups and hospital stays only (a sick visit's blood pressure would be a
    // small record at every visit), notes and reports where a visit has them; then the story's
    // lab panels and vaccines, which the claim bills.
    void writeVisitRecords(const EncounterContext &context)
    {
        const CareEvent &event = *context.event;
        using Set = VitalSignsWriter::Set;
        switch (event.kind) {
        case CareEvent::Kind::InpatientStay:
            m_out.append(m_vitals.write(m_json, context, Set::Full, m_random));
            m_out.append(m_documents.documentReference(m_json, context, ClinicalCatalog::dischargeSummary()));
            break;
        case CareEvent::Kind::OutpatientVisit:
            if (m_random.chance(40))
                m_out.append(m_documents.noteReport(m_json, context, m_random.pick(ClinicalCatalog::imagingReports())));
            break;
        case CareEvent::Kind::OfficeVisit:
            if (event.preventive)
                m_out.append(m_vitals.write(m_json, context, Set::CheckUp, m_random));
            if (m_random.chance(25))
                m_out.append(m_documents.documentReference(m_json, context, ClinicalCatalog::progressNote()));
            break;
        case CareEvent::Kind::DentalVisit:
        case CareEvent::Kind::PharmacyFill:
            break;
        }
        writeLabReports(context);
        for (qsizetype i = 0; i < event.vaccinations.size(); ++i)
            writeImmunization(context, event.vaccinations.at(i), int(i + 1));
    }

    void writeLabReports(const EncounterContext &context)
    {
        const QList<LabOrder> &orders = context.event->labOrders;
        for (qsizetype i = 0; i < orders.size(); ++i) {
            const LabPanel *panel = ClinicalCatalog::labPanel(orders.at(i).loinc.code);
            Q_ASSERT(panel); // the planner orders catalog panels only
            if (panel)
                m_out.append(LabReportWriter::write(m_json, context, *panel, int(i + 1), m_random));
        }
    }

    void writeImmunization(const EncounterContext &context, const Vaccination &vaccination, int number)
    {
        const CareEvent &event = *context.event;
        const QString lot = QString(u"L" + QString::number(100000 + m_random.below(900000)));
        Value resource = m_json.object(
            "resourceType", "Immunization",
            "id", QString(event.id + u"-imm" + QString::number(number)),
            "meta", ClinicalJson::meta(m_json, kImmunizationProfile, context.sensitivities),
            "status", "completed",
            "vaccineCode", ClinicalJson::codeable(m_json, vaccination.cvx),
            "patient", patient(),
            "encounter", ClinicalJson::reference(m_json, context.encounter),
            "occurrenceDateTime", ClinicalJson::date(event.start),
            "primarySource", true);
        if (!event.locationId.isEmpty())
            m_json.add(resource, "location", ClinicalJson::reference(m_json, "Location", event.locationId));
        m_json.add(resource, "lotNumber", lot);
        m_json.add(resource, "performer",
                   m_json.array(m_json.object("actor", ClinicalJson::reference(m_json, context.practitioner))));
        append(std::move(resource));
    }

    QStringList dispenseSensitivities(const CareEvent &event) const
    {
        QStringList labels = eventSensitivities(event);
        for (const MedicationItem &item : m_population.medications)
            if (!event.drug.medicationId.isEmpty() && item.medicationId == event.drug.medicationId)
                labels.append(item.sensitivity);
        return sortedUnique(labels);
    }

    // What a dispense and a statement begin with, in FHIR's order: the sensitivity labels, the
    // status, and the drug as medicationReference or medicationCodeableConcept.
    Value medicationRecord(std::string_view type, const QString &id, const QStringList &labels,
                           std::string_view status, const Drug &drug)
    {
        Value resource = m_json.object("resourceType", type, "id", id);
        if (!labels.isEmpty())
            m_json.add(resource, "meta", ClinicalJson::meta(m_json, {}, labels));
        m_json.add(resource, "status", status);
        if (!drug.medicationId.isEmpty())
            m_json.add(resource, "medicationReference",
                       ClinicalJson::reference(m_json, "Medication", drug.medicationId, drug.rxnorm.display));
        else
            m_json.add(resource, "medicationCodeableConcept", ClinicalJson::codeable(m_json, drug.rxnorm, drug.ndc));
        return resource;
    }

    void writeDispense(const CareEvent &event)
    {
        static constexpr FixedCode firstFill{kActCode, "FF", "First Fill"};
        static constexpr FixedCode refill{kActCode, "RF", "Refill"};
        const QString drugKey = event.drug.medicationId.isEmpty() ? event.drug.rxnorm.code : event.drug.medicationId;
        const int fillNumber = ++m_fills[drugKey];
        m_dispenses[drugKey].append(&event);
        Value resource = medicationRecord("MedicationDispense", QString(event.id + u"-md"), dispenseSensitivities(event),
                                          "completed", event.drug);
        m_json.add(resource, "subject", patient());
        m_json.add(resource, "performer",
                   m_json.array(m_json.object("actor", ClinicalJson::reference(m_json, "Organization", event.providerId))));
        m_json.add(resource, "type", ClinicalJson::codeable(m_json, fillNumber == 1 ? firstFill : refill));
        m_json.add(resource, "quantity",
                   m_json.object("value", event.drug.quantity, "unit", "each", "system", kUcum, "code", "1"));
        m_json.add(resource, "daysSupply",
                   m_json.object("value", event.drug.daysSupply, "unit", "days", "system", kUcum, "code", "d"));
        m_json.add(resource, "whenHandedOver", ClinicalJson::date(event.start));
        m_json.add(resource, "dosageInstruction",
                   m_json.array(m_json.object("text", QString(u"Use as directed: " + QString::number(event.drug.quantity)
                                                              + u" over " + QString::number(event.drug.daysSupply)
                                                              + u" days"))));
        append(std::move(resource));
    }

    // A MedicationStatement for each drug filled more than once: the member takes it regularly.
    void writeStatements()
    {
        QStringList keys = m_dispenses.keys();
        keys.sort(); // QHash order is not stable across runs
        QList<std::pair<QDate, QString>> ordered;
        for (const QString &key : keys)
            ordered.append({m_dispenses.value(key).first()->start, key});
        std::sort(ordered.begin(), ordered.end());
        int number = 0;
        for (const auto &[first, key] : ordered) {
            const QList<const CareEvent *> &fills = m_dispenses.value(key);
            if (fills.size() < 2)
                continue;
            const CareEvent &last = *fills.last();
            const QDate supplyEnd = last.start.addDays(last.drug.daysSupply);
            const bool active = supplyEnd.addDays(30) >= m_story.asOf;
            QStringList labels;
            for (const CareEvent *fill : fills)
                labels.append(dispenseSensitivities(*fill));
            Value resource = medicationRecord("MedicationStatement", QString(m_patientId + u"-ms" + QString::number(++number)),
                                              sortedUnique(labels), active ? "active" : "completed", last.drug);
            m_json.add(resource, "subject", patient());
            Value period = m_json.object("start", ClinicalJson::date(first));
            if (!active)
                m_json.add(period, "end", ClinicalJson::date(storyDate(supplyEnd)));
            m_json.add(resource, "effectivePeriod", period);
            m_json.add(resource, "dateAsserted", ClinicalJson::date(last.start));
            m_json.add(resource, "informationSource", ClinicalJson::reference(m_json, "Organization", last.providerId));
            Value derivedFrom = m_json.array();
            for (const CareEvent *fill : fills)
                m_json.append(derivedFrom, ClinicalJson::reference(m_json, "MedicationDispense", QString(fill->id + u"-md")));
            m_json.add(resource, "derivedFrom", derivedFrom);
            append(std::move(resource));
        }
    }

    void writeDevice()
    {
        // Implanted at the member's first inpatient or outpatient stay, else their first visit.
        QDate implanted;
        for (const CareEvent &event : m_story.events)
            if (event.kind == CareEvent::Kind::InpatientStay || event.kind == CareEvent::Kind::OutpatientVisit) {
                implanted = event.start;
                break;
            }
        if (!implanted.isValid())
            implanted = m_story.events.isEmpty() ? m_story.asOf : m_story.events.first().start;
        const ImplantModel &model = m_random.pick(ClinicalCatalog::implants());
        const QDate made = storyDate(implanted.addDays(-m_random.between(30, 400)));
        const QString lot = QString(u"LOT" + QString::number(1000 + m_random.below(9000)));
        const QString serial = QString(u"SN" + QString::number(10000000 + m_random.below(90000000)));
        const QString di = gtin(model.gtinStem);
        append(m_json.object(
            "resourceType", "Device",
            "id", QString(m_patientId + u"-dev1"),
            "meta", ClinicalJson::meta(m_json, kDeviceProfile, {}),
            "udiCarrier", m_json.array(m_json.object(
                              "deviceIdentifier", di,
                              "issuer", "http://hl7.org/fhir/NamingSystem/gs1-di",
                              "jurisdiction", "http://hl7.org/fhir/NamingSystem/fda-udi",
                              "carrierHRF", QString(u"(01)" + di + u"(11)" + made.toString(u"yyMMdd"_s) + u"(10)" + lot
                                                    + u"(21)" + serial),
                              "entryType", "barcode")),
            "status", "active",
            "distinctIdentifier", serial,
            "manufacturer", model.manufacturer,
            "manufactureDate", ClinicalJson::date(made),
            "lotNumber", lot,
            "serialNumber", serial,
            "deviceName", m_json.array(m_json.object("name", model.name, "type", "user-friendly-name")),
            "type", ClinicalJson::codeable(m_json, model.type),
            "patient", patient()));
    }

    const SandboxPopulation &m_population;
    const MemberStory &m_story;
    const QString m_patientId;
    const QString m_subject; // Patient/<id>
    SandboxRandom m_random;
    VitalSignsWriter m_vitals;
    ClinicalDocumentWriter m_documents;
    JsonBuilder m_json;
    QHash<QString, int> m_fills;
    QHash<QString, QList<const CareEvent *>> m_dispenses;
    QList<QByteArray> m_out;
};

QByteArray location(JsonBuilder &json, const Provider &provider)
{
    static constexpr FixedCode hospital{kRoleCode, "HOSP", "Hospital"};
    static constexpr FixedCode pharmacy{kRoleCode, "PHARM", "Pharmacy"};
    static constexpr FixedCode outpatient{kRoleCode, "OF", "Outpatient facility"};
    const FixedCode &type = provider.kind == Provider::Kind::Hospital   ? hospital
                          : provider.kind == Provider::Kind::Pharmacy ? pharmacy
                                                                      : outpatient;
    Value resource = json.object(
        "resourceType", "Location",
        "id", provider.locationId,
        "meta", ClinicalJson::meta(json, kLocationProfile, {}),
        "identifier", json.array(json.object("system", "http://hl7.org/fhir/sid/us-npi", "value", provider.npi)),
        "status", "active",
        "name", provider.name,
        "type", ClinicalJson::codeables(json, type));
    if (!provider.phone.isEmpty())
        json.add(resource, "telecom", workPhone(json, provider.phone));
    json.add(resource, "address",
             json.object("line", json.array(provider.address.line),
                         "city", provider.address.city,
                         "state", provider.address.state,
                         "postalCode", provider.address.postalCode,
                         "country", "US"));
    json.add(resource, "managingOrganization",
             ClinicalJson::reference(json, "Organization", provider.organizationId, provider.name));
    return ClinicalJson::text(json, std::move(resource));
}

QByteArray practitionerRole(JsonBuilder &json, const Clinician &clinician, const Provider *provider)
{
    Value role = json.object(
        "resourceType", "PractitionerRole",
        "id", clinician.practitionerRoleId,
        "meta", ClinicalJson::meta(json, kPractitionerRoleProfile, {}),
        "active", true,
        "practitioner", ClinicalJson::reference(json, "Practitioner", clinician.practitionerId,
                                                QString(clinician.given.join(u' ') + u' ' + clinician.family)),
        "organization", ClinicalJson::reference(json, "Organization", clinician.providerId,
                                                provider ? provider->name : QString()),
        "code", ClinicalJson::codeables(json, clinician.specialty),
        "specialty", ClinicalJson::codeables(json, clinician.specialty));
    if (provider && !provider->locationId.isEmpty())
        json.add(role, "location", json.array(ClinicalJson::reference(json, "Location", provider->locationId)));
    // US Core pd-1: a role has contact details or an endpoint; the practice's phone.
    if (provider && !provider->phone.isEmpty())
        json.add(role, "telecom", workPhone(json, provider->phone));
    return ClinicalJson::text(json, std::move(role));
}

QByteArray medication(JsonBuilder &json, const MedicationItem &item)
{
    return ClinicalJson::text(json, json.object("resourceType", "Medication",
                                                "id", item.medicationId,
                                                "meta", ClinicalJson::meta(json, kMedicationProfile, {}),
                                                "code", ClinicalJson::codeable(json, item.rxnorm, item.ndc),
                                                "status", "active"));
}

} // namespace

bool ClinicalGenerator::isRecordedAsProcedure(const ProcedureCode &procedure)
{
    // CPT ranges: evaluation and management 99201-99499 (the Encounter records the visit),
    // laboratory 80047-89398 (Observations and DiagnosticReports), immune globulins, vaccines
    // and their administration 90281-90759 (Immunization; 90750 is the zoster vaccine); and
    // venipuncture 36415, the blood draw of those lab tests.
    const QString &code = procedure.code.code;
    bool numeric = false;
    const int cpt = code.size() == 5 ? code.toInt(&numeric) : 0;
    if (!numeric)
        return true;
    return !((cpt >= 99201 && cpt <= 99499) || (cpt >= 80047 && cpt <= 89398) || (cpt >= 90281 && cpt <= 90759)
             || cpt == 36415);
}

ClinicalGenerator::ClinicalGenerator(const SandboxPopulation &population)
    : m_population(population)
{
}

QList<QByteArray> ClinicalGenerator::sharedResources() const
{
    JsonBuilder json;
    QList<QByteArray> out;
    for (const Provider &provider : m_population.providers)
        if (!provider.locationId.isEmpty())
            out.append(location(json, provider));
    for (const Clinician &clinician : m_population.clinicians)
        out.append(practitionerRole(json, clinician, m_population.provider(clinician.providerId)));
    for (const MedicationItem &item : m_population.medications)
        out.append(medication(json, item));
    return out;
}

QList<QByteArray> ClinicalGenerator::memberResources(const MemberStory &story, quint64 seed) const
{
    return MemberWriter(m_population, story, seed).write();
}

} // namespace paw::sandbox
