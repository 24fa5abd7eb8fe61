#include "auth/ScopeDescriptions.h"
#include "auth/ScopeSet.h"
#include "auth/SmartScope.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace paw::auth;

namespace {

const QString labCategory = u"category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory"_s;
const QString vitalCategory = u"category=http://terminology.hl7.org/CodeSystem/observation-category|vital-signs"_s;

QStringList served()
{
    return {u"Condition"_s, u"ExplanationOfBenefit"_s, u"Observation"_s, u"Patient"_s};
}

QStringList droppedScopes(const ScopeSet &set)
{
    QStringList out;
    for (const ScopeSet::Dropped &d : set.dropped())
        out.append(d.scope);
    return out;
}

QStringList queryTexts(const ScopeSet::Filters &filters)
{
    QStringList out;
    for (const SmartScopeQuery &q : filters.queries)
        out.append(q.toString());
    return out;
}

} // namespace

class TestSmartScopes : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesResourceScopes_data();
    void parsesResourceScopes();
    void v1AndV2SpellingsAreEqual();
    void rejectsMalformedScopes_data();
    void rejectsMalformedScopes();
    void parsesNonResourceScopes_data();
    void parsesNonResourceScopes();
    void marksUnsupportedScopes_data();
    void marksUnsupportedScopes();
    void parsesGranularQueries();
    void parseDropsUnknownScopesWithReasons();
    void parseCollapsesDuplicatesAndSpaces();
    void allows_data();
    void allows();
    void filtersForGranularScopes();
    void unrestrictedWinsOverGranular();
    void grantsSensitive_data();
    void grantsSensitive();
    void identityAndLaunchFlags();
    void narrowing_data();
    void narrowing();
    void canonicalRoundTrip_data();
    void canonicalRoundTrip();
    void scopesSupported();
    void describesScopes_data();
    void describesScopes();
};

void TestSmartScopes::parsesResourceScopes_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<SmartScope::Context>("context");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("letters");
    QTest::addColumn<SmartScope::Syntax>("syntax");

    QTest::addRow("v2 patient read and search") << u"patient/Observation.rs"_s << SmartScope::Context::Patient
                                                << u"Observation"_s << u"rs"_s << SmartScope::Syntax::V2;
    QTest::addRow("v2 user every permission on every type")
        << u"user/*.cruds"_s << SmartScope::Context::User << u"*"_s << u"cruds"_s << SmartScope::Syntax::V2;
    QTest::addRow("v2 single letter") << u"patient/Condition.s"_s << SmartScope::Context::Patient << u"Condition"_s
                                      << u"s"_s << SmartScope::Syntax::V2;
    QTest::addRow("v2 write letters kept") << u"user/Patient.cud"_s << SmartScope::Context::User << u"Patient"_s
                                           << u"cud"_s << SmartScope::Syntax::V2;
    QTest::addRow("v1 read is read and search") << u"patient/Observation.read"_s << SmartScope::Context::Patient
                                                << u"Observation"_s << u"rs"_s << SmartScope::Syntax::V1;
    QTest::addRow("v1 read on every type")
        << u"patient/*.read"_s << SmartScope::Context::Patient << u"*"_s << u"rs"_s << SmartScope::Syntax::V1;
    QTest::addRow("v1 star is read and write") << u"user/Patient.*"_s << SmartScope::Context::User << u"Patient"_s
                                               << u"cruds"_s << SmartScope::Syntax::V1;
    QTest::addRow("v1 write") << u"user/Patient.write"_s << SmartScope::Context::User << u"Patient"_s << u"cud"_s
                              << SmartScope::Syntax::V1;
}

