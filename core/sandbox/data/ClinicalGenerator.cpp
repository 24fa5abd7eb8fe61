#include "sandbox/data/ClinicalGenerator.h"

#include "sandbox/data/ClinicalCatalog.h"
#include "sandbox/data/ClinicalDocumentWriter.h"
#include "sandbox/data/EncounterContext.h"
#include "sandbox/data/ClinicalJson.h"
#include "sandbox/data/LabReportWriter.h"
#include "sandbox/data/SandboxRandom.h"
#include "sandbox/data/VitalSignsWriter.h"

#include <QHash>
#include <QJsonArray>
#include <QSet>
#include <algorithm>

using namespace Qt::StringLiterals;

namespace paw::sandbox {

namespace {

const QString kUsCore = u"http://hl7.org/fhir/us/core/StructureDefinition/"_s;

QString usCoreProfile(const QString &name)
{
    return QString(kUsCore + name + u"|3.1.1");
}

// The metas of the records written at every visit, built once: this runs per visit.
enum class Profile { Encounter, Condition, Procedure, Immunization };

const QJsonObject &usCoreMeta(Profile profile)
{
    static const QJsonObject metas[] = {
        ClinicalJson::meta(usCoreProfile(u"us-core-encounter"_s), {}),
        ClinicalJson::meta(usCoreProfile(u"us-core-condition"_s), {}),
        ClinicalJson::meta(usCoreProfile(u"us-core-procedure"_s), {}),
        ClinicalJson::meta(usCoreProfile(u"us-core-immunization"_s), {}),
    };
    return metas[int(profile)];
}

const QJsonObject &confirmedCondition()
{
    static const QJsonObject status = ClinicalJson::codeable(
        Code{u"http://terminology.hl7.org/CodeSystem/condition-ver-status"_s, u"confirmed"_s, {}});
    return status;
}

Code snomed(const QString &code, const QString &display)
{
    return Code{u"http://snomed.info/sct"_s, code, display};
}

Code conditionClinical(const QString &code)
{
    return Code{u"http://terminology.hl7.org/CodeSystem/condition-clinical"_s, code, {}};
}

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

QJsonObject medicationOf(const Drug &drug)
{
    if (!drug.medicationId.isEmpty())
        return QJsonObject{{u"medicationReference"_s,
                            ClinicalJson::reference(u"Medication"_s, drug.medicationId, drug.rxnorm.display)}};
    return QJsonObject{{u"medicationCodeableConcept"_s, ClinicalJson::codeable(drug.rxnorm, drug.ndc)}};
}

// Writes one member's records; lives for one memberResources() call.
class MemberWriter
{
public:
    MemberWriter(const SandboxPopulation &population, const MemberStory &story, quint64 seed)
        : m_population(population)
        , m_story(story)
        , m_patientId(story.member.patientId)
        , m_subject(ClinicalJson::reference(u"Patient"_s, story.member.patientId))
        , m_random(SandboxRandom::stream(seed, u"clinical", quint64(story.member.index)))
        , m_vitals(story.member, seed)
        , m_documents(population, story.member)
    {
    }

    QList<QJsonObject> write()
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
    const QJsonObject &patient() const { return m_subject; }

    // A member's visits repeat their diagnoses and procedures: each CodeableConcept is built once.
    QJsonObject codeable(const Code &first, const Code &second)
    {
        const QString key = QString(first.system + u'|' + first.code + u'|' + second.system + u'|' + second.code);
        auto found = m_codeables.constFind(key);
        if (found == m_codeables.cend())
            found = m_codeables.insert(key, ClinicalJson::codeable(first, second));
        return *found;
    }
    QDate storyDate(QDate date) const { return clamped(date, m_story.member.birthDate, m_story.asOf); }

