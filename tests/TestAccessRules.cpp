// fhir::AccessRule applied two ways, which must agree: in SQL by the store's searches
// (SqlSearchBuilder::access) and in memory on one resource's JSON (ResourceMatcher, the check of
// reads, vreads, histories and _include targets). Each row is one resource, a rule written as
// search parameters, and whether the resource is visible.

#include "fhir/search/AccessConstraints.h"
#include "fhir/search/ResourceMatcher.h"
#include "fhir/search/SearchIndexer.h"

#include "support/StoreFixture.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace paw::fhir;
using paw::test::jsonObject;
using paw::test::queryPairs;
using paw::test::StoreFixture;

namespace {

const char *const kLabelled = PAW_JSON({"resourceType":"Observation","id":"target","status":"final",
    "meta":{"security":[{"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"HIV"}]},
    "category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"laboratory"}]}],
    "code":{"coding":[{"system":"http://loinc.org","code":"75622-1","display":"HIV 1 and 2 tests"}]},
    "subject":{"reference":"Patient/p1"},"effectiveDateTime":"2025-03-15"});
const char *const kPlain = PAW_JSON({"resourceType":"Observation","id":"target","status":"final",
    "category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs"}]}],
    "code":{"coding":[{"system":"http://loinc.org","code":"8867-4","display":"Heart rate"}]},
    "subject":{"reference":"http://paw.test/fhir/Patient/p2"},"effectiveDateTime":"2025-06-01T10:00:00Z"});
const char *const kExternalSubject = PAW_JSON({"resourceType":"Observation","id":"target","status":"final",
    "code":{"text":"x"},"subject":{"reference":"http://elsewhere.test/fhir/Patient/p1"}});
const char *const kPatient = PAW_JSON({"resourceType":"Patient","id":"target","name":[{"family":"Müller","given":["Anna"]}]});

// The same rule for every type.
class FixedRule final : public AccessConstraints
{
public:
    explicit FixedRule(AccessRule rule) : m_rule(std::move(rule)) {}
    AccessRule ruleFor(const QString &, AccessInteraction) const override { return m_rule; }

private:
    AccessRule m_rule;
};

} // namespace

class TestAccessRules : public QObject
{
    Q_OBJECT

    QList<SearchCriterion> criteria(const QString &type, const QString &query) const
    {
        auto parsed = SearchQueryParser(SearchParameterRegistry::builtIn()).parse(type, queryPairs(query));
        if (!parsed)
            qFatal("test query %s: %s", qPrintable(query), qPrintable(parsed.error().diagnostics));
        return parsed->criteria;
    }

private Q_SLOTS:
    void theStoreAndTheMatcherAgree_data()
    {
        QTest::addColumn<QByteArray>("resource");
        QTest::addColumn<QString>("all");
        QTest::addColumn<QStringList>("anyOf");
        QTest::addColumn<bool>("visible");

        QTest::addRow("no criteria: everything") << QByteArray(kPlain) << QString() << QStringList() << true;
        QTest::addRow("compartment by relative reference") << QByteArray(kLabelled) << u"patient=p1"_s << QStringList() << true;
        QTest::addRow("compartment of another patient") << QByteArray(kLabelled) << u"patient=p2"_s << QStringList() << false;
        QTest::addRow("compartment by a local absolute reference") << QByteArray(kPlain) << u"patient=p2"_s << QStringList() << true;
        QTest::addRow("an external reference is no local patient") << QByteArray(kExternalSubject) << u"patient=p1"_s << QStringList() << false;
        QTest::addRow("one of several patients") << QByteArray(kPlain) << u"patient=p1,p2"_s << QStringList() << true;
        QTest::addRow("label withheld") << QByteArray(kLabelled) << u"_security:not=ETH,HIV"_s << QStringList() << false;
        QTest::addRow("label not withheld") << QByteArray(kLabelled) << u"_security:not=ETH,PSY"_s << QStringList() << true;
        QTest::addRow("no label, nothing withheld") << QByteArray(kPlain) << u"_security:not=HIV"_s << QStringList() << true;
        QTest::addRow("granular: system and code") << QByteArray(kLabelled) << QString()
            << QStringList{u"category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory"_s} << true;
        QTest::addRow("granular: another code") << QByteArray(kPlain) << QString()
            << QStringList{u"category=http://terminology.hl7.org/CodeSystem/observation-category|laboratory"_s} << false;
        QTest::addRow("granular alternatives are ORed") << QByteArray(kPlain) << u"patient=p2"_s
            << QStringList{u"category=laboratory"_s, u"category=vital-signs"_s} << true;
        QTest::addRow("every criterion of an alternative") << QByteArray(kPlain) << QString()
            << QStringList{u"category=vital-signs&code=http://loinc.org|1234-5"_s} << false;
        QTest::addRow("code without a system") << QByteArray(kPlain) << u"code=8867-4"_s << QStringList() << true;
        QTest::addRow("system only") << QByteArray(kPlain) << u"code=http://loinc.org|"_s << QStringList() << true;
        QTest::addRow("token :text") << QByteArray(kPlain) << u"code:text=heart"_s << QStringList() << true;
        QTest::addRow("token :text mid-word") << QByteArray(kPlain) << u"code:text=eart"_s << QStringList() << false;
        QTest::addRow("token :missing=true") << QByteArray(kExternalSubject) << u"category:missing=true"_s << QStringList() << true;
        QTest::addRow("token :missing=false") << QByteArray(kExternalSubject) << u"category:missing=false"_s << QStringList() << false;
        QTest::addRow("_id") << QByteArray(kPlain) << u"_id=target"_s << QStringList() << true;
        QTest::addRow("_id of another") << QByteArray(kPlain) << u"_id=other"_s << QStringList() << false;
        QTest::addRow("date eq a day") << QByteArray(kLabelled) << u"date=2025-03-15"_s << QStringList() << true;
        QTest::addRow("date gt") << QByteArray(kPlain) << u"date=gt2025-05-31"_s << QStringList() << true;
        QTest::addRow("date lt") << QByteArray(kPlain) << u"date=lt2025-05-31"_s << QStringList() << false;
        QTest::addRow("string starts with") << QByteArray(kPatient) << u"family=mull"_s << QStringList() << true;
        QTest::addRow("string exact") << QByteArray(kPatient) << u"family:exact=Müller"_s << QStringList() << true;
        QTest::addRow("string exact, other case") << QByteArray(kPatient) << u"family:exact=müller"_s << QStringList() << false;
        QTest::addRow("string contains") << QByteArray(kPatient) << u"name:contains=nn"_s << QStringList() << true;
    }