void TestSmartScopes::parsesResourceScopes()
{
    QFETCH(QString, text);
    QFETCH(SmartScope::Context, context);
    QFETCH(QString, type);
    QFETCH(QString, letters);
    QFETCH(SmartScope::Syntax, syntax);

    const auto scope = SmartScope::parse(text);
    QVERIFY2(scope.hasValue(), qPrintable(scope.hasValue() ? QString() : scope.error()));
    QCOMPARE(scope->kind(), SmartScope::Kind::Resource);
    QCOMPARE(scope->original(), text);
    QCOMPARE(scope->context(), context);
    QCOMPARE(scope->resourceType(), type);
    QCOMPARE(SmartScope::permissionLetters(scope->permissions()), letters);
    QCOMPARE(scope->syntax(), syntax);
    QVERIFY(!scope->isGranular());
    QVERIFY(scope->isSupported());
}

void TestSmartScopes::v1AndV2SpellingsAreEqual()
{
    const auto v1 = SmartScope::parse(u"patient/Observation.read"_s);
    const auto v2 = SmartScope::parse(u"patient/Observation.rs"_s);
    const auto readOnly = SmartScope::parse(u"patient/Observation.r"_s);
    QVERIFY(v1 && v2 && readOnly);
    QVERIFY(*v1 == *v2);
    QCOMPARE(v1->canonical(), u"patient/Observation.rs"_s);
    QVERIFY(!(*v1 == *readOnly));
    const auto star = SmartScope::parse(u"user/*.*"_s);
    const auto cruds = SmartScope::parse(u"user/*.cruds"_s);
    QVERIFY(star && cruds);
    QVERIFY(*star == *cruds);
}

void TestSmartScopes::rejectsMalformedScopes_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<QString>("reasonMentions");

    QTest::addRow("rejects letters out of order") << u"patient/Observation.sr"_s << u"'sr'"_s;
    QTest::addRow("rejects a repeated letter") << u"patient/Observation.rr"_s << u"'rr'"_s;
    QTest::addRow("rejects an unknown letter") << u"patient/Observation.x"_s << u"'x'"_s;
    QTest::addRow("rejects empty permissions") << u"patient/Observation."_s << u"''"_s;
    QTest::addRow("rejects a missing permission part") << u"patient/Observation"_s << u"permissions"_s;
    QTest::addRow("rejects a lower-case type") << u"patient/observation.rs"_s << u"'observation'"_s;
    QTest::addRow("rejects an empty type") << u"patient/.rs"_s << u"''"_s;
    QTest::addRow("rejects an unknown context") << u"practitioner/Observation.rs"_s << u"unknown"_s;
    QTest::addRow("rejects a v1 permission with a query")
        << u"patient/Observation.read?category=laboratory"_s << u"v2"_s;
    QTest::addRow("rejects an empty granular query") << u"patient/Observation.rs?"_s << u"empty"_s;
    QTest::addRow("rejects a query part without =") << u"patient/Observation.rs?category"_s << u"name=value"_s;
    QTest::addRow("rejects a query parameter without value") << u"patient/Observation.rs?category="_s
                                                            << u"no value"_s;
    QTest::addRow("rejects two bars in a value") << u"patient/Observation.rs?code=a|b|c"_s << u"more than one"_s;
    QTest::addRow("rejects an unknown sensitive category") << u"sensitive/finance"_s << u"'finance'"_s;
    QTest::addRow("rejects launch/encounter") << u"launch/encounter"_s << u"unknown"_s;
    QTest::addRow("rejects a scope in the wrong case") << u"OpenID"_s << u"unknown"_s;
    QTest::addRow("rejects an empty scope") << QString() << u"empty"_s;
}

void TestSmartScopes::rejectsMalformedScopes()
{
    QFETCH(QString, text);
    QFETCH(QString, reasonMentions);

    const auto scope = SmartScope::parse(text);
    QVERIFY2(!scope.hasValue(), qPrintable(scope.hasValue() ? scope->canonical() : QString()));
    QVERIFY2(scope.error().contains(reasonMentions), qPrintable(scope.error()));
}