    void writeProblemList()
    {
        for (qsizetype i = 0; i < m_story.conditions.size(); ++i) {
            const ChronicCondition &condition = m_story.conditions.at(i);
            const QDate onset = storyDate(condition.onset);
            QJsonObject resource{
                {u"resourceType"_s, u"Condition"_s},
                {u"id"_s, QString(m_patientId + u"-pl" + QString::number(i + 1))},
                {u"meta"_s, ClinicalJson::meta(usCoreProfile(u"us-core-condition"_s),
                                           sortedUnique({condition.diagnosis.sensitivity}))},
                {u"clinicalStatus"_s, ClinicalJson::codeable(conditionClinical(condition.active ? u"active"_s : u"resolved"_s))},
                {u"verificationStatus"_s,
                 confirmedCondition()},
                {u"category"_s, QJsonArray{ClinicalJson::codeable(Code{u"http://terminology.hl7.org/CodeSystem/condition-category"_s,
                                                                  u"problem-list-item"_s, u"Problem List Item"_s})}},
                {u"code"_s, ClinicalJson::codeable(condition.diagnosis.snomed, condition.diagnosis.icd10)},
                {u"subject"_s, patient()},
                {u"onsetDateTime"_s, ClinicalJson::date(onset)},
                {u"recordedDate"_s, ClinicalJson::date(onset)},
            };
            m_out.append(resource);
        }
    }

    void writeAllergies()
    {
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
            QJsonObject resource{
                {u"resourceType"_s, u"AllergyIntolerance"_s},
                {u"id"_s, QString(m_patientId + u"-al" + QString::number(i + 1))},
                {u"meta"_s, ClinicalJson::meta(usCoreProfile(u"us-core-allergyintolerance"_s), {})},
                {u"clinicalStatus"_s, ClinicalJson::codeable(Code{
                                          u"http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical"_s,
                                          u"active"_s, u"Active"_s})},
                {u"verificationStatus"_s, ClinicalJson::codeable(Code{
                                              u"http://terminology.hl7.org/CodeSystem/allergyintolerance-verification"_s,
                                              u"confirmed"_s, u"Confirmed"_s})},
                {u"type"_s, u"allergy"_s},
                {u"criticality"_s, severe ? u"high"_s : u"low"_s},
                {u"code"_s, ClinicalJson::codeable(substance)},
                {u"patient"_s, patient()},
                {u"recordedDate"_s, ClinicalJson::date(recorded)},
                {u"reaction"_s, QJsonArray{QJsonObject{{u"manifestation"_s, ClinicalJson::codeables(reaction)},
                                                       {u"severity"_s, severe ? u"severe"_s : u"mild"_s}}}},
            };
            m_out.append(resource);
        }
    }

