#include "sandbox/data/ClaimsGenerator.h"

#include "sandbox/data/ExplanationOfBenefitBuilder.h"
#include "sandbox/data/FhirJson.h"

#include <QHash>
#include <QJsonArray>

#include <algorithm>

namespace paw::sandbox {

namespace {

using J = FhirJson;

const QString kProfileBase = QStringLiteral("http://hl7.org/fhir/us/carin-bb/StructureDefinition/");
const QString kV20203 = QStringLiteral("http://terminology.hl7.org/CodeSystem/v2-0203");
const QString kC4bbIdentifierType = QStringLiteral("http://hl7.org/fhir/us/carin-bb/CodeSystem/C4BBIdentifierType");
const QString kMemberIdSystem = QStringLiteral("https://sandbox.paw.example.org/fhir/sid/member-id");
const QString kUniqueMemberIdSystem = QStringLiteral("https://sandbox.paw.example.org/fhir/sid/unique-member-id");
const QString kPayerIdSystem = QStringLiteral("https://sandbox.paw.example.org/fhir/sid/payer-id");
// Shared resources do not change with the as-of date: one fixed instant keeps them byte-identical.
const QString kSharedLastUpdated = QStringLiteral("2024-01-01T00:00:00Z");

QJsonObject address(const Address &a, bool home, QDate since = {})
{
    QJsonObject o{{QStringLiteral("line"), QJsonArray{a.line}},
                  {QStringLiteral("city"), a.city},
                  {QStringLiteral("state"), a.state},
                  {QStringLiteral("postalCode"), a.postalCode},
                  {QStringLiteral("country"), QStringLiteral("US")}};
    if (home)
        o.insert(QStringLiteral("use"), QStringLiteral("home"));
    if (since.isValid())
        o.insert(QStringLiteral("period"), QJsonObject{{QStringLiteral("start"), J::date(since)}});
    return o;
}

QJsonObject npi(const QString &value)
{
    return J::identifier(J::codeable(kV20203, QStringLiteral("NPI"), QStringLiteral("National provider identifier")),
                         QStringLiteral("http://hl7.org/fhir/sid/us-npi"), value);
}

QJsonObject ombExtension(const QString &url, const Code &code)
{
    return {{QStringLiteral("url"), url},
            {QStringLiteral("extension"),
             QJsonArray{QJsonObject{{QStringLiteral("url"), QStringLiteral("ombCategory")},
                                    {QStringLiteral("valueCoding"), J::coding(code)}},
                        QJsonObject{{QStringLiteral("url"), QStringLiteral("text")},
                                    {QStringLiteral("valueString"), code.display}}}}};
}

QJsonObject patient(const MemberStory &story)
{
    const Member &m = story.member;
    QJsonArray given;
    for (const QString &g : m.given)
        given.append(g);
    return {
        {QStringLiteral("resourceType"), QStringLiteral("Patient")},
        {QStringLiteral("id"), m.patientId},
        {QStringLiteral("meta"), J::meta(kProfileBase + u"C4BB-Patient|2.0.0", J::instant(story.asOf, 6))},
        {QStringLiteral("extension"),
         QJsonArray{ombExtension(QStringLiteral("http://hl7.org/fhir/us/core/StructureDefinition/us-core-race"), m.race),
                    ombExtension(QStringLiteral("http://hl7.org/fhir/us/core/StructureDefinition/us-core-ethnicity"), m.ethnicity),
                    QJsonObject{{QStringLiteral("url"), QStringLiteral("http://hl7.org/fhir/us/core/StructureDefinition/us-core-birthsex")},
                                {QStringLiteral("valueCode"), m.birthSex}}}},
        {QStringLiteral("identifier"),
         QJsonArray{J::identifier(J::codeable(kV20203, QStringLiteral("MB"), QStringLiteral("Member Number")), kMemberIdSystem,
                                  m.memberId),
                    J::identifier(J::codeable(kC4bbIdentifierType, QStringLiteral("um"), QStringLiteral("Unique Member ID")),
                                  kUniqueMemberIdSystem, m.uniqueMemberId)}},
        {QStringLiteral("active"), true},
        {QStringLiteral("name"),
         QJsonArray{QJsonObject{{QStringLiteral("use"), QStringLiteral("official")},
                                {QStringLiteral("family"), m.family},
                                {QStringLiteral("given"), given}}}},
        {QStringLiteral("telecom"),
         QJsonArray{QJsonObject{{QStringLiteral("system"), QStringLiteral("phone")},
                                {QStringLiteral("value"), m.phone},
                                {QStringLiteral("use"), QStringLiteral("home")}},
                    QJsonObject{{QStringLiteral("system"), QStringLiteral("email")},
                                {QStringLiteral("value"), m.email},
                                {QStringLiteral("use"), QStringLiteral("home")}}}},
        {QStringLiteral("gender"), m.gender},
        {QStringLiteral("birthDate"), J::date(m.birthDate)},
        {QStringLiteral("deceasedBoolean"), false},
        // The member has lived there at least since their first coverage began.
        {QStringLiteral("address"), QJsonArray{address(m.address, true, story.coverages.isEmpty() ? m.birthDate
                                                                                                  : story.coverages.first().start)}},
        {QStringLiteral("communication"),
         QJsonArray{QJsonObject{{QStringLiteral("language"), J::codeable(QStringLiteral("urn:ietf:bcp:47"), m.language)},
                                {QStringLiteral("preferred"), true}}}},
    };
}

QJsonObject coverage(const MemberStory &story, const CoveragePeriod &c, const Payer &payer)
{
    QJsonObject period{{QStringLiteral("start"), J::date(c.start)}};
    if (!c.end.isNull())
        period.insert(QStringLiteral("end"), J::date(c.end));
    const auto coverageClass = [](const char *type, const char *display, const QString &value, const QString &name) {
        return QJsonObject{{QStringLiteral("type"), J::codeable(QStringLiteral("http://terminology.hl7.org/CodeSystem/coverage-class"),
                                                               QString::fromLatin1(type), QString::fromLatin1(display))},
                           {QStringLiteral("value"), value},
                           {QStringLiteral("name"), name}};
    };
    static const QHash<QString, QString> relationshipDisplays{{QStringLiteral("self"), QStringLiteral("Self")},
                                                              {QStringLiteral("child"), QStringLiteral("Child")},
                                                              {QStringLiteral("spouse"), QStringLiteral("Spouse")}};
    const QString subscriberType = c.subscriberReference.section(u'/', 0, 0);
    const QString subscriberId = c.subscriberReference.section(u'/', 1);
    return {
        {QStringLiteral("resourceType"), QStringLiteral("Coverage")},
        {QStringLiteral("id"), c.coverageId},
        {QStringLiteral("meta"), J::meta(kProfileBase + u"C4BB-Coverage|2.0.0",
                                         J::instant(c.end.isNull() ? c.start : std::min(c.end, story.asOf), 7))},
        {QStringLiteral("identifier"),
         QJsonArray{J::identifier(J::codeable(kV20203, QStringLiteral("MB"), QStringLiteral("Member Number")), kMemberIdSystem,
                                  story.member.memberId)}},
        {QStringLiteral("status"), QStringLiteral("active")},
        {QStringLiteral("type"), J::codeable(QStringLiteral("http://terminology.hl7.org/CodeSystem/v3-ActCode"),
                                            QStringLiteral("HIP"), QStringLiteral("health insurance plan policy"))},
        {QStringLiteral("subscriber"), J::reference(subscriberType, subscriberId)},
        {QStringLiteral("subscriberId"), c.subscriberId},
        {QStringLiteral("beneficiary"), J::reference(QStringLiteral("Patient"), story.member.patientId)},
        {QStringLiteral("relationship"),
         J::codeable(QStringLiteral("http://terminology.hl7.org/CodeSystem/subscriber-relationship"), c.relationship,
                    relationshipDisplays.value(c.relationship))},
        {QStringLiteral("period"), period},
        {QStringLiteral("payor"), QJsonArray{J::reference(QStringLiteral("Organization"), payer.organizationId, payer.name)}},
        {QStringLiteral("class"), QJsonArray{coverageClass("group", "Group", c.groupId, c.groupName),
                                             coverageClass("plan", "Plan", c.planId, c.planName)}},
    };
}

QJsonObject organization(const QString &id, const QString &name, const QJsonArray &identifiers, const QString &type,
                         const Address &a, const QString &phone)
{
    return {
        {QStringLiteral("resourceType"), QStringLiteral("Organization")},
        {QStringLiteral("id"), id},
        {QStringLiteral("meta"), J::meta(kProfileBase + u"C4BB-Organization|2.0.0", kSharedLastUpdated)},
        {QStringLiteral("identifier"), identifiers},
        {QStringLiteral("active"), true},
        {QStringLiteral("type"),
         QJsonArray{J::codeable(QStringLiteral("http://terminology.hl7.org/CodeSystem/organization-type"), type,
                               type == u"pay" ? QStringLiteral("Payer") : QStringLiteral("Healthcare Provider"))}},
        {QStringLiteral("name"), name},
        {QStringLiteral("telecom"),
         QJsonArray{QJsonObject{{QStringLiteral("system"), QStringLiteral("phone")},
                                {QStringLiteral("value"), phone},
                                {QStringLiteral("use"), QStringLiteral("work")}}}},
        {QStringLiteral("address"), QJsonArray{address(a, false)}},
    };
}

} // namespace

ClaimsGenerator::ClaimsGenerator(const SandboxPopulation &population) : m_population(population) {}

QList<QJsonObject> ClaimsGenerator::sharedResources() const
{
    QList<QJsonObject> out;
    for (const Payer &p : m_population.payers)
        out.append(organization(
            p.organizationId, p.name,
            QJsonArray{J::identifier(J::codeable(kC4bbIdentifierType, QStringLiteral("payerid"), QStringLiteral("Payer ID")),
                                     kPayerIdSystem, p.payerId),
                       J::identifier(J::codeable(kC4bbIdentifierType, QStringLiteral("naiccode"), QStringLiteral("NAIC Code")),
                                     QStringLiteral("urn:oid:2.16.840.1.113883.6.300"), p.naic)},
            QStringLiteral("pay"), p.address, p.phone));
    for (const Provider &p : m_population.providers)
        out.append(organization(
            p.organizationId, p.name,
            QJsonArray{npi(p.npi),
                       J::identifier(J::codeable(kV20203, QStringLiteral("TAX"), QStringLiteral("Tax ID number")),
                                     QStringLiteral("urn:oid:2.16.840.1.113883.4.4"), p.taxId)},
            QStringLiteral("prov"), p.address, p.phone));
    for (const Clinician &c : m_population.clinicians) {
        QJsonArray given;
        for (const QString &g : c.given)
            given.append(g);
        QJsonObject name{{QStringLiteral("use"), QStringLiteral("official")},
                         {QStringLiteral("family"), c.family},
                         {QStringLiteral("given"), given}};
        if (c.specialty.code != u"183500000X")
            name.insert(QStringLiteral("prefix"), QJsonArray{QStringLiteral("Dr.")});
        out.append(QJsonObject{
            {QStringLiteral("resourceType"), QStringLiteral("Practitioner")},
            {QStringLiteral("id"), c.practitionerId},
            {QStringLiteral("meta"), J::meta(kProfileBase + u"C4BB-Practitioner|2.0.0", kSharedLastUpdated)},
            {QStringLiteral("identifier"), QJsonArray{npi(c.npi)}},
            {QStringLiteral("active"), true},
            {QStringLiteral("name"), QJsonArray{name}},
            {QStringLiteral("gender"), c.gender},
            {QStringLiteral("qualification"), QJsonArray{QJsonObject{{QStringLiteral("code"), J::codeable(c.specialty)}}}},
        });
    }
    return out;
}

QList<QJsonObject> ClaimsGenerator::memberResources(const MemberStory &story, quint64 seed) const
{
    QList<QJsonObject> out;
    out.reserve(1 + story.coverages.size() + story.events.size());
    out.append(patient(story));
    for (const CoveragePeriod &c : story.coverages)
        if (const Payer *payer = m_population.payer(c.payerId))
            out.append(coverage(story, c, *payer));
    ExplanationOfBenefitBuilder eobs(m_population, story, seed);
    for (const CareEvent &e : story.events)
        out.append(eobs.build(e));
    return out;
}

} // namespace paw::sandbox