void TestSmartScopes::parsesNonResourceScopes_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<SmartScope::Kind>("kind");

    QTest::addRow("openid") << u"openid"_s << SmartScope::Kind::OpenId;
    QTest::addRow("fhirUser") << u"fhirUser"_s << SmartScope::Kind::FhirUser;
    QTest::addRow("profile") << u"profile"_s << SmartScope::Kind::Profile;
    QTest::addRow("launch/patient") << u"launch/patient"_s << SmartScope::Kind::LaunchPatient;
    QTest::addRow("launch") << u"launch"_s << SmartScope::Kind::Launch;
    QTest::addRow("offline_access") << u"offline_access"_s << SmartScope::Kind::OfflineAccess;
    QTest::addRow("online_access") << u"online_access"_s << SmartScope::Kind::OnlineAccess;
    QTest::addRow("sensitive/hiv") << u"sensitive/hiv"_s << SmartScope::Kind::Sensitive;
    QTest::addRow("sensitive/*") << u"sensitive/*"_s << SmartScope::Kind::Sensitive;
}

void TestSmartScopes::parsesNonResourceScopes()
{
    QFETCH(QString, text);
    QFETCH(SmartScope::Kind, kind);

    const auto scope = SmartScope::parse(text);
    QVERIFY(scope.hasValue());
    QCOMPARE(scope->kind(), kind);
    QCOMPARE(scope->canonical(), text);
}

void TestSmartScopes::marksUnsupportedScopes_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("supported");

    QTest::addRow("system context is unsupported") << u"system/Observation.rs"_s << false;
    QTest::addRow("a type PAW does not serve is unsupported") << u"patient/CarePlan.rs"_s << false;
    QTest::addRow("a served type is supported") << u"patient/Observation.rs"_s << true;
    QTest::addRow("the wildcard type is supported") << u"user/*.rs"_s << true;
}

void TestSmartScopes::marksUnsupportedScopes()
{
    QFETCH(QString, text);
    QFETCH(bool, supported);

    const auto scope = SmartScope::parse(text, served());
    QVERIFY(scope.hasValue());
    QCOMPARE(scope->isSupported(), supported);
    QCOMPARE(scope->unsupportedReason().isEmpty(), supported);
}

void TestSmartScopes::parsesGranularQueries()
{
    const auto scope = SmartScope::parse(u"patient/Observation.rs?"_s + labCategory + u"&status=final"_s);
    QVERIFY(scope.hasValue());
    QVERIFY(scope->isGranular());
    const auto &parameters = scope->query()->parameters();
    QCOMPARE(parameters.size(), 2);
    QCOMPARE(parameters.at(0).name, u"category"_s);
    QCOMPARE(parameters.at(0).system, std::optional<QString>(u"http://terminology.hl7.org/CodeSystem/observation-category"_s));
    QCOMPARE(parameters.at(0).code, u"laboratory"_s);
    QCOMPARE(parameters.at(1).name, u"status"_s);
    QVERIFY(!parameters.at(1).system.has_value());
    QCOMPARE(parameters.at(1).code, u"final"_s);

    // Parameter order carries no meaning: both spellings are one scope.
    const auto reordered = SmartScope::parse(u"patient/Observation.rs?status=final&"_s + labCategory);
    QVERIFY(reordered.hasValue());
    QVERIFY(*scope == *reordered);
    QCOMPARE(reordered->canonical(), u"patient/Observation.rs?"_s + labCategory + u"&status=final"_s);
}

void TestSmartScopes::parseDropsUnknownScopesWithReasons()
{
    const ScopeSet set = ScopeSet::parse(
        u"openid banana patient/Observation.sr patient/CarePlan.rs system/*.rs patient/Observation.rs"_s, served());
    QCOMPARE(set.toString(), u"openid patient/Observation.rs"_s);
    QCOMPARE(droppedScopes(set), (QStringList{u"banana"_s, u"patient/Observation.sr"_s, u"patient/CarePlan.rs"_s,
                                              u"system/*.rs"_s}));
    for (const ScopeSet::Dropped &d : set.dropped())
        QVERIFY2(!d.reason.isEmpty(), qPrintable(d.scope));
    QVERIFY(set.dropped().at(2).reason.contains(u"CarePlan"_s));
}

