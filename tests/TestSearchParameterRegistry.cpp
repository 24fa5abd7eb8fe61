#include "fhir/search/FhirPathLite.h"
#include "fhir/search/SearchParameterRegistry.h"

#include <QTest>

using namespace Qt::StringLiterals;
using namespace paw::fhir;

class TestSearchParameterRegistry : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void builtInServesTheTwentyOneTypes()
    {
        const QStringList types = SearchParameterRegistry::builtIn().resourceTypes();
        QCOMPARE(types.size(), 21);
        for (const char16_t *type : {u"Coverage", u"ExplanationOfBenefit", u"Patient", u"Provenance",
                                     u"Medication", u"MedicationStatement", u"PractitionerRole"})
            QVERIFY2(types.contains(QString::fromUtf16(type)), qPrintable(QString::fromUtf16(type)));
    }

    void everyBuiltInExpressionParses()
    {
        const auto &registry = SearchParameterRegistry::builtIn();
        int checked = 0;
        const QStringList types = registry.resourceTypes();
        for (const QString &type : types) {
            QVERIFY(registry.find(type, u"_id"_s));
            QVERIFY(registry.find(type, u"_lastUpdated"_s));
            const auto parameters = registry.forType(type);
            for (const SearchParameter *p : parameters) {
                const auto compiled = FhirPathLite::parse(p->expression);
                QVERIFY2(compiled.hasValue(), qPrintable(type + u"."_s + p->name));
                QCOMPARE(p->resourceType, type);
                QVERIFY(!p->definition.isEmpty());
                QCOMPARE(p->targets.isEmpty(), p->type != SearchParamType::Reference);
                ++checked;
            }
        }
        QVERIFY(checked > 100);
    }

    void builtInHasTheCarinEobParameters_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<SearchParamType>("type");
        QTest::addRow("patient is a reference") << u"patient"_s << SearchParamType::Reference;
        QTest::addRow("_id is a token") << u"_id"_s << SearchParamType::Token;
        QTest::addRow("_lastUpdated is a date") << u"_lastUpdated"_s << SearchParamType::Date;
        QTest::addRow("type is a token") << u"type"_s << SearchParamType::Token;
        QTest::addRow("identifier is a token") << u"identifier"_s << SearchParamType::Token;
        QTest::addRow("service-date is a date") << u"service-date"_s << SearchParamType::Date;
        QTest::addRow("service-start-date is a date") << u"service-start-date"_s << SearchParamType::Date;
        QTest::addRow("billable-period-start is a date") << u"billable-period-start"_s << SearchParamType::Date;
        QTest::addRow("payee is a reference for _include") << u"payee"_s << SearchParamType::Reference;
    }
    void builtInHasTheCarinEobParameters()
    {
        QFETCH(QString, name);
        QFETCH(SearchParamType, type);
        const SearchParameter *p = SearchParameterRegistry::builtIn().find(u"ExplanationOfBenefit"_s, name);
        QVERIFY(p);
        QCOMPARE(toString(p->type), toString(type));
    }

    void narrowsSharedExpressionsToTheOneType()
    {
        const auto &registry = SearchParameterRegistry::builtIn();
        const SearchParameter *p = registry.find(u"MedicationStatement"_s, u"patient"_s);
        QVERIFY(p);
        QCOMPARE(p->expression, u"MedicationStatement.subject.where(resolve() is Patient)"_s);
        QCOMPARE(p->targets, QStringList{u"Patient"_s});
        QVERIFY(!registry.find(u"Patient"_s, u"unknown"_s));
        QVERIFY(!registry.find(u"Claim"_s, u"_id"_s));
        QVERIFY(registry.forType(u"Claim"_s).isEmpty());
    }

    void addsIdAndLastUpdatedWhenATableOmitsThem()
    {
        const auto registry = SearchParameterRegistry::fromJson(
            R"json({"parameters":[{"resourceType":"Patient","name":"gender","type":"token","expression":"Patient.gender"}]})json");
        QVERIFY(registry.hasValue());
        QCOMPARE(registry->forType(u"Patient"_s).size(), 3);
        QCOMPARE(registry->forType(u"Patient"_s).first()->name, u"gender"_s);
        QCOMPARE(registry->find(u"Patient"_s, u"_lastUpdated"_s)->expression, u"Resource.meta.lastUpdated"_s);
    }

    void rejectsMalformedTables_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("message");
        QTest::addRow("rejects text that is not JSON") << QByteArray("{") << u"not JSON"_s;
        QTest::addRow("rejects a table without a parameters array") << QByteArray(R"json({"params":[]})json") << u"parameters"_s;
        QTest::addRow("rejects an unknown resource type")
            << QByteArray(R"json({"parameters":[{"resourceType":"Patients","name":"x","type":"token","expression":"id"}]})json")
            << u"unknown resourceType"_s;
        QTest::addRow("rejects an unknown parameter type")
            << QByteArray(R"json({"parameters":[{"resourceType":"Patient","name":"x","type":"composite","expression":"id"}]})json")
            << u"unknown type \"composite\""_s;
        QTest::addRow("rejects an expression that does not parse, naming the entry")
            << QByteArray(R"json({"parameters":[{"resourceType":"Patient","name":"x","type":"token","expression":"Patient.name.exists()"}]})json")
            << u"parameters[0] (Patient:x): expression does not parse"_s;
        QTest::addRow("rejects a reference parameter without targets")
            << QByteArray(R"json({"parameters":[{"resourceType":"Patient","name":"x","type":"reference","expression":"Patient.link"}]})json")
            << u"needs targets"_s;
        QTest::addRow("rejects targets on a token parameter")
            << QByteArray(R"json({"parameters":[{"resourceType":"Patient","name":"x","type":"token","expression":"id","targets":["Patient"]}]})json")
            << u"only reference parameters"_s;
        QTest::addRow("rejects an unknown target type")
            << QByteArray(R"json({"parameters":[{"resourceType":"Patient","name":"x","type":"reference","expression":"link","targets":["Nope"]}]})json")
            << u"unknown target type"_s;
        QTest::addRow("rejects a duplicate parameter, naming the second entry")
            << QByteArray(R"json({"parameters":[{"resourceType":"Patient","name":"x","type":"token","expression":"id"},
                                              {"resourceType":"Patient","name":"x","type":"token","expression":"id"}]})json")
            << u"parameters[1] (Patient:x): duplicate"_s;
        QTest::addRow("rejects an empty name")
            << QByteArray(R"json({"parameters":[{"resourceType":"Patient","name":"","type":"token","expression":"id"}]})json")
            << u"invalid name"_s;
    }
    void rejectsMalformedTables()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, message);
        const auto registry = SearchParameterRegistry::fromJson(json);
        QVERIFY(!registry.hasValue());
        QVERIFY2(registry.error().contains(message), qPrintable(registry.error()));
    }
};

QTEST_GUILESS_MAIN(TestSearchParameterRegistry)
#include "TestSearchParameterRegistry.moc"
