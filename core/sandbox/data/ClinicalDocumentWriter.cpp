#include "sandbox/data/ClinicalDocumentWriter.h"

#include "sandbox/data/ClinicalJson.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace paw::sandbox {

ClinicalDocumentWriter::ClinicalDocumentWriter(const SandboxPopulation &population, const Member &member)
    : m_population(population), m_member(member)
{
}

QString ClinicalDocumentWriter::text(const EncounterContext &context, const NoteType &type) const
{
    const CareEvent &event = *context.event;
    const Provider *provider = m_population.provider(event.providerId);
    const Clinician *clinician = m_population.clinician(event.practitionerId);
    QString out = type.loinc.display + u"\nPatient: " + m_member.given.join(u' ') + u' ' + m_member.family
                  + u" (born " + ClinicalJson::date(m_member.birthDate) + u")\nDate: " + ClinicalJson::date(event.start);
    if (event.end > event.start)
        out += u" to " + ClinicalJson::date(event.end);
    if (provider)
        out += u"\nFacility: " + provider->name;
    if (clinician)
        out += u"\nClinician: " + clinician->given.join(u' ') + u' ' + clinician->family;
    for (const Diagnosis &diagnosis : event.diagnoses)
        out += u"\nAssessment: " + diagnosis.snomed.display + u" (" + diagnosis.icd10.code + u')';
    for (const ProcedureCode &procedure : event.procedures)
        out += u"\nProcedure: " + (procedure.snomed.isEmpty() ? procedure.code.display : procedure.snomed.display);
    out += u'\n';
    return out;
}

QJsonObject ClinicalDocumentWriter::attachment(const EncounterContext &context, const NoteType &type) const
{
    return QJsonObject{
        {u"contentType"_s, u"text/plain"_s},
        {u"language"_s, u"en-US"_s},
        {u"data"_s, QString::fromLatin1(text(context, type).toUtf8().toBase64())},
        {u"title"_s, type.loinc.display},
        {u"creation"_s, ClinicalJson::dateTime(context.event->end, 17 * 60)},
    };
}

QJsonObject ClinicalDocumentWriter::documentReference(const EncounterContext &context, const NoteType &type) const
{
    const CareEvent &event = *context.event;
    return QJsonObject{
        {u"resourceType"_s, u"DocumentReference"_s},
        {u"id"_s, QString(event.id + u"-doc")},
        {u"meta"_s, ClinicalJson::meta(u"http://hl7.org/fhir/us/core/StructureDefinition/us-core-documentreference|3.1.1"_s,
                                   context.sensitivities)},
        {u"identifier"_s, QJsonArray{QJsonObject{{u"system"_s, u"urn:ietf:rfc:3986"_s},
                                                 {u"value"_s, QString(u"urn:paw:sandbox:document:" + event.id)}}}},
        {u"status"_s, u"current"_s},
        {u"type"_s, ClinicalJson::codeable(type.loinc)},
        {u"category"_s, QJsonArray{ClinicalJson::codeable(Code{
                            u"http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category"_s,
                            u"clinical-note"_s, u"Clinical Note"_s})}},
        {u"subject"_s, ClinicalJson::reference(u"Patient"_s, context.patientId)},
        {u"date"_s, ClinicalJson::dateTime(event.end, 17 * 60)},
        {u"author"_s, QJsonArray{ClinicalJson::reference(u"Practitioner"_s, event.practitionerId)}},
        {u"custodian"_s, ClinicalJson::reference(u"Organization"_s, event.providerId)},
        {u"content"_s,
         QJsonArray{QJsonObject{
             {u"attachment"_s, attachment(context, type)},
             {u"format"_s, ClinicalJson::coding(Code{u"http://ihe.net/fhir/ValueSet/IHE.FormatCode.codesystem"_s,
                                                 u"urn:ihe:iti:xds:2017:mimeTypeSufficient"_s,
                                                 u"mimeType Sufficient"_s})}}}},
        {u"context"_s, QJsonObject{{u"encounter"_s, QJsonArray{ClinicalJson::reference(u"Encounter"_s, context.encounterId)}},
                                   {u"period"_s, QJsonObject{{u"start"_s, ClinicalJson::date(event.start)},
                                                             {u"end"_s, ClinicalJson::date(event.end)}}}}},
    };
}

QJsonObject ClinicalDocumentWriter::noteReport(const EncounterContext &context, const NoteType &type) const
{
    const CareEvent &event = *context.event;
    return QJsonObject{
        {u"resourceType"_s, u"DiagnosticReport"_s},
        {u"id"_s, QString(event.id + u"-dr-note")},
        {u"meta"_s, ClinicalJson::meta(u"http://hl7.org/fhir/us/core/StructureDefinition/us-core-diagnosticreport-note|3.1.1"_s,
                                   context.sensitivities)},
        {u"status"_s, u"final"_s},
        {u"category"_s, QJsonArray{ClinicalJson::codeable(type.category)}},
        {u"code"_s, ClinicalJson::codeable(type.loinc)},
        {u"subject"_s, ClinicalJson::reference(u"Patient"_s, context.patientId)},
        {u"encounter"_s, ClinicalJson::reference(u"Encounter"_s, context.encounterId)},
        {u"effectiveDateTime"_s, ClinicalJson::dateTime(event.start, 10 * 60)},
        {u"issued"_s, ClinicalJson::dateTime(event.end, 17 * 60)},
        {u"performer"_s, QJsonArray{ClinicalJson::reference(u"Practitioner"_s, event.practitionerId)}},
        {u"presentedForm"_s, QJsonArray{attachment(context, type)}},
    };
}

} // namespace paw::sandbox