void TestSmartScopes::parseCollapsesDuplicatesAndSpaces()
{
    const ScopeSet set =
        ScopeSet::parse(u"  openid   patient/Observation.read patient/Observation.rs openid launch/patient "_s);
    QCOMPARE(set.scopes().size(), 3);
    QCOMPARE(set.toString(), u"openid patient/Observation.rs launch/patient"_s);
    QVERIFY(set.dropped().isEmpty());
    QVERIFY(ScopeSet::parse(u"   "_s).isEmpty());
}

void TestSmartScopes::allows_data()
{
    QTest::addColumn<QString>("scopes");
    QTest::addColumn<SmartScope::Context>("context");
    QTest::addColumn<QString>("type");
    QTest::addColumn<SmartScope::Permission>("interaction");
    QTest::addColumn<bool>("allowed");

    const auto patient = SmartScope::Context::Patient;
    const auto user = SmartScope::Context::User;
    QTest::addRow("allows a read the scope names") << u"patient/Observation.rs"_s << patient << u"Observation"_s
                                                   << SmartScope::Read << true;
    QTest::addRow("allows a search the v1 read names") << u"patient/Observation.read"_s << patient
                                                       << u"Observation"_s << SmartScope::Search << true;
    QTest::addRow("refuses a search a read-only scope lacks") << u"patient/Observation.r"_s << patient
                                                              << u"Observation"_s << SmartScope::Search << false;
    QTest::addRow("refuses another type") << u"patient/Observation.rs"_s << patient << u"Condition"_s
                                          << SmartScope::Read << false;
    QTest::addRow("allows any type through the wildcard") << u"patient/*.rs"_s << patient << u"Condition"_s
                                                          << SmartScope::Search << true;
    QTest::addRow("refuses a read through a write-only scope") << u"patient/*.cud"_s << patient << u"Condition"_s
                                                               << SmartScope::Read << false;
    QTest::addRow("refuses user context with a patient scope") << u"patient/*.rs"_s << user << u"Observation"_s
                                                               << SmartScope::Read << false;
    QTest::addRow("refuses patient context with a user scope") << u"user/Observation.rs"_s << patient
                                                               << u"Observation"_s << SmartScope::Read << false;
    QTest::addRow("allows user context with a user scope") << u"user/Observation.rs"_s << user << u"Observation"_s
                                                           << SmartScope::Read << true;
    QTest::addRow("allows a granular scope (through its filters)")
        << u"patient/Observation.rs?"_s + labCategory << patient << u"Observation"_s << SmartScope::Read << true;
    QTest::addRow("refuses everything with no resource scope") << u"openid fhirUser"_s << patient
                                                               << u"Observation"_s << SmartScope::Read << false;
}

void TestSmartScopes::allows()
{
    QFETCH(QString, scopes);
    QFETCH(SmartScope::Context, context);
    QFETCH(QString, type);
    QFETCH(SmartScope::Permission, interaction);
    QFETCH(bool, allowed);

    QCOMPARE(ScopeSet::parse(scopes).allows(context, type, interaction), allowed);
}