    void writeEncounter(const CareEvent &event)
    {
        EncounterContext context{m_patientId,
                                 QString(event.id + u"-enc"),
                                 &event,
                                 eventSensitivities(event),
                                 ageOn(m_story.member.birthDate, event.start),
                                 m_subject,
                                 ClinicalJson::reference(u"Encounter"_s, QString(event.id + u"-enc")),
                                 ClinicalJson::reference(u"Practitioner"_s, event.practitionerId),
                                 ClinicalJson::reference(u"Organization"_s, event.providerId),
                                 ClinicalJson::dateTime(event.start, 9 * 60 + 10)};
        const bool inpatient = event.kind == CareEvent::Kind::InpatientStay;
        const QJsonObject period{{u"start"_s, ClinicalJson::date(event.start)}, {u"end"_s, ClinicalJson::date(event.end)}};

        static const QJsonObject dischargeRole = ClinicalJson::codeable(
            Code{u"http://terminology.hl7.org/CodeSystem/diagnosis-role"_s, u"DD"_s, u"Discharge diagnosis"_s});
        static const QJsonObject billingRole =
            ClinicalJson::codeable(Code{u"http://terminology.hl7.org/CodeSystem/diagnosis-role"_s, u"billing"_s, u"Billing"_s});

        // Encounter diagnoses first: the Encounter and the Procedures point at them.
        QJsonArray diagnoses;
        QJsonArray reasons;
        for (qsizetype i = 0; i < event.diagnoses.size(); ++i) {
            const QString id = QString(event.id + u"-dx" + QString::number(i + 1));
            writeEncounterDiagnosis(context, event.diagnoses.at(i), id);
            diagnoses.append(QJsonObject{
                {u"condition"_s, ClinicalJson::reference(u"Condition"_s, id)},
                {u"use"_s, inpatient ? dischargeRole : billingRole},
                {u"rank"_s, int(i + 1)}});
            if (i == 0)
                reasons.append(codeable(event.diagnoses.at(i).snomed, event.diagnoses.at(i).icd10));
        }

        // The codes an Encounter takes from its kind, built once.
        static const QJsonObject inpatientClass = ClinicalJson::coding(
            Code{u"http://terminology.hl7.org/CodeSystem/v3-ActCode"_s, u"IMP"_s, u"inpatient encounter"_s});
        static const QJsonObject ambulatoryClass =
            ClinicalJson::coding(Code{u"http://terminology.hl7.org/CodeSystem/v3-ActCode"_s, u"AMB"_s, u"ambulatory"_s});
        static const QJsonArray attender = ClinicalJson::codeables(
            Code{u"http://terminology.hl7.org/CodeSystem/v3-ParticipationType"_s, u"ATND"_s, u"attender"_s});
        static const QJsonArray primaryPerformer = ClinicalJson::codeables(
            Code{u"http://terminology.hl7.org/CodeSystem/v3-ParticipationType"_s, u"PPRF"_s, u"primary performer"_s});
        static const QJsonArray types[] = {
            ClinicalJson::codeables(encounterType(CareEvent::Kind::InpatientStay)),
            ClinicalJson::codeables(encounterType(CareEvent::Kind::OutpatientVisit)),
            ClinicalJson::codeables(encounterType(CareEvent::Kind::OfficeVisit)),
            ClinicalJson::codeables(encounterType(CareEvent::Kind::DentalVisit)),
        };
        const QJsonArray &type = types[event.kind == CareEvent::Kind::InpatientStay     ? 0
                                       : event.kind == CareEvent::Kind::OutpatientVisit ? 1
                                       : event.kind == CareEvent::Kind::OfficeVisit     ? 2
                                                                                        : 3];
        QJsonObject encounter{
            {u"resourceType"_s, u"Encounter"_s},
            {u"id"_s, context.encounterId},
            {u"meta"_s, ClinicalJson::labelled(usCoreMeta(Profile::Encounter), context.sensitivities)},
            {u"identifier"_s, QJsonArray{QJsonObject{{u"system"_s, u"urn:ietf:rfc:3986"_s},
                                                     {u"value"_s, QString(u"urn:paw:sandbox:encounter:" + event.id)}}}},
            {u"status"_s, u"finished"_s},
            {u"class"_s, inpatient ? inpatientClass : ambulatoryClass},
            {u"type"_s, type},
            {u"subject"_s, patient()},
            {u"participant"_s,
             QJsonArray{QJsonObject{
                 {u"type"_s, inpatient ? attender : primaryPerformer},
                 {u"period"_s, period},
                 {u"individual"_s, context.practitioner}}}},
            {u"period"_s, period},
            {u"serviceProvider"_s, context.provider},
        };
        if (!reasons.isEmpty())
            encounter.insert(u"reasonCode"_s, reasons);
        if (!diagnoses.isEmpty())
            encounter.insert(u"diagnosis"_s, diagnoses);
        if (!event.locationId.isEmpty())
            encounter.insert(u"location"_s, QJsonArray{QJsonObject{
                                                {u"location"_s, ClinicalJson::reference(u"Location"_s, event.locationId)},
                                                {u"period"_s, period}}});
        if (inpatient)
            encounter.insert(u"hospitalization"_s,
                             QJsonObject{{u"dischargeDisposition"_s,
                                          ClinicalJson::codeable(Code{u"http://terminology.hl7.org/CodeSystem/discharge-disposition"_s,
                                                                 u"home"_s, u"Home"_s})}});
        m_out.append(encounter);

        for (qsizetype i = 0; i < event.procedures.size(); ++i)
            if (ClinicalGenerator::isRecordedAsProcedure(event.procedures.at(i)))
                writeProcedure(context, event.procedures.at(i), int(i + 1));

        writeVisitRecords(context);
    }

    static Code encounterType(CareEvent::Kind kind)
    {
        switch (kind) {
        case CareEvent::Kind::InpatientStay:
            return snomed(u"32485007"_s, u"Hospital admission"_s);
        case CareEvent::Kind::OutpatientVisit:
            return snomed(u"185347001"_s, u"Encounter for problem"_s);
        case CareEvent::Kind::DentalVisit:
            return snomed(u"34043003"_s, u"Dental consultation and report"_s);
        case CareEvent::Kind::OfficeVisit:
        case CareEvent::Kind::PharmacyFill:
            break;
        }
        return snomed(u"185345009"_s, u"Encounter for symptom"_s);
    }

