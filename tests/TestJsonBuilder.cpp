// JsonBuilder: the text it writes is the JSON the generators meant (members in the order added,
// strings copied or referenced as documented, integral doubles as integers, escaping), and Qt's
// parser reads it back to the same values.

#include "sandbox/data/JsonBuilder.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace Qt::StringLiterals;
using paw::sandbox::JsonBuilder;

// Stringizes its argument: JSON text without escapes (moc does not read raw strings).
#define PAW_JSON(...) #__VA_ARGS__

namespace {

QJsonObject parsed(const QByteArray &text)
{
    QJsonParseError error;
    const QJsonDocument document = QJsonDocument::fromJson(text, &error);
    if (error.error != QJsonParseError::NoError)
        qWarning("not JSON: %s in %s", qPrintable(error.errorString()), text.constData());
    return document.object();
}

} // namespace

class TestJsonBuilder : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void membersKeepTheOrderTheyWereAddedIn()
    {
        JsonBuilder j;
        JsonBuilder::Value object = j.object("resourceType", "Patient", "id", u"m1"_s, "active", true);
        j.add(object, "birthDate", u"2001-02-03"_s);
        QCOMPARE(JsonBuilder::text(object),
                 QByteArray(PAW_JSON({"resourceType":"Patient","id":"m1","active":true,"birthDate":"2001-02-03"})));
    }

    void nestedValuesAndArraysAreMovedIn()
    {
        JsonBuilder j;
        JsonBuilder::Value coding = j.object("system", "http://loinc.org", "code", u"8867-4"_s);
        JsonBuilder::Value codeable = j.object("coding", j.array(coding));
        JsonBuilder::Value list = j.array(1, 2);
        j.append(list, j.object("a", 3));
        const JsonBuilder::Value observation = j.object("code", codeable, "list", list);
        QCOMPARE(JsonBuilder::text(observation),
                 QByteArray(PAW_JSON({"code":{"coding":[{"system":"http://loinc.org","code":"8867-4"}]},"list":[1,2,{"a":3}]})));
    }

    void setReplacesAMemberAndAddsAMissingOne()
    {
        JsonBuilder j;
        JsonBuilder::Value object = j.object("status", "draft");
        j.set(object, "status", "final");
        j.set(object, "id", u"x"_s);
        QCOMPARE(JsonBuilder::text(object), QByteArray(PAW_JSON({"status":"final","id":"x"})));
    }

    void doublesWithoutAFractionAreWrittenAsIntegers()
    {
        JsonBuilder j;
        const JsonBuilder::Value numbers = j.array(210.0, 117.5, 0.1, -3.0, 1e300, qint64(9007199254740993LL), 0.0);
        QCOMPARE(JsonBuilder::text(numbers), QByteArray("[210,117.5,0.1,-3,1e300,9007199254740993,0]"));
        const QJsonArray back = QJsonDocument::fromJson(JsonBuilder::text(numbers)).array();
        QCOMPARE(back.at(1).toDouble(), 117.5);
        QCOMPARE(back.at(2).toDouble(), 0.1);
    }

    void qtStringsAreCopiedAsUtf8AndEscaped()
    {
        JsonBuilder j;
        QString name = u"José \"Pepe\" Núñez 😀\n\t\\/"_s;
        const JsonBuilder::Value object = j.object("name", name, u"key é"_s, u""_s);
        name = u"changed after"_s; // the builder holds its own copy
        const QJsonObject back = parsed(JsonBuilder::text(object));
        QCOMPARE(back.value(u"name"_s).toString(), u"José \"Pepe\" Núñez 😀\n\t\\/"_s);
        QCOMPARE(back.value(u"key é"_s).toString(), u""_s);
        QVERIFY(JsonBuilder::text(object).contains("Jos\xC3\xA9")); // UTF-8, not \u escapes
    }

    void byteArraysAreCopiedAndConstantsReferenced()
    {
        JsonBuilder j;
        static constexpr std::string_view kSystem = "http://hl7.org/fhir/sid/icd-10-cm";
        QByteArray code = "E11.9";
        const JsonBuilder::Value coding = j.object("system", kSystem, "code", code);
        code = "changed";
        QCOMPARE(JsonBuilder::text(coding), QByteArray(PAW_JSON({"system":"http://hl7.org/fhir/sid/icd-10-cm","code":"E11.9"})));
    }

    void aCopyIsDeepAndIndependent()
    {
        JsonBuilder j;
        const JsonBuilder::Value base = j.object("status", "final", "category", j.array(j.object("code", u"vital-signs"_s)));
        JsonBuilder::Value one = j.copy(base);
        j.add(one, "id", u"a"_s);
        JsonBuilder::Value two = j.copy(base);
        j.add(two, "id", u"b"_s);
        QCOMPARE(JsonBuilder::text(base), QByteArray(PAW_JSON({"status":"final","category":[{"code":"vital-signs"}]})));
        QCOMPARE(JsonBuilder::text(two), QByteArray(PAW_JSON({"status":"final","category":[{"code":"vital-signs"}],"id":"b"})));
    }

    void aClearedBuilderBuildsAgain()
    {
        JsonBuilder j;
        for (int round = 0; round < 3; ++round) {
            JsonBuilder::Value list(rapidjson::kArrayType);
            for (int i = 0; i < 5000; ++i) // more than one pool block
                j.append(list, j.object("index", i, "text", QString::number(i)));
            const QJsonArray back = QJsonDocument::fromJson(JsonBuilder::text(list)).array();
            QCOMPARE(back.size(), 5000);
            QCOMPARE(back.at(4999).toObject().value(u"text"_s).toString(), u"4999"_s);
            j.clear();
        }
    }
};

QTEST_APPLESS_MAIN(TestJsonBuilder)
#include "TestJsonBuilder.moc"
