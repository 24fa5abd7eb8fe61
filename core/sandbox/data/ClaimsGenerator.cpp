#include "sandbox/data/ClaimsGenerator.h"

#include "sandbox/data/ExplanationOfBenefitBuilder.h"
#include "sandbox/data/FhirJson.h"

#include <QHash>

#include <algorithm>

namespace paw::sandbox {

namespace {

using Value = FhirJson::Value;

constexpr std::string_view kV20203 = "http://terminology.hl7.org/CodeSystem/v2-0203";
constexpr std::string_view kC4bbIdentifierType = "http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBIdentifierType";
constexpr std::string_view kMemberIdSystem = "https://sandbox.paw.example.org/fhir/sid/member-id";
constexpr std::string_view kUniqueMemberIdSystem = "https://sandbox.paw.example.org/fhir/sid/unique-member-id";
constexpr std::string_view kPayerIdSystem = "https://sandbox.paw.example.org/fhir/sid/payer-id";
const QString kProfileBase = QStringLiteral("http://hl7.org/fhir/us/carin-bb/StructureDefinition/");
// Shared resources do not change with the as-of date: one fixed instant keeps them byte-identical.
const QString kSharedLastUpdated = QStringLiteral("2024-01-01T00:00:00Z");

Value strings(FhirJson &j, const QStringList &list)
{
    Value array(rapidjson::kArrayType);
    for (const QString &s : list)
        j.append(array, s);
    return array;
}

Value address(FhirJson &j, const Address &a, bool home, QDate since = {})
{
    Value o(rapidjson::kObjectType);
    if (home)
        j.add(o, "use", "home");
    j.add(o, "line", j.array(a.line));
    j.add(o, "city", a.city);
    j.add(o, "state", a.state);
    j.add(o, "postalCode", a.postalCode);
    j.add(o, "country", "US");
    if (since.isValid())
        j.add(o, "period", j.object("start", FhirJson::date(since)));
    return o;
}

Value npi(FhirJson &j, const QString &value)
{
    return j.identifier(j.codeable(kV20203, "NPI", "National provider identifier"), "http://hl7.org/fhir/sid/us-npi", value);
}

Value ombExtension(FhirJson &j, std::string_view url, const Code &code)
{
    return j.object("url", url, "extension",
                    j.array(j.object("url", "ombCategory", "valueCoding", j.coding(code)),
                            j.object("url", "text", "valueString", code.display)));
}

Value telecom(FhirJson &j, std::string_view system, const QString &value, std::string_view use)
{
    return j.object("system", system, "value", value, "use", use);
}

QByteArray patient(FhirJson &j, const MemberStory &story)
{
    const Member &m = story.member;
    const Value patient = j.object(
        "resourceType", "Patient",
        "id", m.patientId,
        "meta", j.meta(kProfileBase + u"C4BB-Patient|2.0.0", FhirJson::instant(story.asOf, 6)),
        "extension",
        j.array(ombExtension(j, "http://hl7.org/fhir/us/core/StructureDefinition/us-core-race", m.race),
                ombExtension(j, "http://hl7.org/fhir/us/core/StructureDefinition/us-core-ethnicity", m.ethnicity),
                j.object("url", "http://hl7.org/fhir/us/core/StructureDefinition/us-core-birthsex", "valueCode", m.birthSex)),
        "identifier",
        j.array(j.identifier(j.codeable(kV20203, "MB", "Member Number"), kMemberIdSystem, m.memberId),
                j.identifier(j.codeable(kC4bbIdentifierType, "um", "Unique Member ID"), kUniqueMemberIdSystem, m.uniqueMemberId)),
        "active", true,
        "name", j.array(j.object("use", "official", "family", m.family, "given", strings(j, m.given))),
        "telecom", j.array(telecom(j, "phone", m.phone, "home"), telecom(j, "email", m.email, "home")),
        "gender", m.gender,
        "birthDate", FhirJson::date(m.birthDate),
        "deceasedBoolean", false,
        // The member has lived there at least since their first coverage began.
        "address", j.array(address(j, m.address, true, story.coverages.isEmpty() ? m.birthDate : story.coverages.first().start)),
        "communication", j.array(j.object("language", j.codeable("urn:ietf:bcp:47", m.language), "preferred", true)));
    QByteArray text = FhirJson::text(patient);
    j.clear();
    return text;
}

QByteArray coverage(FhirJson &j, const MemberStory &story, const CoveragePeriod &c, const Payer &payer)
{
    Value period = j.object("start", FhirJson::date(c.start));
    if (!c.end.isNull())
        j.add(period, "end", FhirJson::date(c.end));
    const auto coverageClass = [&j](std::string_view type, std::string_view display, const QString &value, const QString &name) {
        return j.object("type", j.codeable("http://terminology.hl7.org/CodeSystem/coverage-class", type, display), "value", value,
                        "name", name);
    };
    static const QHash<QString, QString> relationshipDisplays{{QStringLiteral("self"), QStringLiteral("Self")},
                                                              {QStringLiteral("child"), QStringLiteral("Child")},
                                                              {QStringLiteral("spouse"), QStringLiteral("Spouse")}};
    const Value coverage = j.object(
        "resourceType", "Coverage",
        "id", c.coverageId,
        "meta", j.meta(kProfileBase + u"C4BB-Coverage|2.0.0", FhirJson::instant(c.end.isNull() ? c.start : std::min(c.end, story.asOf), 7)),
        "identifier", j.array(j.identifier(j.codeable(kV20203, "MB", "Member Number"), kMemberIdSystem, story.member.memberId)),
        "status", "active",
        "type", j.codeable("http://terminology.hl7.org/CodeSystem/v3-ActCode", "HIP", "health insurance plan policy"),
        "subscriber", j.object("reference", c.subscriberReference),
        "subscriberId", c.subscriberId,
        "beneficiary", j.reference("Patient", story.member.patientId),
        "relationship", j.codeable("http://terminology.hl7.org/CodeSystem/subscriber-relationship", c.relationship,
                                   relationshipDisplays.value(c.relationship)),
        "period", period,
        "payor", j.array(j.reference("Organization", payer.organizationId, payer.name)),
        "class", j.array(coverageClass("group", "Group", c.groupId, c.groupName), coverageClass("plan", "Plan", c.planId, c.planName)));
    QByteArray text = FhirJson::text(coverage);
    j.clear();
    return text;
}

QByteArray organization(FhirJson &j, const QString &id, const QString &name, Value identifiers, std::string_view type,
                        const Address &a, const QString &phone)
{
    const Value organization = j.object(
        "resourceType", "Organization",
        "id", id,
        "meta", j.meta(kProfileBase + u"C4BB-Organization|2.0.0", kSharedLastUpdated),
        "identifier", identifiers,
        "active", true,
        "type", j.array(j.codeable("http://terminology.hl7.org/CodeSystem/organization-type", type,
                                   type == "pay" ? "Payer" : "Healthcare Provider")),
        "name", name,
        "telecom", j.array(telecom(j, "phone", phone, "work")),
        "address", j.array(address(j, a, false)));
    QByteArray text = FhirJson::text(organization);
    j.clear();
    return text;
}

} // namespace

ClaimsGenerator::ClaimsGenerator(const SandboxPopulation &population) : m_population(population) {}

QList<QByteArray> ClaimsGenerator::sharedResources() const
{
    FhirJson j;
    QList<QByteArray> out;
    for (const Payer &p : m_population.payers)
        out.append(organization(
            j, p.organizationId, p.name,
            j.array(j.identifier(j.codeable(kC4bbIdentifierType, "payerid", "Payer ID"), kPayerIdSystem, p.payerId),
                    j.identifier(j.codeable(kC4bbIdentifierType, "naiccode", "NAIC Code"), "urn:oid:2.16.840.1.113883.6.300", p.naic)),
            "pay", p.address, p.phone));
    for (const Provider &p : m_population.providers)
        out.append(organization(
            j, p.organizationId, p.name,
            j.array(npi(j, p.npi),
                    j.identifier(j.codeable(kV20203, "TAX", "Tax ID number"), "urn:oid:2.16.840.1.113883.4.4", p.taxId)),
            "prov", p.address, p.phone));
    for (const Clinician &c : m_population.clinicians) {
        Value name = j.object("use", "official", "family", c.family, "given", strings(j, c.given));
        if (c.specialty.code != u"183500000X")
            j.add(name, "prefix", j.array("Dr."));
        const Value practitioner = j.object(
            "resourceType", "Practitioner",
            "id", c.practitionerId,
            "meta", j.meta(kProfileBase + u"C4BB-Practitioner|2.0.0", kSharedLastUpdated),
            "identifier", j.array(npi(j, c.npi)),
            "active", true,
            "name", j.array(name),
            "gender", c.gender,
            "qualification", j.array(j.object("code", j.codeable(c.specialty))));
        out.append(FhirJson::text(practitioner));
        j.clear();
    }
    return out;
}

QList<QByteArray> ClaimsGenerator::memberResources(const MemberStory &story, quint64 seed) const
{
    FhirJson j;
    QList<QByteArray> out;
    out.reserve(1 + story.coverages.size() + story.events.size());
    out.append(patient(j, story));
    for (const CoveragePeriod &c : story.coverages)
        if (const Payer *payer = m_population.payer(c.payerId))
            out.append(coverage(j, story, c, *payer));
    ExplanationOfBenefitBuilder eobs(m_population, story, seed);
    for (const CareEvent &e : story.events)
        out.append(eobs.build(e));
    return out;
}

} // namespace paw::sandbox
