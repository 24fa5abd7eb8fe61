// Validation's FHIRPath: invariants from the official packages evaluated to true or false on
// small resources, and everything it cannot decide reported as such instead of a verdict.

#include "fhir/validation/FhirPathEvaluator.h"
#include "support/StoreFixture.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTest>

using namespace Qt::StringLiterals;
using paw::fhir::FhirPathEvaluator;

namespace {

const char *const kPatient = PAW_JSON({
    "resourceType": "Patient", "id": "p1", "active": true, "birthDate": "1987-02-20",
    "name": [{"family": "Shaw", "given": ["Amy", "V."]}, {"text": "Amy Baxter"}],
    "telecom": [{"system": "phone", "value": "555"}, {"system": "email", "value": "a@b.c"}],
    "contained": [{"resourceType": "Organization", "id": "org1", "name": "Acme"}],
    "managingOrganization": {"reference": "#org1"},
    "generalPractitioner": [{"reference": "Practitioner/pr1"}, {"display": "Dr No"}],
    "_gender": {"extension": [{"url": "http://example.org/why", "valueString": "asked"}]},
    "extension": [{"url": "http://example.org/ext", "valueQuantity": {"value": 5, "unit": "mg", "system": "http://unitsofmeasure.org", "code": "mg"}}]
});

FhirPathEvaluator::Environment environment(const QJsonObject &resource)
{
    FhirPathEvaluator::Environment env;
    env.resource = {resource, resource.value(u"resourceType"_s).toString(), {}};
    env.rootResource = env.resource;
    env.resolve = [](const QString &reference) -> std::optional<QJsonObject> {
        if (reference == u"Practitioner/pr1"_s)
            return QJsonObject{{u"resourceType"_s, u"Practitioner"_s}};
        return std::nullopt;
    };
    env.memberOf = [](const FhirPathEvaluator::Item &item, const QString &url) -> std::optional<bool> {
        if (url != u"http://paw.test/vs"_s)
            return std::nullopt;
        return item.value.toString() == u"phone"_s;
    };
    return env;
}

} // namespace

