#include "sandbox/data/RelatedPersonWriter.h"

namespace paw::sandbox {

namespace {

constexpr std::string_view kRelatedPersonProfile = "http://hl7.org/fhir/us/carin-bb/StructureDefinition/C4BB-RelatedPerson|2.0.0";
constexpr std::string_view kRoleCode = "http://terminology.hl7.org/CodeSystem/v3-RoleCode";
constexpr std::string_view kContactRole = "http://terminology.hl7.org/CodeSystem/v2-0131";

struct RelationshipCode
{
    const char *name;          // Delegation::relationship
    std::string_view system;   // the RelatedPerson.relationship coding
    const char *code;
    const char *display;
};

// Family roles from HL7 v3 RoleCode; the others as the contact roles of HL7 v2 table 0131.
const RelationshipCode kCodes[] = {
    {"parent", kRoleCode, "PRN", "parent"},
    {"guardian", kRoleCode, "GUARD", "guardian"},
    {"adult-child", kRoleCode, "CHILD", "child"},
    {"spouse", kRoleCode, "SPS", "spouse"},
    {"caregiver", kContactRole, "CP", "Contact person"},
    {"other", kContactRole, "O", "Other"},
};

const RelationshipCode &codeOf(const QString &relationship)
{
    for (const RelationshipCode &code : kCodes) {
        if (relationship == QLatin1String(code.name))
            return code;
    }
    return kCodes[std::size(kCodes) - 1]; // callers check isRelationship(); anything else is "other"
}

} // namespace

const QStringList &RelatedPersonWriter::relationships()
{
    static const QStringList names = [] {
        QStringList out;
        for (const RelationshipCode &code : kCodes)
            out << QLatin1String(code.name);
        return out;
    }();
    return names;
}

bool RelatedPersonWriter::isRelationship(const QString &name)
{
    return relationships().contains(name);
}

QByteArray RelatedPersonWriter::write(FhirJson &j, const auth::Delegation &d, const QString &family, const QString &given,
                                      bool active)
{
    const RelationshipCode &code = codeOf(d.relationship);
    FhirJson::Value period = j.object("start", FhirJson::date(d.validFrom));
    if (d.validTo.isValid())
        j.add(period, "end", FhirJson::date(d.validTo));
    const FhirJson::Value relatedPerson = j.object(
        "resourceType", "RelatedPerson",
        "id", d.relatedPersonId,
        "meta", j.object("profile", j.array(kRelatedPersonProfile)),
        "active", active,
        "patient", j.reference("Patient", d.patientId),
        "relationship", j.array(j.object("coding", j.array(j.coding(code.system, code.code, code.display)),
                                         "text", d.relationship)),
        "name", j.array(j.object("family", family, "given", j.array(given))),
        "period", period);
    QByteArray text = FhirJson::text(relatedPerson);
    j.clear();
    return text;
}

} // namespace paw::sandbox