void TestSmartScopes::filtersForGranularScopes()
{
    const QString scopes = u"patient/Observation.rs?"_s + labCategory + u" patient/Observation.r?"_s + vitalCategory
                           + u" patient/Condition.rs"_s;
    const ScopeSet set = ScopeSet::parse(scopes);
    const auto read = set.filtersFor(SmartScope::Context::Patient, u"Observation"_s, SmartScope::Read);
    QVERIFY(!read.unrestricted);
    QCOMPARE(queryTexts(read), (QStringList{labCategory, vitalCategory}));
    // The vital-signs scope has no `s`: a search is filtered to laboratory only.
    const auto search = set.filtersFor(SmartScope::Context::Patient, u"Observation"_s, SmartScope::Search);
    QVERIFY(!search.unrestricted);
    QCOMPARE(queryTexts(search), QStringList{labCategory});
    const auto condition = set.filtersFor(SmartScope::Context::Patient, u"Condition"_s, SmartScope::Read);
    QVERIFY(condition.unrestricted);
    QVERIFY(condition.queries.isEmpty());
    const auto other = set.filtersFor(SmartScope::Context::Patient, u"Patient"_s, SmartScope::Read);
    QVERIFY(!other.allowsAnything());
}

void TestSmartScopes::unrestrictedWinsOverGranular()
{
    const QStringList cases{u"patient/Observation.rs?"_s + labCategory + u" patient/*.rs"_s,
                            u"patient/Observation.rs patient/Observation.rs?"_s + labCategory};
    for (const QString &scopes : cases) {
        const auto filters =
            ScopeSet::parse(scopes).filtersFor(SmartScope::Context::Patient, u"Observation"_s, SmartScope::Search);
        QVERIFY2(filters.unrestricted, qPrintable(scopes));
        QVERIFY(filters.queries.isEmpty());
    }
}

void TestSmartScopes::grantsSensitive_data()
{
    QTest::addColumn<QString>("scopes");
    QTest::addColumn<SmartScope::SensitiveCategory>("category");
    QTest::addColumn<bool>("granted");

    using C = SmartScope::SensitiveCategory;
    QTest::addRow("grants the named category") << u"sensitive/hiv"_s << C::Hiv << true;
    QTest::addRow("refuses another category") << u"sensitive/hiv"_s << C::MentalHealth << false;
    QTest::addRow("sensitive/* grants substance use") << u"sensitive/*"_s << C::SubstanceUse << true;
    QTest::addRow("sensitive/* grants genetic") << u"sensitive/*"_s << C::Genetic << true;
    QTest::addRow("sensitive/* grants reproductive health") << u"sensitive/*"_s << C::ReproductiveHealth << true;
    QTest::addRow("a resource wildcard grants no sensitive data") << u"patient/*.rs"_s << C::Hiv << false;
    QTest::addRow("grants mental health among others") << u"openid sensitive/mental-health"_s << C::MentalHealth
                                                       << true;
}

void TestSmartScopes::grantsSensitive()
{
    QFETCH(QString, scopes);
    QFETCH(SmartScope::SensitiveCategory, category);
    QFETCH(bool, granted);

    QCOMPARE(ScopeSet::parse(scopes).grantsSensitive(category), granted);
}

void TestSmartScopes::identityAndLaunchFlags()
{
    const ScopeSet all = ScopeSet::parse(u"openid fhirUser profile launch/patient offline_access online_access"_s);
    QVERIFY(all.hasOpenId());
    QVERIFY(all.hasFhirUser());
    QVERIFY(all.hasProfile());
    QVERIFY(all.hasLaunchPatient());
    QVERIFY(all.offline());
    QVERIFY(all.online());
    const ScopeSet none = ScopeSet::parse(u"patient/*.rs launch"_s);
    QVERIFY(!none.hasOpenId());
    QVERIFY(!none.hasFhirUser());
    QVERIFY(!none.hasProfile());
    QVERIFY(!none.hasLaunchPatient());
    QVERIFY(!none.offline());
    QVERIFY(!none.online());
}

