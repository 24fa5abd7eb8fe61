#include "fhir/store/ResourcePreparer.h"
#include "fhir/store/SqlResourceStore.h"

#include "support/StoreFixture.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSqlQuery>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace paw::fhir;
using paw::test::jsonObject;
using paw::test::references;
using paw::test::StoreFixture;

namespace {

// ---- Small synthetic resources, each with id "target": the row says whether a query finds it.

const char *const kPatientFemale = PAW_JSON({"resourceType":"Patient","id":"target","gender":"female"});
const char *const kPatientEmpty = PAW_JSON({"resourceType":"Patient","id":"target"});
const char *const kPatientIdentifier = PAW_JSON({"resourceType":"Patient","id":"target","identifier":[
    {"system":"http://hospital.test/mrn","value":"MRN-1","type":{"text":"Medical record number"}}]});
const char *const kObservationCodes = PAW_JSON({"resourceType":"Observation","id":"target","status":"final","code":{
    "coding":[{"system":"http://loinc.org","code":"8867-4","display":"Heart rate"},
              {"system":"http://snomed.info/sct","code":"364075005","display":"Heart rate measure"}],
    "text":"Pulse"}});
const char *const kConditionNoSystem = PAW_JSON({"resourceType":"Condition","id":"target","code":{
    "coding":[{"code":"local-1","display":"Local code"}]}});

const char *const kPatientName = PAW_JSON({"resourceType":"Patient","id":"target","name":[
    {"family":"Müller","given":["Anna","Maria"]}]});
const char *const kOrganization = PAW_JSON({"resourceType":"Organization","id":"target","name":"Acme Health Plan",
    "alias":["AHP"],"address":[{"line":["12 Main Street"],"city":"Springfield","state":"IL",
    "postalCode":"62701","country":"US"}]});
const char *const kLocation = PAW_JSON({"resourceType":"Location","id":"target","name":"North Clinic",
    "address":{"city":"São Paulo","state":"SP"}});

const char *const kPatientBirth = PAW_JSON({"resourceType":"Patient","id":"target","birthDate":"2020-03-15"});
// 23:30 at -05:00 is 2020-03-16T04:30:00Z.
const char *const kObservationDateTime = PAW_JSON({"resourceType":"Observation","id":"target","status":"final",
    "code":{"text":"x"},"effectiveDateTime":"2020-03-15T23:30:00-05:00"});
const char *const kObservationInstant = PAW_JSON({"resourceType":"Observation","id":"target","status":"final",
    "code":{"text":"x"},"effectiveInstant":"2020-03-15T10:00:00.123Z"});
const char *const kEncounterPeriod = PAW_JSON({"resourceType":"Encounter","id":"target","status":"finished",
    "class":{"code":"AMB"},"period":{"start":"2020-03-10","end":"2020-03-20"}});
const char *const kEncounterOngoing = PAW_JSON({"resourceType":"Encounter","id":"target","status":"in-progress",
    "class":{"code":"AMB"},"period":{"start":"2020-03-10"}});
const char *const kEncounterOpenStart = PAW_JSON({"resourceType":"Encounter","id":"target","status":"finished",
    "class":{"code":"AMB"},"period":{"end":"2020-03-20"}});
const char *const kEncounterNoPeriod = PAW_JSON({"resourceType":"Encounter","id":"target","status":"finished",
    "class":{"code":"AMB"}});

const char *const kEobRelative = PAW_JSON({"resourceType":"ExplanationOfBenefit","id":"target",
    "patient":{"reference":"Patient/1"}});
const char *const kEobVersioned = PAW_JSON({"resourceType":"ExplanationOfBenefit","id":"target",
    "patient":{"reference":"Patient/1/_history/3"}});
const char *const kEobLocalUrl = PAW_JSON({"resourceType":"ExplanationOfBenefit","id":"target",
    "patient":{"reference":"http://paw.test/fhir/Patient/1"}});
const char *const kEobOtherServer = PAW_JSON({"resourceType":"ExplanationOfBenefit","id":"target",
    "patient":{"reference":"http://other.test/fhir/Patient/1"}});
const char *const kEobPatient10 = PAW_JSON({"resourceType":"ExplanationOfBenefit","id":"target",
    "patient":{"reference":"Patient/10"}});
const char *const kEobNoPatient = PAW_JSON({"resourceType":"ExplanationOfBenefit","id":"target","status":"active"});
const char *const kCoveragePayor = PAW_JSON({"resourceType":"Coverage","id":"target",
    "payor":[{"reference":"Organization/org1"}]});

// Counts the rows of a _data() function, so that it can check it rejects at least as often as it accepts.
struct RowCounter
{
    int accepting = 0;
    int rejecting = 0;

    void add(const char *name, const char *resource, const QString &query, bool matches)
    {
        QTest::newRow(name) << QByteArray(resource) << query << matches;
        ++(matches ? accepting : rejecting);
    }
    void accept(const char *name, const char *resource, const QString &query) { add(name, resource, query, true); }
    void reject(const char *name, const char *resource, const QString &query) { add(name, resource, query, false); }
    bool balanced() const { return rejecting >= accepting; }
};

void addMatchingColumns()
{
    QTest::addColumn<QByteArray>("resource");
    QTest::addColumn<QString>("query");
    QTest::addColumn<bool>("matches");
}

// Writes `resource` to a fresh store and says whether `query` on its type finds it.
void checkMatch(StoreFixture &f)
{
    QFETCH(QByteArray, resource);
    QFETCH(QString, query);
    QFETCH(bool, matches);
    QVERIFY2(f.ok(), qPrintable(f.error));
    const QJsonObject object = jsonObject(resource);
    const auto written = f.write({object});
    QVERIFY2(written, qPrintable(written ? QString() : written.error()));
    const auto page = f.search(object.value(u"resourceType"_s).toString(), query);
    QVERIFY2(page, qPrintable(page ? QString() : page.error().diagnostics));
    const QStringList found = references(page->matches);
    QCOMPARE(found.contains(object.value(u"resourceType"_s).toString() + u"/target"_s), matches);
    QCOMPARE(page->total.value_or(-1), matches ? 1 : 0);
}

QStringList ids(const QList<StoredResource> &resources)
{
    QStringList out;
    for (const StoredResource &r : resources)
        out << r.id;
    return out;
}

QJsonObject parsed(const StoredResource &r)
{
    return QJsonDocument::fromJson(r.json).object();
}

QString metaOf(const StoredResource &r, const QString &key)
{
    return parsed(r).value(u"meta"_s).toObject().value(key).toString();
}

} // namespace

class TestSqlResourceStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void tokenMatching_data()
    {
        addMatchingColumns();
        RowCounter rows;
        rows.accept("token code alone matches a code primitive", kPatientFemale, u"gender=female"_s);
        rows.accept("token code alone matches a coding in any system", kObservationCodes, u"code=364075005"_s);
        rows.accept("token system|code matches the coding with that system", kObservationCodes, u"code=http://loinc.org|8867-4"_s);
        rows.accept("token |code matches a coding that has no system", kConditionNoSystem, u"code=|local-1"_s);
        rows.accept("token system| matches any code of that system", kObservationCodes, u"code=http://snomed.info/sct|"_s);
        rows.accept("token :not matches a resource with another code", kPatientFemale, u"gender:not=male"_s);
        rows.accept("token :not matches a resource without the element", kPatientEmpty, u"gender:not=male"_s);
        rows.accept("token :text matches a word of a coding's display", kObservationCodes, u"code:text=measure"_s);
        rows.accept("token :text matches the concept's text ignoring case", kObservationCodes, u"code:text=PULSE"_s);
        rows.accept("token :text matches an identifier's type text", kPatientIdentifier, u"identifier:text=record"_s);
        rows.accept("token :text matches the start of the display", kObservationCodes, u"code:text=heart ra"_s);
        rows.accept("token system|value matches an Identifier", kPatientIdentifier, u"identifier=http://hospital.test/mrn|MRN-1"_s);
        rows.accept("token value alone matches an Identifier in any system", kPatientIdentifier, u"identifier=MRN-1"_s);
        rows.accept("token comma matches when any value is there", kPatientFemale, u"gender=male,female"_s);
        rows.accept("token repetition matches when each value is in some coding", kObservationCodes, u"code=8867-4&code=364075005"_s);
        rows.accept("token _id matches the resource id", kPatientEmpty, u"_id=target"_s);
        rows.accept("token _id comma matches any listed id", kPatientEmpty, u"_id=other,target"_s);

        rows.reject("token code alone does not match another code", kPatientFemale, u"gender=male"_s);
        rows.reject("token system|code does not match that code in another system", kObservationCodes, u"code=http://snomed.info/sct|8867-4"_s);
        rows.reject("token |code does not match a coding that has a system", kObservationCodes, u"code=|8867-4"_s);
        rows.reject("token system| does not match codes without a system", kConditionNoSystem, u"code=http://loinc.org|"_s);
        rows.reject("token system| does not match codes of other systems", kObservationCodes, u"code=http://other.test|"_s);
        rows.reject("token system|code does not match a system that is only a prefix", kObservationCodes, u"code=http://loinc|8867-4"_s);
        rows.reject("token :not does not match a resource with that code", kPatientFemale, u"gender:not=female"_s);
        rows.reject("token :not with system|code does not match a resource with that coding", kObservationCodes, u"code:not=http://loinc.org|8867-4"_s);
        rows.reject("token :text does not match words absent from display and text", kObservationCodes, u"code:text=blood"_s);
        rows.reject("token :text does not match the code itself", kObservationCodes, u"code:text=8867"_s);
        rows.reject("token :text does not match inside a word", kObservationCodes, u"code:text=eart"_s);
        rows.reject("token does not match an Identifier value of another system", kPatientIdentifier, u"identifier=http://other.test/mrn|MRN-1"_s);
        rows.reject("token does not match the start of an Identifier value", kPatientIdentifier, u"identifier=MRN"_s);
        rows.reject("token code alone does not match a coding's display", kObservationCodes, u"code=Heart rate"_s);
        rows.reject("token comma does not match when no value is there", kPatientFemale, u"gender=male,other"_s);
        rows.reject("token repetition does not match when one value is absent", kObservationCodes, u"code=8867-4&code=1234-5"_s);
        rows.reject("token does not match a resource without the element", kPatientEmpty, u"gender=female"_s);
        rows.reject("token _id does not match another id", kPatientEmpty, u"_id=other"_s);
        rows.reject("token _id does not match the start of the id", kPatientEmpty, u"_id=targ"_s);
        if (!rows.balanced())
            QFAIL("fewer rejecting rows than accepting rows");
    }
    void tokenMatching()
    {
        StoreFixture f;
        checkMatch(f);
    }

    // No served parameter reads a boolean, so this one uses a table that has one.
    void booleanTokenMatching_data()
    {
        addMatchingColumns();
        RowCounter rows;
        const char *const active = PAW_JSON({"resourceType":"Patient","id":"target","active":true});
        const char *const inactive = PAW_JSON({"resourceType":"Patient","id":"target","active":false});
        const char *const unknown = PAW_JSON({"resourceType":"Patient","id":"target"});
        rows.accept("boolean true matches true", active, u"active=true"_s);
        rows.accept("boolean false matches false", inactive, u"active=false"_s);
        rows.accept("boolean :not=true matches a resource without the element", unknown, u"active:not=true"_s);
        rows.accept("boolean :missing=true matches a resource without the element", unknown, u"active:missing=true"_s);
        rows.reject("boolean true does not match false", inactive, u"active=true"_s);
        rows.reject("boolean false does not match true", active, u"active=false"_s);
        rows.reject("boolean does not match a resource without the element", unknown, u"active=true"_s);
        rows.reject("boolean :missing=true does not match false", inactive, u"active:missing=true"_s);
        if (!rows.balanced())
            QFAIL("fewer rejecting rows than accepting rows");
    }
    void booleanTokenMatching()
    {
        const auto registry = SearchParameterRegistry::fromJson(QByteArray(PAW_JSON({"parameters":[
            {"resourceType":"Patient","name":"active","type":"token","expression":"Patient.active",
             "definition":"http://hl7.org/fhir/SearchParameter/Patient-active"}]})));
        QVERIFY2(registry, qPrintable(registry ? QString() : registry.error()));
        StoreFixture f(*registry);
        checkMatch(f);
    }

    void stringMatching_data()
    {
        addMatchingColumns();
        RowCounter rows;
        rows.accept("string matches the start of the value", kPatientName, u"family=Mül"_s);
        rows.accept("string ignores case and accents (Müller found by mul)", kPatientName, u"family=mul"_s);
        rows.accept("string with an accent finds the folded value", kPatientName, u"family=MÜLLER"_s);
        rows.accept("string given matches any given name", kPatientName, u"given=mar"_s);
        rows.accept("string name matches the family part", kPatientName, u"name=muller"_s);
        rows.accept("string name matches a given part", kPatientName, u"name=anna"_s);
        rows.accept("string :exact matches the whole value with case and accents", kPatientName, u"family:exact=Müller"_s);
        rows.accept("string :contains matches inside the value ignoring case", kPatientName, u"family:contains=LLE"_s);
        rows.accept("string address matches the city", kOrganization, u"address=spring"_s);
        rows.accept("string address matches a line", kOrganization, u"address=12 main"_s);
        rows.accept("string address :contains matches inside the postal code", kOrganization, u"address:contains=270"_s);
        rows.accept("string name matches an alias", kOrganization, u"name=ahp"_s);
        rows.accept("string address-city ignores accents", kLocation, u"address-city=SAO PAULO"_s);
        rows.accept("string comma matches when any value is a prefix", kPatientName, u"family=smith,mul"_s);
        rows.accept("string repetition matches when each value is a prefix of some part", kPatientName, u"given=anna&given=maria"_s);

        rows.reject("string does not match inside the value", kPatientName, u"family=ller"_s);
        rows.reject("string longer than the value does not match", kPatientName, u"family=mullerson"_s);
        rows.reject("string :exact does not match another case", kPatientName, u"family:exact=müller"_s);
        rows.reject("string :exact does not match a prefix", kPatientName, u"family:exact=Mül"_s);
        rows.reject("string :exact does not fold accents", kPatientName, u"family:exact=Muller"_s);
        rows.reject("string :contains does not match absent text", kPatientName, u"family:contains=xyz"_s);
        rows.reject("string :contains does not take _ as a wildcard", kPatientName, u"family:contains=m_ller"_s);
        rows.reject("string does not take % as a wildcard", kPatientName, u"family=%ller"_s);
        rows.reject("string given does not match the family name", kPatientName, u"given=mul"_s);
        rows.reject("string family does not match a given name", kPatientName, u"family=anna"_s);
        rows.reject("string address does not match the organization name", kOrganization, u"address=acme"_s);
        rows.reject("string address does not match a word inside a line", kOrganization, u"address=main"_s);
        rows.reject("string address-city does not match the state", kLocation, u"address-city=sp"_s);
        rows.reject("string comma does not match when no value is a prefix", kPatientName, u"family=smith,jones"_s);
        rows.reject("string repetition does not match when one value is absent", kPatientName, u"given=anna&given=eva"_s);
        rows.reject("string does not match a resource without the element", kPatientEmpty, u"family=m"_s);
        if (!rows.balanced())
            QFAIL("fewer rejecting rows than accepting rows");
    }
    void stringMatching()
    {
        StoreFixture f;
        checkMatch(f);
    }

    // FHIR R4 §3.1.1.5.4 (https://hl7.org/fhir/R4/search.html#prefix): every value is a range, and
    // each prefix compares the search value's range with the resource value's range.
    void dateMatching_data()
    {
        addMatchingColumns();
        RowCounter rows;
        // A date: the whole day 2020-03-15.
        rows.accept("date eq matches a date inside the day searched", kPatientBirth, u"birthdate=eq2020-03-15"_s);
        rows.accept("date without prefix is eq", kPatientBirth, u"birthdate=2020-03-15"_s);
        rows.accept("date eq with a month matches a date in that month", kPatientBirth, u"birthdate=2020-03"_s);
        rows.accept("date eq with a year matches a date in that year", kPatientBirth, u"birthdate=2020"_s);
        rows.accept("date ne matches a date outside the value", kPatientBirth, u"birthdate=ne2020-03-16"_s);
        rows.accept("date gt matches a date after the value", kPatientBirth, u"birthdate=gt2020-03-14"_s);
        rows.accept("date lt matches a date before the value", kPatientBirth, u"birthdate=lt2020-03-16"_s);
        rows.accept("date ge matches the same day", kPatientBirth, u"birthdate=ge2020-03-15"_s);
        rows.accept("date le matches the same day", kPatientBirth, u"birthdate=le2020-03-15"_s);
        rows.accept("date sa matches a date that starts after the value ends", kPatientBirth, u"birthdate=sa2020-02"_s);
        rows.accept("date eb matches a date that ends before the value starts", kPatientBirth, u"birthdate=eb2020-04"_s);
        rows.accept("date ap matches a date near the value", kPatientBirth, u"birthdate=ap2020-03-20"_s);
        rows.accept("date comma matches when any value matches", kPatientBirth, u"birthdate=2019,2020"_s);
        rows.accept("date repetition matches a date inside both bounds", kPatientBirth, u"birthdate=ge2020-03-01&birthdate=le2020-03-31"_s);
        // A dateTime with a zone: 2020-03-16T04:30:00Z.
        rows.accept("date eq compares a dateTime with a zone in UTC", kObservationDateTime, u"date=2020-03-16"_s);
        rows.accept("date eq matches the same instant written in the dateTime's zone", kObservationDateTime, u"date=2020-03-15T23:30:00-05:00"_s);
        rows.accept("date gt matches a dateTime after the value", kObservationDateTime, u"date=gt2020-03-16T04:00:00Z"_s);
        rows.accept("date ge matches an equal dateTime", kObservationDateTime, u"date=ge2020-03-16T04:30:00Z"_s);
        // An instant: 2020-03-15T10:00:00.123Z.
        rows.accept("date eq with seconds matches an instant inside that second", kObservationInstant, u"date=2020-03-15T10:00:00Z"_s);
        rows.accept("date eq with a day matches an instant in that day", kObservationInstant, u"date=2020-03-15"_s);
        rows.accept("date le matches an instant inside the value", kObservationInstant, u"date=le2020-03-15T10:00:00Z"_s);
        // A Period 2020-03-10 .. 2020-03-20.
        rows.accept("date eq matches a period inside the value", kEncounterPeriod, u"date=2020-03"_s);
        rows.accept("date ne matches a period the value does not contain", kEncounterPeriod, u"date=ne2020-03-15"_s);
        rows.accept("date gt matches a period that ends after the value", kEncounterPeriod, u"date=gt2020-03-15"_s);
        rows.accept("date lt matches a period that starts before the value", kEncounterPeriod, u"date=lt2020-03-15"_s);
        rows.accept("date ge matches a period that ends after the value", kEncounterPeriod, u"date=ge2020-03-19"_s);
        rows.accept("date le matches a period that starts before the value", kEncounterPeriod, u"date=le2020-03-11"_s);
        rows.accept("date sa matches a period that starts after the value", kEncounterPeriod, u"date=sa2020-03-09"_s);
        rows.accept("date eb matches a period that ends before the value", kEncounterPeriod, u"date=eb2020-03-21"_s);
        rows.accept("date ap matches a period overlapping the value", kEncounterPeriod, u"date=ap2020-03-15"_s);
        // Open-ended periods.
        rows.accept("date gt matches an ongoing period whatever the value", kEncounterOngoing, u"date=gt2030"_s);
        rows.accept("date sa matches an ongoing period that started after the value", kEncounterOngoing, u"date=sa2019"_s);
        rows.accept("date ne matches an ongoing period", kEncounterOngoing, u"date=ne2020"_s);
        rows.accept("date lt matches a period with no start whatever the value", kEncounterOpenStart, u"date=lt1900"_s);
        // _lastUpdated: the MockClock's 2026-01-01T00:00:00.000Z.
        rows.accept("_lastUpdated eq matches the day of the write", kPatientEmpty, u"_lastUpdated=2026-01-01"_s);
        rows.accept("_lastUpdated ge matches the instant of the write", kPatientEmpty, u"_lastUpdated=ge2026-01-01T00:00:00Z"_s);

        rows.reject("date eq does not match another day", kPatientBirth, u"birthdate=eq2020-03-16"_s);
        rows.reject("date eq with a time does not match a whole day", kPatientBirth, u"birthdate=2020-03-15T10:00:00Z"_s);
        rows.reject("date eq with another month does not match", kPatientBirth, u"birthdate=2020-04"_s);
        rows.reject("date eq with another year does not match", kPatientBirth, u"birthdate=2021"_s);
        rows.reject("date ne does not match a date inside the value", kPatientBirth, u"birthdate=ne2020-03"_s);
        rows.reject("date gt does not match the same day", kPatientBirth, u"birthdate=gt2020-03-15"_s);
        rows.reject("date gt with a month does not match a date in that month", kPatientBirth, u"birthdate=gt2020-03"_s);
        rows.reject("date lt does not match the same day", kPatientBirth, u"birthdate=lt2020-03-15"_s);
        rows.reject("date ge does not match an earlier date", kPatientBirth, u"birthdate=ge2020-03-16"_s);
        rows.reject("date le does not match a later date", kPatientBirth, u"birthdate=le2020-03-14"_s);
        rows.reject("date sa does not match a date inside the value", kPatientBirth, u"birthdate=sa2020-03"_s);
        rows.reject("date eb does not match a date inside the value", kPatientBirth, u"birthdate=eb2020-03"_s);
        rows.reject("date ap does not match a date far from the value", kPatientBirth, u"birthdate=ap2010-01-01"_s);
        rows.reject("date comma does not match when no value matches", kPatientBirth, u"birthdate=2018,2019"_s);
        rows.reject("date repetition does not match outside one bound", kPatientBirth, u"birthdate=ge2020-03-01&birthdate=le2020-03-10"_s);
        rows.reject("date does not match a resource without the element", kPatientEmpty, u"birthdate=2020"_s);
        rows.reject("date eq does not match a dateTime whose UTC day differs", kObservationDateTime, u"date=2020-03-15"_s);
        rows.reject("date eq does not read a zone-less value in the dateTime's zone", kObservationDateTime, u"date=2020-03-15T23:30:00Z"_s);
        rows.reject("date lt does not match a dateTime after the value", kObservationDateTime, u"date=lt2020-03-16T04:00:00Z"_s);
        rows.reject("date gt does not match an instant inside the value's second", kObservationInstant, u"date=gt2020-03-15T10:00:00Z"_s);
        rows.reject("date lt does not match an instant inside the value's second", kObservationInstant, u"date=lt2020-03-15T10:00:00Z"_s);
        rows.reject("date eb does not match an instant on the value's day", kObservationInstant, u"date=eb2020-03-15"_s);
        rows.reject("date eq does not match a period longer than the value", kEncounterPeriod, u"date=2020-03-15"_s);
        rows.reject("date ne does not match a period inside the value", kEncounterPeriod, u"date=ne2020"_s);
        rows.reject("date gt does not match a period that ends on the value", kEncounterPeriod, u"date=gt2020-03-20"_s);
        // R4 ge: "the range above the search value intersects (i.e. overlaps) with the range of the
        // target value, or the range of the search value fully contains the range of the target value":
        // a period ending on the value's last day and starting before it is neither.
        rows.reject("date ge does not match a period that only ends on the value", kEncounterPeriod, u"date=ge2020-03-20"_s);
        rows.reject("date le does not match a period that only starts on the value", kEncounterPeriod, u"date=le2020-03-10"_s);
        rows.reject("date lt does not match a period that starts on the value", kEncounterPeriod, u"date=lt2020-03-10"_s);
        rows.reject("date sa does not match a period overlapping the value", kEncounterPeriod, u"date=sa2020-03-15"_s);
        rows.reject("date eb does not match a period overlapping the value", kEncounterPeriod, u"date=eb2020-03-15"_s);
        rows.reject("date ap does not match a period far from the value", kEncounterPeriod, u"date=ap2000"_s);
        rows.reject("date eq does not match an ongoing period", kEncounterOngoing, u"date=2020"_s);
        rows.reject("date eb does not match an ongoing period", kEncounterOngoing, u"date=eb2030"_s);
        rows.reject("date lt does not match an ongoing period starting on the value", kEncounterOngoing, u"date=lt2020-03-10"_s);
        rows.reject("date sa does not match a period with no start", kEncounterOpenStart, u"date=sa1900"_s);
        rows.reject("date gt does not match a period with no start ending on the value", kEncounterOpenStart, u"date=gt2020-03-20"_s);
        rows.reject("date does not match an encounter without a period", kEncounterNoPeriod, u"date=ne2020"_s);
        rows.reject("_lastUpdated gt does not match the instant of the write", kPatientEmpty, u"_lastUpdated=gt2026-01-01T00:00:00Z"_s);
        rows.reject("_lastUpdated lt does not match a later write", kPatientEmpty, u"_lastUpdated=lt2026"_s);
        if (!rows.balanced())
            QFAIL("fewer rejecting rows than accepting rows");
    }
    void dateMatching()
    {
        StoreFixture f;
        checkMatch(f);
    }

    void referenceMatching_data()
    {
        addMatchingColumns();
        RowCounter rows;
        rows.accept("reference by id matches Type/id", kEobRelative, u"patient=1"_s);
        rows.accept("reference by Type/id matches Type/id", kEobRelative, u"patient=Patient/1"_s);
        rows.accept("reference by this server's URL matches Type/id", kEobRelative, u"patient=http://paw.test/fhir/Patient/1"_s);
        rows.accept("reference by id matches this server's URL", kEobLocalUrl, u"patient=1"_s);
        rows.accept("reference by Type/id matches this server's URL", kEobLocalUrl, u"patient=Patient/1"_s);
        rows.accept("reference by Type/id matches a versioned reference", kEobVersioned, u"patient=Patient/1"_s);
        rows.accept("reference by another server's URL matches that URL", kEobOtherServer, u"patient=http://other.test/fhir/Patient/1"_s);
        rows.accept("reference :Patient matches the id", kEobRelative, u"patient:Patient=1"_s);
        rows.accept("reference by Type/id on a parameter with several targets", kCoveragePayor, u"payor=Organization/org1"_s);
        rows.accept("reference by id on a parameter with several targets", kCoveragePayor, u"payor=org1"_s);
        rows.accept("reference :Organization on a parameter with several targets", kCoveragePayor, u"payor:Organization=org1"_s);
        rows.accept("reference comma matches when any value matches", kEobRelative, u"patient=2,1"_s);

        rows.reject("reference by id does not match another id", kEobRelative, u"patient=2"_s);
        rows.reject("reference by id does not match a longer id it starts", kEobPatient10, u"patient=1"_s);
        rows.reject("reference by another server's URL does not match a local reference", kEobRelative, u"patient=http://other.test/fhir/Patient/1"_s);
        rows.reject("reference to another server does not match the local id", kEobOtherServer, u"patient=1"_s);
        rows.reject("reference to another server does not match the local Type/id", kEobOtherServer, u"patient=Patient/1"_s);
        rows.reject("reference to another server does not match :Patient with the local id", kEobOtherServer, u"patient:Patient=1"_s);
        rows.reject("reference to another server does not match this server's URL", kEobOtherServer, u"patient=http://paw.test/fhir/Patient/1"_s);
        rows.reject("reference to another server does not match another URL there", kEobOtherServer, u"patient=http://other.test/fhir/Patient/2"_s);
        rows.reject("reference by a URL under another base on this host does not match", kEobRelative, u"patient=http://paw.test/other/Patient/1"_s);
        rows.reject("reference :Patient does not match a reference to another type", kCoveragePayor, u"payor:Patient=org1"_s);
        rows.reject("reference by Type/id does not match the id of another type", kCoveragePayor, u"payor=Patient/org1"_s);
        rows.reject("reference comma does not match when no value matches", kEobRelative, u"patient=2,3"_s);
        rows.reject("reference does not match a resource without the element", kEobNoPatient, u"patient=1"_s);
        if (!rows.balanced())
            QFAIL("fewer rejecting rows than accepting rows");
    }
    void referenceMatching()
    {
        StoreFixture f;
        checkMatch(f);
    }

    void missingMatching_data()
    {
        addMatchingColumns();
        RowCounter rows;
        rows.accept("token :missing=true matches a resource without the element", kPatientEmpty, u"gender:missing=true"_s);
        rows.accept("token :missing=false matches a resource with the element", kPatientFemale, u"gender:missing=false"_s);
        rows.accept("string :missing=true matches a resource without the element", kPatientEmpty, u"family:missing=true"_s);
        rows.accept("string :missing=false matches a resource with the element", kPatientName, u"family:missing=false"_s);
        rows.accept("date :missing=true matches a resource without the element", kPatientEmpty, u"birthdate:missing=true"_s);
        rows.accept("date :missing=false matches a resource with the element", kPatientBirth, u"birthdate:missing=false"_s);
        rows.accept("reference :missing=true matches a resource without the element", kEobNoPatient, u"patient:missing=true"_s);
        rows.accept("reference :missing=false matches a resource with the element", kEobRelative, u"patient:missing=false"_s);
        rows.accept(":missing=true,false matches either way", kPatientEmpty, u"gender:missing=true,false"_s);

        rows.reject("token :missing=true does not match a resource with the element", kPatientFemale, u"gender:missing=true"_s);
        rows.reject("token :missing=false does not match a resource without the element", kPatientEmpty, u"gender:missing=false"_s);
        rows.reject("string :missing=true does not match a resource with the element", kPatientName, u"family:missing=true"_s);
        rows.reject("string :missing=false does not match a resource without the element", kPatientEmpty, u"family:missing=false"_s);
        rows.reject("date :missing=true does not match a resource with the element", kPatientBirth, u"birthdate:missing=true"_s);
        rows.reject("date :missing=false does not match a resource without the element", kPatientEmpty, u"birthdate:missing=false"_s);
        rows.reject("reference :missing=true does not match a resource with the element", kEobRelative, u"patient:missing=true"_s);
        rows.reject("reference :missing=false does not match a resource without the element", kEobNoPatient, u"patient:missing=false"_s);
        rows.reject(":missing=false does not count another parameter's value", kPatientFemale, u"birthdate:missing=false"_s);
        if (!rows.balanced())
            QFAIL("fewer rejecting rows than accepting rows");
    }
    void missingMatching()
    {
        StoreFixture f;
        checkMatch(f);
    }

    // ---- _lastUpdated, sorting and the result parameters

    void lastUpdatedFollowsTheClock()
    {
        StoreFixture f;
        QVERIFY2(f.ok(), qPrintable(f.error));
        QVERIFY(f.write({jsonObject(PAW_JSON({"resourceType":"Patient","id":"early"}))}));
        f.clock.advanceSecond(3600);
        QVERIFY(f.write({jsonObject(PAW_JSON({"resourceType":"Patient","id":"late"}))}));

        const auto late = f.search(u"Patient"_s, u"_lastUpdated=gt2026-01-01T00:30:00Z"_s);
        QVERIFY(late);
        QCOMPARE(ids(late->matches), QStringList{u"late"_s});
        const auto early = f.search(u"Patient"_s, u"_lastUpdated=lt2026-01-01T00:30:00Z"_s);
        QVERIFY(early);
        QCOMPARE(ids(early->matches), QStringList{u"early"_s});
        const auto stored = f.store->read(u"Patient"_s, u"late"_s);
        QVERIFY(stored);
        QCOMPARE(stored->lastUpdatedMs, QDateTime(QDate(2026, 1, 1), QTime(1, 0), Qt::UTC).toMSecsSinceEpoch());
        QCOMPARE(metaOf(*stored, u"lastUpdated"_s), u"2026-01-01T01:00:00.000Z"_s);
    }

    void sorting_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QStringList>("expected");
        // Written in the order a, b, c, d, an hour apart; birth dates b < c < a, d has none.
        QTest::newRow("no _sort keeps creation order") << u""_s << QStringList{u"a"_s, u"b"_s, u"c"_s, u"d"_s};
        QTest::newRow("_sort=_lastUpdated is oldest first") << u"_sort=_lastUpdated"_s << QStringList{u"a"_s, u"b"_s, u"c"_s, u"d"_s};
        QTest::newRow("_sort=-_lastUpdated is newest first") << u"_sort=-_lastUpdated"_s << QStringList{u"d"_s, u"c"_s, u"b"_s, u"a"_s};
        QTest::newRow("_sort by a date parameter ascending, missing last") << u"_sort=birthdate"_s << QStringList{u"b"_s, u"c"_s, u"a"_s, u"d"_s};
        QTest::newRow("_sort by a date parameter descending, missing last") << u"_sort=-birthdate"_s << QStringList{u"a"_s, u"c"_s, u"b"_s, u"d"_s};
        QTest::newRow("_sort applies before _count") << u"_sort=-_lastUpdated&_count=2"_s << QStringList{u"d"_s, u"c"_s};
    }
    void sorting()
    {
        QFETCH(QString, query);
        QFETCH(QStringList, expected);
        StoreFixture f;
        QVERIFY2(f.ok(), qPrintable(f.error));
        for (const char *json : {PAW_JSON({"resourceType":"Patient","id":"a","birthDate":"2001-01-01"}),
                                 PAW_JSON({"resourceType":"Patient","id":"b","birthDate":"1990-06-01"}),
                                 PAW_JSON({"resourceType":"Patient","id":"c","birthDate":"1995"}),
                                 PAW_JSON({"resourceType":"Patient","id":"d"})}) {
            QVERIFY(f.write({jsonObject(json)}));
            f.clock.advanceSecond(3600);
        }
        const auto page = f.search(u"Patient"_s, query);
        QVERIFY2(page, qPrintable(page ? QString() : page.error().diagnostics));
        QCOMPARE(ids(page->matches), expected);
    }

    void totalsAndCounts()
    {
        StoreFixture f;
        QVERIFY2(f.ok(), qPrintable(f.error));
        QList<QJsonObject> patients;
        for (int i = 0; i < 5; ++i)
            patients << QJsonObject{{u"resourceType"_s, u"Patient"_s}, {u"id"_s, QString(u"p"_s + QString::number(i))},
                                    {u"gender"_s, i < 3 ? u"female"_s : u"male"_s}};
        QVERIFY(f.write(patients));

        const auto all = f.search(u"Patient"_s, u"gender=female&_count=2"_s);
        QVERIFY(all);
        QCOMPARE(all->total, std::optional<qint64>(3));
        QCOMPARE(all->matches.size(), 2);
        QVERIFY(all->hasMore);

        const auto none = f.search(u"Patient"_s, u"gender=female&_total=none"_s);
        QVERIFY(none);
        QVERIFY(!none->total.has_value());
        QCOMPARE(none->matches.size(), 3);
        QVERIFY(!none->hasMore);

        const auto summary = f.search(u"Patient"_s, u"gender=female&_summary=count"_s);
        QVERIFY(summary);
        QCOMPARE(summary->total, std::optional<qint64>(3));
        QVERIFY(summary->matches.isEmpty());

        const auto zero = f.search(u"Patient"_s, u"gender=male&_count=0"_s);
        QVERIFY(zero);
        QCOMPARE(zero->total, std::optional<qint64>(2));
        QVERIFY(zero->matches.isEmpty());
        QVERIFY(zero->included.isEmpty());
    }

    // ---- Paging with the snapshot a first page returns

    void pagingVisitsEachMatchOnce_data()
    {
        QTest::addColumn<QString>("sort");
        QTest::newRow("paging in creation order") << QString();
        QTest::newRow("paging newest first") << u"&_sort=-_lastUpdated"_s;
        QTest::newRow("paging by a date parameter") << u"&_sort=birthdate"_s;
    }
    void pagingVisitsEachMatchOnce()
    {
        QFETCH(QString, sort);
        StoreFixture f;
        QVERIFY2(f.ok(), qPrintable(f.error));
        QStringList expected;
        for (int i = 0; i < 7; ++i) {
            const QString id = u"p"_s + QString::number(i);
            QVERIFY(f.write({QJsonObject{{u"resourceType"_s, u"Patient"_s}, {u"id"_s, id}, {u"gender"_s, u"female"_s},
                                         {u"birthDate"_s, QString(u"19%1-01-01"_s.arg(90 - i * 3))}}}));
            f.clock.advanceSecond(60);
            expected << id;
        }
        QVERIFY(f.write({jsonObject(PAW_JSON({"resourceType":"Patient","id":"male","gender":"male"}))}));

        const auto first = f.search(u"Patient"_s, u"gender=female&_count=3"_s + sort);
        QVERIFY(first);
        QCOMPARE(first->total, std::optional<qint64>(7));
        QVERIFY(first->hasMore);
        QStringList seen = ids(first->matches);
        const qint64 snapshot = first->snapshot;
        QVERIFY(snapshot > 0);

        int offset = 3;
        bool more = first->hasMore;
        for (int page = 0; more && page < 10; ++page) {
            // Written between pages: they match, sort first or in between, and must not shift the walk.
            f.clock.advanceSecond(60);
            const QString id = u"new"_s + QString::number(page);
            QVERIFY(f.write({QJsonObject{{u"resourceType"_s, u"Patient"_s}, {u"id"_s, id}, {u"gender"_s, u"female"_s},
                                         {u"birthDate"_s, u"1950-01-01"_s}}}));
            const auto next = f.search(u"Patient"_s, u"gender=female&_count=3&_snapshot=%1&_offset=%2"_s.arg(snapshot).arg(offset) + sort);
            QVERIFY(next);
            QCOMPARE(next->snapshot, snapshot);
            QCOMPARE(next->total, std::optional<qint64>(7));
            seen += ids(next->matches);
            offset += 3;
            more = next->hasMore;
        }
        QCOMPARE(seen.size(), expected.size());
        QStringList sortedSeen = seen;
        sortedSeen.sort();
        QCOMPARE(sortedSeen, expected);
    }

    // ---- _include and _revinclude

    void includes_data()
    {
        QTest::addColumn<QString>("query");
        QTest::addColumn<QStringList>("matches");
        QTest::addColumn<QStringList>("included");
        QTest::newRow("_include follows the patient of every match, once")
            << u"_id=e1,e2&_include=ExplanationOfBenefit:patient"_s << QStringList{u"ExplanationOfBenefit/e1"_s, u"ExplanationOfBenefit/e2"_s}
            << QStringList{u"Patient/pat1"_s};
        QTest::newRow("_include * follows every reference parameter")
            << u"_id=e1&_include=ExplanationOfBenefit:*"_s << QStringList{u"ExplanationOfBenefit/e1"_s}
            << QStringList{u"Coverage/cov1"_s, u"Organization/payer"_s, u"Patient/pat1"_s, u"Practitioner/doc1"_s};
        QTest::newRow("_include from another source type without :iterate is refused")
            << u"_id=e1&_include=ExplanationOfBenefit:coverage&_include=Coverage:payor"_s
            << QStringList() << QStringList();
        QTest::newRow("_include:iterate follows the included resources' references")
            << u"_id=e1&_include=ExplanationOfBenefit:coverage&_include:iterate=Coverage:payor"_s
            << QStringList{u"ExplanationOfBenefit/e1"_s} << QStringList{u"Coverage/cov1"_s, u"Organization/payer"_s};
        QTest::newRow("_include with a target type follows references to that type")
            << u"_id=e1&_include=ExplanationOfBenefit:provider:Practitioner"_s << QStringList{u"ExplanationOfBenefit/e1"_s}
            << QStringList{u"Practitioner/doc1"_s};
        QTest::newRow("_include with another target type follows nothing")
            << u"_id=e1&_include=ExplanationOfBenefit:provider:Organization"_s << QStringList{u"ExplanationOfBenefit/e1"_s}
            << QStringList();
        QTest::newRow("_revinclude adds the resources pointing at the matches")
            << u"_id=e1,e2&_revinclude=Provenance:target"_s << QStringList{u"ExplanationOfBenefit/e1"_s, u"ExplanationOfBenefit/e2"_s}
            << QStringList{u"Provenance/prov1"_s};
        QTest::newRow("_include does not repeat a match")
            << u"_id=e1,e2&_include=ExplanationOfBenefit:*"_s << QStringList{u"ExplanationOfBenefit/e1"_s, u"ExplanationOfBenefit/e2"_s}
            << QStringList{u"Coverage/cov1"_s, u"Organization/payer"_s, u"Patient/pat1"_s, u"Practitioner/doc1"_s};
        QTest::newRow("_include does not follow a reference to another server")
            << u"_id=remote&_include=ExplanationOfBenefit:patient"_s << QStringList{u"ExplanationOfBenefit/remote"_s}
            << QStringList();
        QTest::newRow("_revinclude does not take a reference to another server")
            << u"_id=e2&_revinclude=Provenance:target"_s << QStringList{u"ExplanationOfBenefit/e2"_s} << QStringList();
    }
    void includes()
    {
        QFETCH(QString, query);
        QFETCH(QStringList, matches);
        QFETCH(QStringList, included);
        StoreFixture f;
        QVERIFY2(f.ok(), qPrintable(f.error));
        const auto written = f.write({
            jsonObject(PAW_JSON({"resourceType":"Patient","id":"pat1"})),
            jsonObject(PAW_JSON({"resourceType":"Organization","id":"payer","name":"Payer"})),
            jsonObject(PAW_JSON({"resourceType":"Practitioner","id":"doc1"})),
            jsonObject(PAW_JSON({"resourceType":"Coverage","id":"cov1","beneficiary":{"reference":"Patient/pat1"},
                           "payor":[{"reference":"Organization/payer"}]})),
            jsonObject(PAW_JSON({"resourceType":"ExplanationOfBenefit","id":"e1","patient":{"reference":"Patient/pat1"},
                           "insurer":{"reference":"Organization/payer"},"provider":{"reference":"Practitioner/doc1"},
                           "insurance":[{"coverage":{"reference":"Coverage/cov1"}}]})),
            jsonObject(PAW_JSON({"resourceType":"ExplanationOfBenefit","id":"e2","patient":{"reference":"Patient/pat1"}})),
            jsonObject(PAW_JSON({"resourceType":"Provenance","id":"prov1","target":[{"reference":"ExplanationOfBenefit/e1"}]})),
            // Points at a resource that happens to share e2's type and id, on another server.
            jsonObject(PAW_JSON({"resourceType":"Provenance","id":"provRemote",
                           "target":[{"reference":"http://other.test/fhir/ExplanationOfBenefit/e2"}]})),
            jsonObject(PAW_JSON({"resourceType":"ExplanationOfBenefit","id":"remote",
                           "patient":{"reference":"http://other.test/fhir/Patient/pat1"}})),
        });
        QVERIFY2(written, qPrintable(written ? QString() : written.error()));

        const auto page = f.search(u"ExplanationOfBenefit"_s, query);
        if (matches.isEmpty()) {
            // A non-iterating include whose source is not the searched type is refused.
            QVERIFY(!page);
            return;
        }
        QVERIFY2(page, qPrintable(page ? QString() : page.error().diagnostics));
        QCOMPARE(references(page->matches), matches);
        QStringList got = references(page->included);
        QCOMPARE(got.size(), QSet<QString>(got.cbegin(), got.cend()).size());
        got.sort();
        QCOMPARE(got, included);
        // Included resources are not counted.
        QCOMPARE(page->total, std::optional<qint64>(matches.size()));
    }

    // ---- Writes

    void versionsAndHistory()
    {
        StoreFixture f;
        QVERIFY2(f.ok(), qPrintable(f.error));
        const auto v1 = f.write({jsonObject(PAW_JSON({"resourceType":"Patient","id":"p","gender":"female"}))});
        QVERIFY(v1);
        QCOMPARE(v1->created, 1);
        f.clock.advanceSecond(10);
        const auto v2 = f.write({jsonObject(PAW_JSON({"resourceType":"Patient","id":"p","gender":"male"}))});
        QVERIFY(v2);
        QCOMPARE(v2->updated, 1);
        f.clock.advanceSecond(10);
        QVERIFY(f.write({jsonObject(PAW_JSON({"resourceType":"Patient","id":"p","gender":"other",
                                        "meta":{"versionId":"99","lastUpdated":"1999-01-01T00:00:00Z","source":"s"}}))}));

        const auto current = f.store->read(u"Patient"_s, u"p"_s);
        QVERIFY(current);
        QCOMPARE(current->version, 3);
        // The store sets meta.versionId and meta.lastUpdated, whatever the writer sent, and keeps the rest of meta.
        QCOMPARE(metaOf(*current, u"versionId"_s), u"3"_s);
        QCOMPARE(metaOf(*current, u"lastUpdated"_s), u"2026-01-01T00:00:20.000Z"_s);
        QCOMPARE(metaOf(*current, u"source"_s), u"s"_s);

        const QStringList genders{u"female"_s, u"male"_s, u"other"_s};
        for (qint64 version = 1; version <= 3; ++version) {
            const auto old = f.store->vread(u"Patient"_s, u"p"_s, version);
            QVERIFY(old);
            QCOMPARE(old->version, version);
            QCOMPARE(parsed(*old).value(u"gender"_s).toString(), genders.at(version - 1));
            QCOMPARE(metaOf(*old, u"versionId"_s), QString::number(version));
            QCOMPARE(old->lastUpdatedMs, f.clock.nowMs() - (3 - version) * 10000);
        }
        const auto missing = f.store->vread(u"Patient"_s, u"p"_s, 4);
        QVERIFY(!missing);
        QCOMPARE(missing.error().httpStatus, 404);

        const auto history = f.store->history(u"Patient"_s, u"p"_s);
        QVERIFY(history);
        QCOMPARE(history->size(), 3);
        QCOMPARE(history->at(0).version, 3);
        QCOMPARE(history->at(1).version, 2);
        QCOMPARE(history->at(2).version, 1);
        QCOMPARE(history->at(0).json, current->json);

        const auto unknown = f.store->history(u"Patient"_s, u"nobody"_s);
        QVERIFY(!unknown);
        QCOMPARE(unknown.error().httpStatus, 404);
    }

    void identicalContentIsUnchanged()
    {
        StoreFixture f;
        QVERIFY2(f.ok(), qPrintable(f.error));
        QVERIFY(f.write({jsonObject(PAW_JSON({"resourceType":"Patient","id":"p","gender":"female","name":[{"family":"A"}]}))}));
        const auto before = f.store->read(u"Patient"_s, u"p"_s);
        QVERIFY(before);
        f.clock.advanceSecond(100);
        // The same content with keys in another order and with the meta the store wrote.
        QJsonObject again = jsonObject(PAW_JSON({"name":[{"family":"A"}],"gender":"female","id":"p","resourceType":"Patient"}));
        again.insert(u"meta"_s, parsed(*before).value(u"meta"_s));
        const auto summary = f.write({again, jsonObject(PAW_JSON({"resourceType":"Patient","id":"p","gender":"female","name":[{"family":"A"}]}))});
        QVERIFY(summary);
        QCOMPARE(summary->unchanged, 2);
        QCOMPARE(summary->created + summary->updated, 0);
        const auto after = f.store->read(u"Patient"_s, u"p"_s);
        QVERIFY(after);
        QCOMPARE(after->version, 1);
        QCOMPARE(after->lastUpdatedMs, before->lastUpdatedMs);
        QCOMPARE(after->json, before->json);
        QCOMPARE(f.store->history(u"Patient"_s, u"p"_s)->size(), 1);
    }

    void updateReplacesIndexRows()
    {
        StoreFixture f;
        QVERIFY2(f.ok(), qPrintable(f.error));
        QVERIFY(f.write({jsonObject(PAW_JSON({"resourceType":"Patient","id":"p","gender":"female","birthDate":"1980-01-01",
                                        "name":[{"family":"Old"}]}))}));
        QVERIFY(f.write({jsonObject(PAW_JSON({"resourceType":"ExplanationOfBenefit","id":"e","patient":{"reference":"Patient/a"}}))}));
        f.clock.advanceSecond(1);
        QVERIFY(f.write({jsonObject(PAW_JSON({"resourceType":"Patient","id":"p","gender":"male","birthDate":"1990-01-01",
                                        "name":[{"family":"New"}]})),
                         jsonObject(PAW_JSON({"resourceType":"ExplanationOfBenefit","id":"e","patient":{"reference":"Patient/b"}}))}));

        const QList<QPair<QString, QString>> gone{{u"Patient"_s, u"gender=female"_s},
                                                   {u"Patient"_s, u"birthdate=1980"_s},
                                                   {u"Patient"_s, u"family=old"_s},
                                                   {u"Patient"_s, u"_lastUpdated=2026-01-01T00:00:00Z"_s},
                                                   {u"ExplanationOfBenefit"_s, u"patient=a"_s}};
        for (const auto &[type, query] : gone) {
            const auto page = f.search(type, query);
            QVERIFY(page);
            QVERIFY2(page->matches.isEmpty(), qPrintable(query));
        }
        const QList<QPair<QString, QString>> present{{u"Patient"_s, u"gender=male"_s},
                                                      {u"Patient"_s, u"birthdate=1990"_s},
                                                      {u"Patient"_s, u"family=new"_s},
                                                      {u"Patient"_s, u"_lastUpdated=2026-01-01T00:00:01Z"_s},
                                                      {u"ExplanationOfBenefit"_s, u"patient=b"_s}};
        for (const auto &[type, query] : present) {
            const auto page = f.search(type, query);
            QVERIFY(page);
            QVERIFY2(page->matches.size() == 1, qPrintable(query));
        }
    }

    void batchIsAllOrNothing_data()
    {
        QTest::addColumn<QByteArray>("bad");
        QTest::addColumn<QString>("message");
        QTest::newRow("rejects a batch with an unknown resourceType")
            << QByteArray(PAW_JSON({"resourceType":"Banana","id":"b"})) << u"resourceType"_s;
        QTest::newRow("rejects a batch with a type PAW does not serve")
            << QByteArray(PAW_JSON({"resourceType":"Claim","id":"c"})) << u"resourceType"_s;
        QTest::newRow("rejects a batch with a resource without resourceType")
            << QByteArray(PAW_JSON({"id":"x"})) << u"resourceType"_s;
        QTest::newRow("rejects a batch with an id holding a space")
            << QByteArray(PAW_JSON({"resourceType":"Patient","id":"a b"})) << u"id"_s;
        QTest::newRow("rejects a batch with a 65-character id")
            << QJsonDocument(QJsonObject{{u"resourceType"_s, u"Patient"_s}, {u"id"_s, QString(65, u'a')}}).toJson()
            << u"id"_s;
        QTest::newRow("rejects a batch with an id ending in a newline")
            << QByteArray(PAW_JSON({"resourceType":"Patient","id":"abc\n"})) << u"id"_s;
        QTest::newRow("rejects a batch with an id holding a slash")
            << QByteArray(PAW_JSON({"resourceType":"Patient","id":"a/b"})) << u"id"_s;
        QTest::newRow("rejects a batch with an empty id")
            << QByteArray(PAW_JSON({"resourceType":"Patient","id":""})) << u"id"_s;
        QTest::newRow("rejects a batch with a numeric id")
            << QByteArray(PAW_JSON({"resourceType":"Patient","id":12})) << u"id"_s;
        QTest::newRow("rejects a batch with text that is not JSON")
            << QByteArray("{\"resourceType\":\"Patient\",") << u"JSON"_s;
        QTest::newRow("rejects a batch with a JSON array")
            << QByteArray("[" PAW_JSON({"resourceType":"Patient","id":"a"}) "]") << u"resourceType"_s;
        QTest::newRow("rejects a batch with invalid UTF-8")
            << QByteArray("{\"resourceType\":\"Patient\",\"id\":\"a\",\"gender\":\"\xff\"}") << u"JSON"_s;
        QTest::newRow("rejects a batch with a member that is not an element name")
            << QByteArray(PAW_JSON({"resourceType":"Patient","id":"a","gender\"x":"male"})) << u"element name"_s;
        QTest::newRow("rejects a batch with a meta that is not an object")
            << QByteArray(PAW_JSON({"resourceType":"Patient","id":"a","meta":"v1"})) << u"meta"_s;
    }
    void batchIsAllOrNothing()
    {
        QFETCH(QByteArray, bad);
        QFETCH(QString, message);
        StoreFixture f;
        QVERIFY2(f.ok(), qPrintable(f.error));
        QVERIFY(f.write({jsonObject(PAW_JSON({"resourceType":"Patient","id":"existing","gender":"female"}))}));
        f.clock.advanceSecond(1);

        const auto result = f.store->writeJson({PAW_JSON({"resourceType":"Patient","id":"new1","gender":"male"}),
                                                PAW_JSON({"resourceType":"Patient","id":"existing","gender":"male"}),
                                                bad,
                                                PAW_JSON({"resourceType":"Patient","id":"new2"})});
        QVERIFY(!result);
        static const QRegularExpression third(u"^resource 3[ :]"_s);
        QVERIFY2(third.match(result.error()).hasMatch(), qPrintable(result.error()));
        QVERIFY2(result.error().contains(message), qPrintable(result.error()));

        // Nothing of the batch was written: no new resource, no new version, no index rows.
        QVERIFY(!f.store->read(u"Patient"_s, u"new1"_s));
        const auto existing = f.store->read(u"Patient"_s, u"existing"_s);
        QVERIFY(existing);
        QCOMPARE(existing->version, 1);
        QCOMPARE(f.store->history(u"Patient"_s, u"existing"_s)->size(), 1);
        QCOMPARE(f.store->countByType().value(u"Patient"_s), 1);
        const auto male = f.search(u"Patient"_s, u"gender=male"_s);
        QVERIFY(male);
        QCOMPARE(male->total, std::optional<qint64>(0));

        // The store still writes afterwards.
        const auto good = f.write({jsonObject(PAW_JSON({"resourceType":"Patient","id":"new1","gender":"male"}))});
        QVERIFY2(good, qPrintable(good ? QString() : good.error()));
        QCOMPARE(good->created, 1);
    }

    void isValidId_data()
    {
        QTest::addColumn<QString>("id");
        QTest::addColumn<bool>("valid");
        QTest::newRow("accepts letters, digits, '-' and '.'") << u"Ab-1.z"_s << true;
        QTest::newRow("accepts one character") << u"a"_s << true;
        QTest::newRow("accepts 64 characters") << QString(64, u'x') << true;
        QTest::newRow("accepts a uuid") << u"61ebe359-bfdc-4613-8bf2-c5e300945f0a"_s << true;
        QTest::newRow("rejects an empty id") << QString() << false;
        QTest::newRow("rejects 65 characters") << QString(65, u'x') << false;
        QTest::newRow("rejects a space") << u"a b"_s << false;
        QTest::newRow("rejects a trailing newline") << u"abc\n"_s << false;
        QTest::newRow("rejects an underscore") << u"a_b"_s << false;
        QTest::newRow("rejects a non-ASCII letter") << u"mü"_s << false;
    }
    void isValidId()
    {
        QFETCH(QString, id);
        QFETCH(bool, valid);
        QCOMPARE(SqlResourceStore::isValidId(id), valid);
    }

    void forEachAndCounts()
    {
        StoreFixture f;
        QVERIFY2(f.ok(), qPrintable(f.error));
        QVERIFY(f.write({jsonObject(PAW_JSON({"resourceType":"Patient","id":"b"})), jsonObject(PAW_JSON({"resourceType":"Patient","id":"a"})),
                         jsonObject(PAW_JSON({"resourceType":"Organization","id":"o"}))}));
        QVERIFY(f.write({jsonObject(PAW_JSON({"resourceType":"Patient","id":"b","gender":"male"}))}));
        const QHash<QString, qint64> counts = f.store->countByType();
        QCOMPARE(counts.value(u"Patient"_s), 2);
        QCOMPARE(counts.value(u"Organization"_s), 1);
        QStringList order;
        QVERIFY(f.store->forEach(u"Patient"_s, [&order](const StoredResource &r) {
                         order << r.id + u'@' + QString::number(r.version);
                         return true;
                     }).isEmpty());
        QCOMPARE(order, (QStringList{u"b@2"_s, u"a@1"_s}));
        int calls = 0;
        QVERIFY(f.store->forEach(u"Patient"_s, [&calls](const StoredResource &) { return ++calls < 1; }).isEmpty());
        QCOMPARE(calls, 1);
    }

    // A producer may prepare resources on its own threads (ResourcePreparer) and hand them over.
    void preparedResourcesAreWrittenLikeText()
    {
        StoreFixture f;
        QVERIFY2(f.ok(), qPrintable(f.error));
        const ResourcePreparer &preparer = f.store->preparer();
        std::vector<PreparedResource> batch;
        batch.push_back(preparer.prepare(jsonObject(PAW_JSON({"resourceType":"Patient","id":"a","meta":{},"gender":"female"})), 0));
        batch.push_back(preparer.prepare(QByteArray(PAW_JSON({"resourceType":"Patient","id":"bad id"})), 1));
        const auto refused = f.store->writePrepared(std::move(batch));
        QVERIFY(!refused);
        QVERIFY2(refused.error().startsWith(u"resource 2 (Patient/bad id)"_s), qPrintable(refused.error()));
        QVERIFY(!f.store->read(u"Patient"_s, u"a"_s)); // all or nothing

        batch.clear();
        batch.push_back(preparer.prepare(jsonObject(PAW_JSON({"resourceType":"Patient","id":"a","meta":{},"gender":"female"})), 0));
        const auto written = f.store->writePrepared(std::move(batch));
        QVERIFY2(written, qPrintable(written ? QString() : written.error()));
        QCOMPARE(written->created, 1);
        QCOMPARE(references(f.search(u"Patient"_s, u"gender=female"_s)->matches), QStringList{u"Patient/a"_s});
        // The same content as text (members in the order Qt keeps them) is recognised as unchanged.
        const auto again = f.store->writeJson({QByteArray(PAW_JSON({"gender":"female","id":"a","meta":{},"resourceType":"Patient"}))});
        QVERIFY(again);
        QCOMPARE(again->unchanged, 1);
    }

    // A large write gets the dialect's bulk settings (a bigger SQLite page cache) on its
    // connection; other connections keep the everyday ones.
    void writesUseTheBulkSettings()
    {
        StoreFixture f;
        QVERIFY2(f.ok(), qPrintable(f.error));
        const auto cacheSize = [](QSqlDatabase db) {
            QSqlQuery query(db);
            return query.exec(u"PRAGMA cache_size"_s) && query.next() ? query.value(0).toLongLong() : 0;
        };
        QCOMPARE(cacheSize(f.database->connection()), -65536);
        QVERIFY(f.write({jsonObject(PAW_JSON({"resourceType":"Patient","id":"a","gender":"female"}))}));
        QCOMPARE(cacheSize(f.database->connection()), -262144);
    }
};

QTEST_GUILESS_MAIN(TestSqlResourceStore)
#include "TestSqlResourceStore.moc"