    void writeEncounterDiagnosis(const EncounterContext &context, const Diagnosis &diagnosis, const QString &id)
    {
        const CareEvent &event = *context.event;
        // A diagnosis the problem list carries stays active; an acute one resolves two weeks on.
        const bool chronic = std::any_of(m_story.conditions.cbegin(), m_story.conditions.cend(),
                                         [&](const ChronicCondition &c) {
                                             return c.active && c.diagnosis.icd10.code == diagnosis.icd10.code;
                                         });
        const QDate abatement = event.end.addDays(14);
        static const QJsonArray category{ClinicalJson::codeable(Code{
            u"http://terminology.hl7.org/CodeSystem/condition-category"_s, u"encounter-diagnosis"_s, u"Encounter Diagnosis"_s})};
        static const QJsonObject active = ClinicalJson::codeable(conditionClinical(u"active"_s));
        static const QJsonObject resolvedStatus = ClinicalJson::codeable(conditionClinical(u"resolved"_s));
        const bool resolved = !chronic && abatement <= m_story.asOf;
        QJsonObject resource{
            {u"resourceType"_s, u"Condition"_s},
            {u"id"_s, id},
            {u"meta"_s, ClinicalJson::labelled(usCoreMeta(Profile::Condition), context.sensitivities)},
            {u"clinicalStatus"_s, resolved ? resolvedStatus : active},
            {u"verificationStatus"_s,
             confirmedCondition()},
            {u"category"_s, category},
            {u"code"_s, codeable(diagnosis.snomed, diagnosis.icd10)},
            {u"subject"_s, patient()},
            {u"encounter"_s, context.encounter},
            {u"onsetDateTime"_s, ClinicalJson::date(event.start)},
            {u"recordedDate"_s, ClinicalJson::date(event.start)},
            {u"asserter"_s, context.practitioner},
        };
        if (resolved)
            resource.insert(u"abatementDateTime"_s, ClinicalJson::date(abatement));
        m_out.append(resource);
    }

    void writeProcedure(const EncounterContext &context, const ProcedureCode &procedure, int number)
    {
        const CareEvent &event = *context.event;
        QJsonObject resource{
            {u"resourceType"_s, u"Procedure"_s},
            {u"id"_s, QString(event.id + u"-pr" + QString::number(number))},
            {u"meta"_s, ClinicalJson::labelled(usCoreMeta(Profile::Procedure), context.sensitivities)},
            {u"status"_s, u"completed"_s},
            {u"code"_s, codeable(procedure.snomed, procedure.code)},
            {u"subject"_s, patient()},
            {u"encounter"_s, context.encounter},
            {u"performer"_s, QJsonArray{QJsonObject{{u"actor"_s, context.practitioner}}}},
        };
        if (event.end > event.start)
            resource.insert(u"performedPeriod"_s, QJsonObject{{u"start"_s, ClinicalJson::date(event.start)},
                                                              {u"end"_s, ClinicalJson::date(event.end)}});
        else
            resource.insert(u"performedDateTime"_s, ClinicalJson::date(event.start));
        if (!event.locationId.isEmpty())
            resource.insert(u"location"_s, ClinicalJson::reference(u"Location"_s, event.locationId));
        if (!event.diagnoses.isEmpty())
            resource.insert(u"reasonReference"_s,
                            QJsonArray{ClinicalJson::reference(u"Condition"_s, QString(event.id + u"-dx1"))});
        m_out.append(resource);
    }

    // Vital signs at medical encounters (not dental ones), notes and reports where such a visit
    // has them; then the story's lab panels and vaccines, which the claim bills.
    void writeVisitRecords(const EncounterContext &context)
    {
        const CareEvent &event = *context.event;
        using Set = VitalSignsWriter::Set;
        switch (event.kind) {
        case CareEvent::Kind::InpatientStay:
            m_out.append(m_vitals.write(context, Set::Full, m_random));
            m_out.append(m_documents.documentReference(context, ClinicalCatalog::dischargeSummary()));
            break;
        case CareEvent::Kind::OutpatientVisit:
            m_out.append(m_vitals.write(context, Set::Brief, m_random));
            if (m_random.chance(40))
                m_out.append(m_documents.noteReport(context, m_random.pick(ClinicalCatalog::imagingReports())));
            break;
        case CareEvent::Kind::OfficeVisit:
            // A check-up measures the member; other visits take the blood pressure.
            m_out.append(m_vitals.write(context, event.preventive ? Set::CheckUp : Set::Brief, m_random));
            if (m_random.chance(25))
                m_out.append(m_documents.documentReference(context, ClinicalCatalog::progressNote()));
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
                m_out.append(LabReportWriter::write(context, *panel, int(i + 1), m_random));
        }
    }

