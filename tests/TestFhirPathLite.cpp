#include "fhir/search/FhirPathLite.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace Qt::StringLiterals;
using paw::fhir::FhirPathLite;

namespace {

QJsonObject json(const char *text)
{
    return QJsonDocument::fromJson(QByteArray(text)).object();
}

// The selected values written compactly ("text" for strings, JSON otherwise), each with
// ":type" when the evaluator knows it.
QStringList render(const QList<FhirPathLite::Value> &values)
{
    QStringList out;
    for (const auto &v : values) {
        QString text;
        if (v.value.isString())
            text = v.value.toString();
        else if (v.value.isObject())
            text = QString::fromUtf8(QJsonDocument(v.value.toObject()).toJson(QJsonDocument::Compact));
        else if (v.value.isBool())
            text = v.value.toBool() ? u"true"_s : u"false"_s;
        else
            text = QString::number(v.value.toDouble());
        if (!v.type.isEmpty())
            text += u":"_s + v.type;
        out.append(text);
    }
    return out;
}

const char *const patient = "{\n"
    "  \"resourceType\": \"Patient\", \"id\": \"p1\", \"meta\": {\"lastUpdated\": \"2020-01-02T03:04:05Z\"},\n"
    "  \"name\": [{\"family\": \"Shaw\", \"given\": [\"Amy\", \"V.\"]}, {\"family\": \"Baxter\", \"given\": [\"Amy\"]}],\n"
    "  \"deceasedDateTime\": \"2022-07-22\",\n"
    "  \"extension\": [{\"url\": \"http://a\", \"valueString\": \"A\"}, {\"url\": \"http://b\", \"valueDateTime\": \"2016-08-10\"}],\n"
    "  \"generalPractitioner\": [{\"reference\": \"Practitioner/x\"}, {\"reference\": \"Patient/y\"},\n"
    "                          {\"reference\": \"https://other.org/fhir/Patient/z\"}, {\"reference\": \"#c\"}]\n"
    "}\n";

const char *const observation = "{\n"
    "  \"resourceType\": \"Observation\", \"id\": \"o1\", \"status\": \"final\",\n"
    "  \"effectivePeriod\": {\"start\": \"2020-01-01\"}, \"subject\": {\"reference\": \"Patient/p1\"},\n"
    "  \"classHistory\": \"not a choice\",\n"
    "  \"onsetDateTime\": \"2001\"\n"
    "}\n";

} // namespace

