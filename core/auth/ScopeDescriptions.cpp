#include "auth/ScopeDescriptions.h"

using namespace Qt::StringLiterals;

namespace paw::auth {

namespace {

// A key (type name, category code) and the plain words for it, marked for translation.
struct Noun
{
    const char16_t *key;
    const char *text;
};

// nullptr when `key` has no entry.
template <std::size_t N>
const char *nounFor(const Noun (&nouns)[N], QStringView key)
{
    for (const Noun &noun : nouns) {
        if (key == QStringView(noun.key))
            return noun.text;
    }
    return nullptr;
}

// Plain names of the records behind each type PAW serves; a type missing here is named as is.
constexpr Noun typeNouns[] = {
    {u"AllergyIntolerance", QT_TRANSLATE_NOOP("paw::auth::ScopeDescriptions", "allergies")},
    {u"Condition", QT_TRANSLATE_NOOP("paw::auth::ScopeDescriptions", "conditions and diagnoses")},
    {u"Coverage", QT_TRANSLATE_NOOP("paw::auth::ScopeDescriptions", "insurance coverage")},
    {u"Device", QT_TRANSLATE_NOOP("paw::auth::ScopeDescriptions", "medical devices")},
    {u"DiagnosticReport", QT_TRANSLATE_NOOP("paw::auth::ScopeDescriptions", "test and imaging reports")},
    {u"DocumentReference", QT_TRANSLATE_NOOP("paw::auth::ScopeDescriptions", "clinical documents")},
    {u"Encounter", QT_TRANSLATE_NOOP("paw::auth::ScopeDescriptions", "visits and stays")},
    {u"ExplanationOfBenefit",
     QT_TRANSLATE_NOOP("paw::auth::ScopeDescriptions", "claims and explanations of benefit")},
    {u"Immunization", QT_TRANSLATE_NOOP("paw::auth::ScopeDescriptions", "immunizations")},
    {u"Location", QT_TRANSLATE_NOOP("paw::auth::ScopeDescriptions", "care locations")},
    {u"Medication", QT_TRANSLATE_NOOP("paw::auth::ScopeDescriptions", "medication details")},
    {u"MedicationDispense", QT_TRANSLATE_NOOP("paw::auth::ScopeDescriptions", "filled prescriptions")},
    {u"MedicationStatement", QT_TRANSLATE_NOOP("paw::auth::ScopeDescriptions", "medications")},
    {u"Observation", QT_TRANSLATE_NOOP("paw::auth::ScopeDescriptions", "observations and results")},
    {u"Organization", QT_TRANSLATE_NOOP("paw::auth::ScopeDescriptions", "care organizations")},
    {u"Patient", QT_TRANSLATE_NOOP("paw::auth::ScopeDescriptions", "demographics")},
    {u"Practitioner", QT_TRANSLATE_NOOP("paw::auth::ScopeDescriptions", "care providers")},
    {u"PractitionerRole", QT_TRANSLATE_NOOP("paw::auth::ScopeDescriptions", "care provider roles")},
    {u"Procedure", QT_TRANSLATE_NOOP("paw::auth::ScopeDescriptions", "procedures")},
    {u"Provenance", QT_TRANSLATE_NOOP("paw::auth::ScopeDescriptions", "record history")},
    {u"RelatedPerson", QT_TRANSLATE_NOOP("paw::auth::ScopeDescriptions", "related people")},
};

// Granular filters with a plain name: US Core observation categories.
constexpr Noun categoryNouns[] = {
    {u"laboratory", QT_TRANSLATE_NOOP("paw::auth::ScopeDescriptions", "laboratory results")},
    {u"vital-signs", QT_TRANSLATE_NOOP("paw::auth::ScopeDescriptions", "vital signs")},
    {u"social-history", QT_TRANSLATE_NOOP("paw::auth::ScopeDescriptions", "social history")},
    {u"imaging", QT_TRANSLATE_NOOP("paw::auth::ScopeDescriptions", "imaging results")},
    {u"survey", QT_TRANSLATE_NOOP("paw::auth::ScopeDescriptions", "survey answers")},
    {u"exam", QT_TRANSLATE_NOOP("paw::auth::ScopeDescriptions", "examination findings")},
};

QString typeNoun(const QString &type)
{
    if (type == u"*")
        return ScopeDescriptions::tr("records of every kind");
    if (const char *noun = nounFor(typeNouns, type))
        return ScopeDescriptions::tr(noun);
    //: %1 is a FHIR resource type name, e.g. CarePlan
    return ScopeDescriptions::tr("%1 records").arg(type);
}

// A single `category=<known code>` filter names the records itself ("laboratory results");
// anything else names the type and spells the filter out.
QString filteredNoun(const QString &type, const SmartScopeQuery &query)
{
    const auto &parameters = query.parameters();
    if (parameters.size() == 1 && parameters.first().name == u"category") {
        if (const char *noun = nounFor(categoryNouns, parameters.first().code))
            return ScopeDescriptions::tr(noun);
    }
    QStringList conditions;
    for (const SmartScopeQuery::Parameter &parameter : parameters)
        //: One condition of a filter: %1 is a search parameter (e.g. category), %2 a code
        conditions.append(ScopeDescriptions::tr("%1 is %2").arg(parameter.name, parameter.code));
    //: %1 names records (e.g. observations and results), %2 the conditions they must meet
    return ScopeDescriptions::tr("%1 where %2")
        .arg(typeNoun(type), conditions.join(ScopeDescriptions::tr(" and ")));
}

} // namespace

QString ScopeDescriptions::describe(const SmartScope &scope)
{
    switch (scope.kind()) {
    case SmartScope::Kind::Resource: return describeResource(scope);
    case SmartScope::Kind::Sensitive: return describeSensitive(scope);
    case SmartScope::Kind::OpenId: return tr("Confirm who you are");
    case SmartScope::Kind::FhirUser: return tr("Know which person you are in this system");
    case SmartScope::Kind::Profile: return tr("See your name and basic profile");
    case SmartScope::Kind::LaunchPatient: return tr("Know whose records you chose to share");
    case SmartScope::Kind::Launch: return tr("Receive the context of the application that launched it");
    case SmartScope::Kind::OfflineAccess: return tr("Keep access after you sign out, until you revoke it");
    case SmartScope::Kind::OnlineAccess: return tr("Keep access while you stay signed in");
    }
    Q_UNREACHABLE();
}

QString ScopeDescriptions::describeResource(const SmartScope &scope)
{
    const QString records = recordsOf(scope);
    const auto permissions = scope.permissions();
    const bool read = permissions.testFlag(SmartScope::Read);
    const bool search = permissions.testFlag(SmartScope::Search);
    //: %1 names records, e.g. "your claims and explanations of benefit"
    if (read && search)
        return tr("Read and search %1").arg(records);
    if (read)
        return tr("Read %1").arg(records);
    if (search)
        return tr("Search %1").arg(records);
    // PAW never grants changes to apps; say so rather than describe a right the app will not get.
    return tr("Change %1 (this server does not allow it)").arg(records);
}

QString ScopeDescriptions::recordsOf(const SmartScope &scope)
{
    const QString noun =
        scope.isGranular() ? filteredNoun(scope.resourceType(), *scope.query()) : typeNoun(scope.resourceType());
    switch (scope.context()) {
    //: %1 names records, e.g. "claims and explanations of benefit"
    case SmartScope::Context::Patient: return tr("your %1").arg(noun);
    case SmartScope::Context::User:
        return tr("the %1 of everyone you may act for").arg(noun);
    case SmartScope::Context::System:
        return tr("the %1 of every member").arg(noun);
    }
    Q_UNREACHABLE();
}

QString ScopeDescriptions::describeSensitive(const SmartScope &scope)
{
    const auto category = scope.sensitiveCategory();
    if (!category)
        return tr("Include every kind of sensitive record: substance use, mental health, HIV, reproductive health "
                  "and genetics");
    switch (*category) {
    case SmartScope::SensitiveCategory::SubstanceUse: return tr("Include records about substance use treatment");
    case SmartScope::SensitiveCategory::MentalHealth: return tr("Include records about mental health");
    case SmartScope::SensitiveCategory::Hiv: return tr("Include records about HIV");
    case SmartScope::SensitiveCategory::ReproductiveHealth:
        return tr("Include records about reproductive and sexual health");
    case SmartScope::SensitiveCategory::Genetic: return tr("Include records about genetic testing");
    }
    Q_UNREACHABLE();
}

} // namespace paw::auth