    void writeImmunization(const EncounterContext &context, const Vaccination &vaccination, int number)
    {
        const CareEvent &event = *context.event;
        QJsonObject resource{
            {u"resourceType"_s, u"Immunization"_s},
            {u"id"_s, QString(event.id + u"-imm" + QString::number(number))},
            {u"meta"_s, ClinicalJson::labelled(usCoreMeta(Profile::Immunization), context.sensitivities)},
            {u"status"_s, u"completed"_s},
            {u"vaccineCode"_s, ClinicalJson::codeable(vaccination.cvx)},
            {u"patient"_s, patient()},
            {u"encounter"_s, context.encounter},
            {u"occurrenceDateTime"_s, ClinicalJson::date(event.start)},
            {u"primarySource"_s, true},
            {u"lotNumber"_s, QString(u"L" + QString::number(100000 + m_random.below(900000)))},
            {u"performer"_s, QJsonArray{QJsonObject{{u"actor"_s, context.practitioner}}}},
        };
        if (!event.locationId.isEmpty())
            resource.insert(u"location"_s, ClinicalJson::reference(u"Location"_s, event.locationId));
        m_out.append(resource);
    }

    QStringList dispenseSensitivities(const CareEvent &event) const
    {
        QStringList labels = eventSensitivities(event);
        for (const MedicationItem &item : m_population.medications)
            if (!event.drug.medicationId.isEmpty() && item.medicationId == event.drug.medicationId)
                labels.append(item.sensitivity);
        return sortedUnique(labels);
    }

    void writeDispense(const CareEvent &event)
    {
        const QString drugKey = event.drug.medicationId.isEmpty() ? event.drug.rxnorm.code : event.drug.medicationId;
        const int fillNumber = ++m_fills[drugKey];
        const QString id = QString(event.id + u"-md");
        m_dispenses[drugKey].append(&event);
        QJsonObject resource{
            {u"resourceType"_s, u"MedicationDispense"_s},
            {u"id"_s, id},
            {u"status"_s, u"completed"_s},
            {u"subject"_s, patient()},
            {u"performer"_s, QJsonArray{QJsonObject{{u"actor"_s, ClinicalJson::reference(u"Organization"_s, event.providerId)}}}},
            {u"type"_s, ClinicalJson::codeable(Code{u"http://terminology.hl7.org/CodeSystem/v3-ActCode"_s,
                                               fillNumber == 1 ? u"FF"_s : u"RF"_s,
                                               fillNumber == 1 ? u"First Fill"_s : u"Refill"_s})},
            {u"quantity"_s, QJsonObject{{u"value"_s, event.drug.quantity},
                                        {u"unit"_s, u"each"_s},
                                        {u"system"_s, u"http://unitsofmeasure.org"_s},
                                        {u"code"_s, u"1"_s}}},
            {u"daysSupply"_s, QJsonObject{{u"value"_s, event.drug.daysSupply},
                                          {u"unit"_s, u"days"_s},
                                          {u"system"_s, u"http://unitsofmeasure.org"_s},
                                          {u"code"_s, u"d"_s}}},
            {u"whenHandedOver"_s, ClinicalJson::date(event.start)},
            {u"dosageInstruction"_s,
             QJsonArray{QJsonObject{{u"text"_s, QString(u"Use as directed: " + QString::number(event.drug.quantity)
                                                        + u" over " + QString::number(event.drug.daysSupply) + u" days")}}}},
        };
        addLabelsAndMedication(resource, dispenseSensitivities(event), event.drug);
        m_out.append(resource);
    }