void TestSmartScopes::narrowing_data()
{
    QTest::addColumn<QString>("requested");
    QTest::addColumn<QString>("granted");
    QTest::addColumn<bool>("narrowing");

    const QString labRs = u"patient/Observation.rs?"_s + labCategory;
    QTest::addRow("the same scopes are a narrowing") << u"openid patient/Observation.rs"_s
                                                     << u"openid patient/Observation.rs"_s << true;
    QTest::addRow("fewer scopes are a narrowing") << u"patient/Observation.rs"_s
                                                  << u"openid offline_access patient/Observation.rs"_s << true;
    QTest::addRow("read only is narrower than read and search") << u"patient/Observation.r"_s
                                                                << u"patient/Observation.rs"_s << true;
    QTest::addRow("a v2 type scope is narrower than a v1 wildcard") << u"patient/Observation.r"_s
                                                                    << u"patient/*.read"_s << true;
    QTest::addRow("permissions may come from two grants") << u"patient/Observation.rs"_s
                                                          << u"patient/Observation.r patient/*.s"_s << true;
    QTest::addRow("refuses read and search when only read was granted") << u"patient/Observation.rs"_s
                                                                        << u"patient/Observation.r"_s << false;
    QTest::addRow("refuses the wildcard when types were granted") << u"patient/*.rs"_s
                                                                  << u"patient/Observation.rs"_s << false;
    QTest::addRow("refuses another type") << u"patient/Condition.rs"_s << u"patient/Observation.rs"_s << false;
    QTest::addRow("refuses user context for a patient grant") << u"user/Observation.rs"_s
                                                              << u"patient/Observation.rs"_s << false;
    QTest::addRow("refuses offline_access that was not granted") << u"patient/Observation.rs offline_access"_s
                                                                 << u"patient/Observation.rs"_s << false;
    QTest::addRow("keeps offline_access that was granted") << u"offline_access"_s
                                                           << u"offline_access patient/Observation.rs"_s << true;
    QTest::addRow("refuses openid that was not granted") << u"openid"_s << u"patient/*.rs"_s << false;
    QTest::addRow("a granular scope is narrower than its unrestricted scope") << labRs << u"patient/Observation.rs"_s
                                                                              << true;
    QTest::addRow("a granular scope is narrower than the wildcard") << labRs << u"patient/*.read"_s << true;
    QTest::addRow("a granular scope is covered by itself") << labRs << labRs << true;
    QTest::addRow("refuses an unrestricted scope for a granular grant") << u"patient/Observation.rs"_s << labRs
                                                                        << false;
    QTest::addRow("refuses another granular query")
        << u"patient/Observation.rs?"_s + vitalCategory << labRs << false;
    QTest::addRow("a sensitive category is narrower than sensitive/*") << u"sensitive/hiv"_s << u"sensitive/*"_s
                                                                       << true;
    QTest::addRow("refuses sensitive/* for one category") << u"sensitive/*"_s << u"sensitive/hiv"_s << false;
    QTest::addRow("refuses another sensitive category") << u"sensitive/genetic"_s << u"sensitive/hiv"_s << false;
    QTest::addRow("an empty request is a narrowing") << QString() << u"openid"_s << true;
}

void TestSmartScopes::narrowing()
{
    QFETCH(QString, requested);
    QFETCH(QString, granted);
    QFETCH(bool, narrowing);

    QCOMPARE(ScopeSet::parse(requested).isNarrowingOf(ScopeSet::parse(granted)), narrowing);
}

void TestSmartScopes::canonicalRoundTrip_data()
{
    QTest::addColumn<QString>("scopes");
    QTest::addColumn<QString>("canonical");

    QTest::addRow("v1 scopes print as v2") << u"patient/*.read user/Patient.* user/Patient.write"_s
                                           << u"patient/*.rs user/Patient.cruds user/Patient.cud"_s;
    QTest::addRow("v2 scopes print as written") << u"openid fhirUser launch/patient patient/Observation.rs"_s
                                                << u"openid fhirUser launch/patient patient/Observation.rs"_s;
    QTest::addRow("granular parameters print sorted")
        << u"patient/Observation.rs?status=final&"_s + labCategory
        << u"patient/Observation.rs?"_s + labCategory + u"&status=final"_s;
    QTest::addRow("sensitive scopes print as written") << u"sensitive/substance-use sensitive/*"_s
                                                       << u"sensitive/substance-use sensitive/*"_s;
}