    void theStoreAndTheMatcherAgree()
    {
        QFETCH(QByteArray, resource);
        QFETCH(QString, all);
        QFETCH(QStringList, anyOf);
        QFETCH(bool, visible);

        StoreFixture fixture;
        QVERIFY2(fixture.ok(), qPrintable(fixture.error));
        const QJsonObject object = jsonObject(resource);
        const QString type = object.value(u"resourceType"_s).toString();
        QVERIFY(fixture.write({object}));

        AccessRule rule;
        rule.all = criteria(type, all);
        for (const QString &alternative : std::as_const(anyOf))
            rule.anyOf.append(criteria(type, alternative));

        // In SQL: a search of the type with the rule as its access constraints.
        auto query = SearchQueryParser(fixture.registry).parse(type, {});
        QVERIFY(query);
        query->access = std::make_shared<FixedRule>(rule);
        const auto page = fixture.store->search(*query);
        QVERIFY2(page, qPrintable(page ? QString() : page.error().diagnostics));
        QCOMPARE(page->matches.size() == 1, visible);
        QCOMPARE(page->total.value_or(-1), visible ? 1 : 0);

        // In memory: the stored version as a read returns it.
        const auto stored = fixture.store->read(type, u"target"_s);
        QVERIFY(stored);
        QCOMPARE(fixture.store->allows(rule, *stored), visible);
    }

    void aDeniedRuleShowsNothing()
    {
        StoreFixture fixture;
        QVERIFY(fixture.write({jsonObject(kPlain)}));
        auto query = SearchQueryParser(fixture.registry).parse(u"Observation"_s, {});
        QVERIFY(query);
        query->access = std::make_shared<FixedRule>(AccessRule::deny());
        const auto page = fixture.store->search(*query);
        QVERIFY(page);
        QVERIFY(page->matches.isEmpty());
        QCOMPARE(fixture.store->allows(AccessRule::deny(), *fixture.store->read(u"Observation"_s, u"target"_s)), false);
    }

    void aCriterionWithoutValuesKeepsNothing()
    {
        // The access layer never builds one; if it did, both sides must fail closed.
        StoreFixture fixture;
        QVERIFY(fixture.write({jsonObject(kPlain)}));
        AccessRule rule;
        SearchCriterion empty;
        empty.parameter = fixture.registry.find(u"Observation"_s, u"patient"_s);
        rule.all.append(empty);
        auto query = SearchQueryParser(fixture.registry).parse(u"Observation"_s, {});
        QVERIFY(query);
        query->access = std::make_shared<FixedRule>(rule);
        QVERIFY(fixture.store->search(*query)->matches.isEmpty());
        QCOMPARE(fixture.store->allows(rule, *fixture.store->read(u"Observation"_s, u"target"_s)), false);
    }
};

QTEST_GUILESS_MAIN(TestAccessRules)
#include "TestAccessRules.moc"