    // What a dispense and a statement share: the sensitivity labels, and the drug as
    // medicationReference or medicationCodeableConcept.
    static void addLabelsAndMedication(QJsonObject &resource, const QStringList &labels, const Drug &drug)
    {
        if (!labels.isEmpty())
            resource.insert(u"meta"_s, ClinicalJson::meta({}, labels));
        const QJsonObject medication = medicationOf(drug);
        for (auto it = medication.begin(); it != medication.end(); ++it)
            resource.insert(it.key(), it.value());
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
            QJsonObject period{{u"start"_s, ClinicalJson::date(first)}};
            if (!active)
                period.insert(u"end"_s, ClinicalJson::date(storyDate(supplyEnd)));
            QJsonArray derivedFrom;
            QStringList labels;
            for (const CareEvent *fill : fills) {
                derivedFrom.append(ClinicalJson::reference(u"MedicationDispense"_s, QString(fill->id + u"-md")));
                labels.append(dispenseSensitivities(*fill));
            }
            QJsonObject resource{
                {u"resourceType"_s, u"MedicationStatement"_s},
                {u"id"_s, QString(m_patientId + u"-ms" + QString::number(++number))},
                {u"status"_s, active ? u"active"_s : u"completed"_s},
                {u"subject"_s, patient()},
                {u"effectivePeriod"_s, period},
                {u"dateAsserted"_s, ClinicalJson::date(last.start)},
                {u"informationSource"_s, ClinicalJson::reference(u"Organization"_s, last.providerId)},
                {u"derivedFrom"_s, derivedFrom},
            };
            addLabelsAndMedication(resource, sortedUnique(labels), last.drug);
            m_out.append(resource);
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
        QJsonObject resource{
            {u"resourceType"_s, u"Device"_s},
            {u"id"_s, QString(m_patientId + u"-dev1")},
            {u"meta"_s, ClinicalJson::meta(usCoreProfile(u"us-core-implantable-device"_s), {})},
            {u"udiCarrier"_s,
             QJsonArray{QJsonObject{{u"deviceIdentifier"_s, di},
                                    {u"issuer"_s, u"http://hl7.org/fhir/NamingSystem/gs1-di"_s},
                                    {u"jurisdiction"_s, u"http://hl7.org/fhir/NamingSystem/fda-udi"_s},
                                    {u"carrierHRF"_s, QString(u"(01)" + di + u"(11)" + made.toString(u"yyMMdd"_s)
                                                              + u"(10)" + lot + u"(21)" + serial)},
                                    {u"entryType"_s, u"barcode"_s}}}},
            {u"distinctIdentifier"_s, serial},
            {u"status"_s, u"active"_s},
            {u"manufacturer"_s, model.manufacturer},
            {u"manufactureDate"_s, ClinicalJson::date(made)},
            {u"lotNumber"_s, lot},
            {u"serialNumber"_s, serial},
            {u"deviceName"_s, QJsonArray{QJsonObject{{u"name"_s, model.name}, {u"type"_s, u"user-friendly-name"_s}}}},
            {u"type"_s, ClinicalJson::codeable(model.type)},
            {u"patient"_s, patient()},
        };
        m_out.append(resource);
    }

    const SandboxPopulation &m_population;
    const MemberStory &m_story;
    const QString m_patientId;
    const QJsonObject m_subject;
    SandboxRandom m_random;
    VitalSignsWriter m_vitals;
    ClinicalDocumentWriter m_documents;
    QHash<QString, QJsonObject> m_codeables;
    QHash<QString, int> m_fills;
    QHash<QString, QList<const CareEvent *>> m_dispenses;
    QList<QJsonObject> m_out;
};

QJsonObject location(const Provider &provider)
{
    const Code type = provider.kind == Provider::Kind::Hospital ? Code{u"http://terminology.hl7.org/CodeSystem/v3-RoleCode"_s, u"HOSP"_s, u"Hospital"_s}
                    : provider.kind == Provider::Kind::Pharmacy ? Code{u"http://terminology.hl7.org/CodeSystem/v3-RoleCode"_s, u"PHARM"_s, u"Pharmacy"_s}
                                                                : Code{u"http://terminology.hl7.org/CodeSystem/v3-RoleCode"_s, u"OF"_s, u"Outpatient facility"_s};
    QJsonObject address{{u"line"_s, QJsonArray{provider.address.line}},
                        {u"city"_s, provider.address.city},
                        {u"state"_s, provider.address.state},
                        {u"postalCode"_s, provider.address.postalCode},
                        {u"country"_s, u"US"_s}};
    QJsonObject resource{
        {u"resourceType"_s, u"Location"_s},
        {u"id"_s, provider.locationId},
        {u"meta"_s, ClinicalJson::meta(usCoreProfile(u"us-core-location"_s), {})},
        {u"identifier"_s, QJsonArray{QJsonObject{{u"system"_s, u"http://hl7.org/fhir/sid/us-npi"_s}, {u"value"_s, provider.npi}}}},
        {u"status"_s, u"active"_s},
        {u"name"_s, provider.name},
        {u"type"_s, ClinicalJson::codeables(type)},
        {u"address"_s, address},
        {u"managingOrganization"_s, ClinicalJson::reference(u"Organization"_s, provider.organizationId, provider.name)},
    };
    if (!provider.phone.isEmpty())
        resource.insert(u"telecom"_s, QJsonArray{QJsonObject{{u"system"_s, u"phone"_s},
                                                             {u"value"_s, provider.phone},
                                                             {u"use"_s, u"work"_s}}});
    return resource;
}

} // namespace