void TestSmartScopes::canonicalRoundTrip()
{
    QFETCH(QString, scopes);
    QFETCH(QString, canonical);

    const ScopeSet set = ScopeSet::parse(scopes);
    QCOMPARE(set.toString(), canonical);
    const ScopeSet again = ScopeSet::parse(set.toString());
    QCOMPARE(again.toString(), canonical);
    QVERIFY(again.isNarrowingOf(set));
    QVERIFY(set.isNarrowingOf(again));
}

void TestSmartScopes::scopesSupported()
{
    QStringList scopes = ScopeSet::scopesSupported({u"ExplanationOfBenefit"_s, u"Patient"_s});
    for (const QString &expected :
         {u"openid"_s, u"fhirUser"_s, u"profile"_s, u"launch/patient"_s, u"offline_access"_s, u"online_access"_s,
          u"sensitive/substance-use"_s, u"sensitive/mental-health"_s, u"sensitive/hiv"_s,
          u"sensitive/reproductive-health"_s, u"sensitive/genetic"_s, u"sensitive/*"_s, u"patient/*.rs"_s,
          u"patient/ExplanationOfBenefit.rs"_s, u"patient/ExplanationOfBenefit.read"_s, u"user/Patient.rs"_s,
          u"user/Patient.read"_s})
        QVERIFY2(scopes.contains(expected), qPrintable(expected));
    QVERIFY(!scopes.contains(u"patient/Observation.rs"_s));
    QVERIFY(!scopes.contains(u"launch"_s));
    QCOMPARE(scopes.removeDuplicates(), 0);
    // Every advertised scope is one the server accepts.
    const ScopeSet set = ScopeSet::parse(scopes.join(u' '), {u"ExplanationOfBenefit"_s, u"Patient"_s});
    QVERIFY(set.dropped().isEmpty());
}

void TestSmartScopes::describesScopes_data()
{
    QTest::addColumn<QString>("scope");
    QTest::addColumn<QString>("description");
    QTest::addColumn<bool>("optIn");

    QTest::addRow("claims") << u"patient/ExplanationOfBenefit.rs"_s
                            << u"Read and search your claims and explanations of benefit"_s << false;
    QTest::addRow("v1 read reads the same") << u"patient/ExplanationOfBenefit.read"_s
                                            << u"Read and search your claims and explanations of benefit"_s << false;
    QTest::addRow("read only") << u"patient/Condition.r"_s << u"Read your conditions and diagnoses"_s << false;
    QTest::addRow("granular laboratory") << u"patient/Observation.rs?"_s + labCategory
                                         << u"Read and search your laboratory results"_s << false;
    QTest::addRow("granular other filter") << u"patient/Observation.rs?status=final"_s
                                           << u"Read and search your observations and results where status is final"_s
                                           << false;
    QTest::addRow("user context") << u"user/Observation.rs"_s
                                  << u"Read and search the observations and results of everyone you may act for"_s
                                  << false;
    QTest::addRow("sensitive hiv") << u"sensitive/hiv"_s << u"Include records about HIV"_s << true;
    QTest::addRow("openid") << u"openid"_s << u"Confirm who you are"_s << false;
}

void TestSmartScopes::describesScopes()
{
    QFETCH(QString, scope);
    QFETCH(QString, description);
    QFETCH(bool, optIn);

    const auto parsed = SmartScope::parse(scope);
    QVERIFY(parsed.hasValue());
    QCOMPARE(ScopeDescriptions::describe(*parsed), description);
    QCOMPARE(ScopeDescriptions::isOptIn(*parsed), optIn);
}

QTEST_GUILESS_MAIN(TestSmartScopes)
#include "TestSmartScopes.moc"
