#include "sandbox/data/ClinicalDocumentWriter.h"

#include "sandbox/data/ClinicalJson.h"

namespace paw::sandbox {

namespace {

using FixedCode = ClinicalJson::FixedCode;

constexpr std::string_view kDocumentReferenceProfile =
    "http://hl7.org/fhir/us/core/StructureDefinition/us-core-documentreference|3.1.1";
constexpr std::string_view kNoteReportProfile =
    "http://hl7.org/fhir/us/core/StructureDefinition/us-core-diagnosticreport-note|3.1.1";

} // namespace

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

JsonBuilder::Value ClinicalDocumentWriter::attachment(JsonBuilder &json, const EncounterContext &context,
                                                     const NoteType &type) const
{
    return json.object("contentType", "text/plain",
                       "language", "en-US",
                       "data", text(context, type).toUtf8().toBase64(),
                       "title", type.loinc.display,
                       "creation", ClinicalJson::dateTime(context.event->end, 17 * 60));
}

QByteArray ClinicalDocumentWriter::documentReference(JsonBuilder &json, const EncounterContext &context,
                                                     const NoteType &type) const
{
    static constexpr FixedCode clinicalNote{"http://hl7.org/fhir/us/core/CodeSystem/us-core-documentreference-category",
                                            "clinical-note", "Clinical Note"};
    static constexpr FixedCode mimeTypeSufficient{"http://ihe.net/fhir/ValueSet/IHE.FormatCode.codesystem",
                                                  "urn:ihe:iti:xds:2017:mimeTypeSufficient", "mimeType Sufficient"};
    const CareEvent &event = *context.event;
    return ClinicalJson::text(
        json,
        json.object("resourceType", "DocumentReference",
                    "id", QString(event.id + u"-doc"),
                    "meta", ClinicalJson::meta(json, kDocumentReferenceProfile, context.sensitivities),
                    "identifier", json.array(json.object("system", "urn:ietf:rfc:3986",
                                                         "value", QString(u"urn:paw:sandbox:document:" + event.id))),
                    "status", "current",
                    "type", ClinicalJson::codeable(json, type.loinc),
                    "category", ClinicalJson::codeables(json, clinicalNote),
                    "subject", ClinicalJson::reference(json, context.subject),
                    "date", ClinicalJson::dateTime(event.end, 17 * 60),
                    "author", json.array(ClinicalJson::reference(json, context.practitioner)),
                    "custodian", ClinicalJson::reference(json, context.provider),
                    "content", json.array(json.object("attachment", attachment(json, context, type),
                                                      "format", ClinicalJson::coding(json, mimeTypeSufficient))),
                    "context", json.object("encounter", json.array(ClinicalJson::reference(json, context.encounter)),
                                           "period", ClinicalJson::period(json, ClinicalJson::date(event.start),
                                                                          ClinicalJson::date(event.end)))));
}

QByteArray ClinicalDocumentWriter::noteReport(JsonBuilder &json, const EncounterContext &context,
                                              const NoteType &type) const
{
    const CareEvent &event = *context.event;
    JsonBuilder::Value report = ClinicalJson::visitResult(json, "DiagnosticReport", QString(event.id + u"-dr-note"),
                                                          kNoteReportProfile, context,
                                                          ClinicalJson::codeables(json, type.category),
                                                          ClinicalJson::codeable(json, type.loinc));
    json.add(report, "effectiveDateTime", ClinicalJson::dateTime(event.start, 10 * 60));
    json.add(report, "issued", ClinicalJson::dateTime(event.end, 17 * 60));
    json.add(report, "performer", json.array(ClinicalJson::reference(json, context.practitioner)));
    json.add(report, "presentedForm", json.array(attachment(json, context, type)));
    return ClinicalJson::text(json, std::move(report));
}

} // namespace paw::sandbox