bool ClinicalGenerator::isRecordedAsProcedure(const ProcedureCode &procedure)
{
    // CPT ranges: evaluation and management 99201-99499 (the Encounter records the visit),
    // laboratory 80047-89398 (Observations and DiagnosticReports), immune globulins, vaccines
    // and their administration 90281-90759 (Immunization; 90750 is the zoster vaccine).
    const QString &code = procedure.code.code;
    bool numeric = false;
    const int cpt = code.size() == 5 ? code.toInt(&numeric) : 0;
    if (!numeric)
        return true;
    return !((cpt >= 99201 && cpt <= 99499) || (cpt >= 80047 && cpt <= 89398) || (cpt >= 90281 && cpt <= 90759));
}

ClinicalGenerator::ClinicalGenerator(const SandboxPopulation &population)
    : m_population(population)
{
}

QList<QJsonObject> ClinicalGenerator::sharedResources() const
{
    QList<QJsonObject> out;
    for (const Provider &provider : m_population.providers)
        if (!provider.locationId.isEmpty())
            out.append(location(provider));

    for (const Clinician &clinician : m_population.clinicians) {
        const Provider *provider = m_population.provider(clinician.providerId);
        QJsonObject role{
            {u"resourceType"_s, u"PractitionerRole"_s},
            {u"id"_s, clinician.practitionerRoleId},
            {u"meta"_s, ClinicalJson::meta(usCoreProfile(u"us-core-practitionerrole"_s), {})},
            {u"active"_s, true},
            {u"practitioner"_s, ClinicalJson::reference(u"Practitioner"_s, clinician.practitionerId,
                                                    QString(clinician.given.join(u' ') + u' ' + clinician.family))},
            {u"organization"_s, ClinicalJson::reference(u"Organization"_s, clinician.providerId,
                                                    provider ? provider->name : QString())},
            {u"code"_s, ClinicalJson::codeables(clinician.specialty)},
            {u"specialty"_s, ClinicalJson::codeables(clinician.specialty)},
        };
        if (provider && !provider->locationId.isEmpty())
            role.insert(u"location"_s, QJsonArray{ClinicalJson::reference(u"Location"_s, provider->locationId)});
        // US Core pd-1: a role has contact details or an endpoint; the practice's phone.
        if (provider && !provider->phone.isEmpty())
            role.insert(u"telecom"_s, QJsonArray{QJsonObject{{u"system"_s, u"phone"_s},
                                                             {u"value"_s, provider->phone},
                                                             {u"use"_s, u"work"_s}}});
        out.append(role);
    }

    for (const MedicationItem &item : m_population.medications)
        out.append(QJsonObject{
            {u"resourceType"_s, u"Medication"_s},
            {u"id"_s, item.medicationId},
            {u"meta"_s, ClinicalJson::meta(usCoreProfile(u"us-core-medication"_s), {})},
            {u"code"_s, ClinicalJson::codeable(item.rxnorm, item.ndc)},
            {u"status"_s, u"active"_s},
        });
    return out;
}

QList<QJsonObject> ClinicalGenerator::memberResources(const MemberStory &story, quint64 seed) const
{
    return MemberWriter(m_population, story, seed).write();
}

} // namespace paw::sandbox