class TestFhirPathLite : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void evaluates_data()
    {
        QTest::addColumn<QString>("resource");
        QTest::addColumn<QString>("expression");
        QTest::addColumn<QStringList>("expected");

        const QString p = QString::fromUtf8(patient);
        const QString o = QString::fromUtf8(observation);
        QTest::addRow("reads the id through Resource.")
            << p << u"Resource.id"_s << QStringList{u"p1"_s};
        QTest::addRow("reads a nested member under the type name")
            << p << u"Patient.meta.lastUpdated"_s << QStringList{u"2020-01-02T03:04:05Z"_s};
        QTest::addRow("flattens arrays at every step")
            << p << u"Patient.name.given"_s << QStringList{u"Amy"_s, u"V."_s, u"Amy"_s};
        QTest::addRow("unions keep branch order")
            << p << u"Patient.name.family | Patient.id"_s << QStringList{u"Shaw"_s, u"Baxter"_s, u"p1"_s};
        QTest::addRow("a branch for another type selects nothing")
            << p << u"Observation.status | Patient.id"_s << QStringList{u"p1"_s};
        QTest::addRow("as(dateTime) reads the choice element with its type")
            << p << u"Patient.deceased.as(dateTime)"_s << QStringList{u"2022-07-22:dateTime"_s};
        QTest::addRow("infix as inside parentheses reads the choice element")
            << p << u"(Patient.deceased as dateTime)"_s << QStringList{u"2022-07-22:dateTime"_s};
        QTest::addRow("ofType reads the choice element")
            << p << u"Patient.deceased.ofType(dateTime)"_s << QStringList{u"2022-07-22:dateTime"_s};
        QTest::addRow("a cast to an absent choice type selects nothing")
            << p << u"Patient.deceased.as(boolean)"_s << QStringList{};
        QTest::addRow("an untyped choice reads every effective[x] present")
            << o << u"Observation.effective"_s << QStringList{u"{\"start\":\"2020-01-01\"}:Period"_s};
        QTest::addRow("a member that is absent does not match names that are not choices")
            << o << u"Observation.class"_s << QStringList{};
        QTest::addRow("where(url = ...) keeps the matching extension")
            << p << u"Patient.extension.where(url = 'http://b').valueDateTime"_s << QStringList{u"2016-08-10"_s};
        QTest::addRow("where(resolve() is Patient) keeps local and absolute Patient references")
            << p << u"Patient.generalPractitioner.where(resolve() is Patient).reference"_s
            << QStringList{u"Patient/y"_s, u"https://other.org/fhir/Patient/z"_s};
        QTest::addRow("where(resolve() is Patient) drops a Practitioner subject")
            << o << u"Observation.subject.where(resolve() is Practitioner)"_s << QStringList{};
        QTest::addRow("a missing path selects nothing")
            << p << u"Patient.address.city"_s << QStringList{};
        QTest::addRow("a path may start with a member of the resource")
            << p << u"name.family"_s << QStringList{u"Shaw"_s, u"Baxter"_s};
        QTest::addRow("parenthesized unions can be continued")
            << p << u"(Patient.name | Patient.meta).family"_s << QStringList{u"Shaw"_s, u"Baxter"_s};
    }
    void evaluates()
    {
        QFETCH(QString, resource);
        QFETCH(QString, expression);
        QFETCH(QStringList, expected);
        const auto compiled = FhirPathLite::parse(expression);
        QVERIFY2(compiled.hasValue(), qPrintable(compiled.hasValue() ? QString() : compiled.error()));
        QCOMPARE(render(compiled->evaluate(json(resource.toUtf8().constData()))), expected);
    }

    void rejects_data()
    {
        QTest::addColumn<QString>("expression");
        QTest::addRow("rejects an empty expression") << u""_s;
        QTest::addRow("rejects a blank expression") << u"   "_s;
        QTest::addRow("rejects an unsupported function") << u"Patient.name.exists()"_s;
        QTest::addRow("rejects a trailing dot") << u"Patient.name."_s;
        QTest::addRow("rejects an unbalanced parenthesis") << u"(Patient.deceased as dateTime"_s;
        QTest::addRow("rejects a stray closing parenthesis") << u"Patient.name)"_s;
        QTest::addRow("rejects an empty union branch") << u"Patient.name | "_s;
        QTest::addRow("rejects an unterminated string") << u"Patient.extension.where(url = 'x)"_s;
        QTest::addRow("rejects an operator it does not know") << u"Patient.name + Patient.id"_s;
        QTest::addRow("rejects resolve() without is") << u"Patient.link.where(resolve())"_s;
        QTest::addRow("rejects a where comparing with a number") << u"Patient.name.where(use = 1)"_s;
        QTest::addRow("rejects as() without a type") << u"Patient.deceased.as()"_s;
        QTest::addRow("rejects infix as without a type") << u"Patient.deceased as"_s;
        QTest::addRow("rejects an index") << u"Patient.name[0]"_s;
        QTest::addRow("rejects two paths without an operator") << u"Patient.name Patient.id"_s;
        QTest::addRow("rejects a leading dot") << u".name"_s;
        QTest::addRow("rejects a where with two conditions") << u"Patient.name.where(use = 'a' and text = 'b')"_s;
    }
    void rejects()
    {
        QFETCH(QString, expression);
        const auto compiled = FhirPathLite::parse(expression);
        QVERIFY(!compiled.hasValue());
        QVERIFY(!compiled.error().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestFhirPathLite)
#include "TestFhirPathLite.moc"