class TestFhirPathEvaluator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void decides_data()
    {
        QTest::addColumn<QString>("expression");
        QTest::addColumn<bool>("holds");
        QTest::addRow("ele-1 on a resource") << u"hasValue() or (children().count() > id.count())"_s << true;
        QTest::addRow("us-core-6 holds for a family name") << u"name.first().select((family.exists() or given.exists()) xor extension.where(url='x').exists())"_s << true;
        QTest::addRow("exists with criteria") << u"name.exists(family = 'Shaw')"_s << true;
        QTest::addRow("exists with criteria, no match") << u"name.exists(family = 'Jones')"_s << false;
        QTest::addRow("all over an array") << u"telecom.all(value.exists())"_s << true;
        QTest::addRow("where and count") << u"telecom.where(system = 'email').count() = 1"_s << true;
        QTest::addRow("in a literal union") << u"telecom.first().system in ('phone' | 'fax')"_s << true;
        QTest::addRow("implies with a false premise") << u"active = false implies name.empty()"_s << true;
        QTest::addRow("implies broken") << u"active implies name.empty()"_s << false;
        QTest::addRow("date comparison of equal precision") << u"birthDate < @2000-01-01"_s << true;
        QTest::addRow("string functions") << u"name.first().family.substring(1, 2).upper() = 'HA' and 'Shaw'.length() = 4"_s << true;
        QTest::addRow("matches is a search") << u"birthDate.matches('^[0-9]{4}-')"_s << true;
        QTest::addRow("arithmetic") << u"(2 + 3 * 4 - 10 div 3) = 11 and (7 mod 4) = 3"_s << true;
        QTest::addRow("choice element and ofType") << u"extension.value.ofType(Quantity).value > 4"_s << true;
        QTest::addRow("a JSON number is never a Quantity") << u"extension.value.value.ofType(Quantity).empty()"_s << true;
        QTest::addRow("Quantity comparison in one unit") << u"extension.valueQuantity <= extension.valueQuantity"_s << true;
        QTest::addRow("extension() by url") << u"extension('http://example.org/ext').exists()"_s << true;
        QTest::addRow("a primitive's extensions in its companion") << u"gender.extension.exists()"_s << true;
        QTest::addRow("ref-1 on a local reference") << u"managingOrganization.all(reference.startsWith('#').not() or (reference.substring(1) in %rootResource.contained.id))"_s << true;
        QTest::addRow("resolve() is Type") << u"generalPractitioner.first().resolve() is Practitioner"_s << true;
        QTest::addRow("memberOf") << u"telecom.first().system.memberOf('http://paw.test/vs')"_s << true;
        QTest::addRow("iif") << u"iif(active, 1, 2) = 1"_s << true;
        QTest::addRow("isDistinct and combine") << u"name.given.combine(name.given).isDistinct().not()"_s << true;
        QTest::addRow("a leading type name") << u"Patient.name.count() = 2"_s << true;
        QTest::addRow("another type's leading name selects nothing") << u"Observation.status.empty()"_s << true;
        QTest::newRow("%resource and $this") << u"name.where($this.family.exists()).all(%resource.id = 'p1')"_s << true;
        QTest::addRow("backtick names") << u"`name`.first().`family` = 'Shaw'"_s << true;
    }
    void decides()
    {
        QFETCH(QString, expression);
        QFETCH(bool, holds);
        const QJsonObject patient = paw::test::jsonObject(kPatient);
        const auto compiled = FhirPathEvaluator::compile(expression);
        QVERIFY2(compiled, qPrintable(compiled ? QString() : compiled.error()));
        const auto verdict = compiled->evaluateInvariant({patient, u"Patient"_s, {}}, environment(patient));
        QVERIFY2(verdict, qPrintable(verdict ? QString() : verdict.error()));
        QCOMPARE(*verdict, holds);
    }

    void doesNotDecide_data()
    {
        QTest::addColumn<QString>("expression");
        QTest::addColumn<QString>("reason");
        QTest::addRow("an empty result (display-only reference)") << u"generalPractitioner[1].reference.startsWith('#').not()"_s << u"no result"_s;
        QTest::addRow("a reference that cannot be resolved") << u"generalPractitioner[0].reference.resolve().exists() and managingOrganization.reference.substring(0,1) = '#' and 'Patient/zz'.resolve().exists()"_s << u"cannot resolve"_s;
        QTest::addRow("a value set that cannot be expanded") << u"telecom.first().system.memberOf('http://example.org/vs')"_s << u"cannot be expanded"_s;
        QTest::addRow("a type the JSON cannot tell") << u"birthDate.is(date)"_s << u"not known"_s;
        QTest::addRow("date/times of different precision") << u"birthDate = @2020"_s << u"precision"_s;
        QTest::addRow("a singleton operator on many values") << u"(telecom.value + 'x') = 'x'"_s << u"one value"_s;
    }
    void doesNotDecide()
    {
        QFETCH(QString, expression);
        QFETCH(QString, reason);
        const QJsonObject patient = paw::test::jsonObject(kPatient);
        const auto compiled = FhirPathEvaluator::compile(expression);
        QVERIFY2(compiled, qPrintable(compiled ? QString() : compiled.error()));
        const auto verdict = compiled->evaluateInvariant({patient, u"Patient"_s, {}}, environment(patient));
        QVERIFY2(!verdict, "a verdict where none can be given");
        QVERIFY2(verdict.error().contains(reason), qPrintable(verdict.error()));
    }

    void compilesTheOfficialInvariants()
    {
        // Every distinct invariant expression of the five packages: each either compiles or is
        // refused for a function this evaluator does not implement, never for its syntax.
        QSet<QString> expressions;
        for (const QString &folder : {u"r4-core"_s, u"us-core-3.1.1"_s, u"us-core-6.1.0"_s, u"carin-bb-1.1.0"_s, u"carin-bb-2.0.0"_s}) {
            const QDir dir(QDir(QStringLiteral(PAW_FHIR_PACKAGES)).filePath(folder));
            const QStringList files = dir.entryList({u"StructureDefinition-*.json"_s}, QDir::Files);
            for (const QString &file : files) {
                QFile f(dir.filePath(file));
                QVERIFY(f.open(QIODevice::ReadOnly));
                const QJsonArray elements =
                    QJsonDocument::fromJson(f.readAll()).object().value(u"snapshot"_s).toObject().value(u"element"_s).toArray();
                for (const QJsonValue &element : elements)
                    for (const QJsonValue &constraint : element.toObject().value(u"constraint"_s).toArray())
                        if (const QString e = constraint.toObject().value(u"expression"_s).toString(); !e.isEmpty())
                            expressions.insert(e);
            }
        }
        QStringList refused;
        for (const QString &expression : std::as_const(expressions)) {
            const auto compiled = FhirPathEvaluator::compile(expression);
            if (!compiled) {
                QVERIFY2(compiled.error().contains(u"is not supported"_s), qPrintable(expression + u": "_s + compiled.error()));
                refused.append(expression);
            }
        }
        qInfo("%lld distinct invariant expressions, %lld not supported: %s", qlonglong(expressions.size()),
              qlonglong(refused.size()), qPrintable(refused.join(u" ;; "_s)));
        QVERIFY(expressions.size() > 200);
        QVERIFY(refused.size() < 5);
    }

    void refusesToCompile_data()
    {
        QTest::addColumn<QString>("expression");
        QTest::addRow("an unsupported function (txt-1)") << u"htmlChecks()"_s;
        QTest::addRow("an unknown function") << u"name.frobnicate()"_s;
        QTest::addRow("an unclosed parenthesis") << u"(name.exists()"_s;
        QTest::addRow("an unterminated string") << u"name = 'abc"_s;
        QTest::addRow("a dangling operator") << u"name.exists() and"_s;
        QTest::addRow("ofType without a type name") << u"value.ofType('Quantity')"_s;
    }
    void refusesToCompile()
    {
        QFETCH(QString, expression);
        QVERIFY(!FhirPathEvaluator::compile(expression));
    }
};

QTEST_GUILESS_MAIN(TestFhirPathEvaluator)
#include "TestFhirPathEvaluator.moc"
