#include "fhir/search/SearchQueryParser.h"

#include <QDateTime>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace paw::fhir;

namespace {

// "a=1&b=2" as the decoded pairs the HTTP layer hands over (values here need no decoding).
QList<QPair<QString, QString>> pairs(const QString &query)
{
    QList<QPair<QString, QString>> out;
    const QStringList items = query.split(u'&', Qt::SkipEmptyParts);
    for (const QString &item : items) {
        const qsizetype eq = item.indexOf(u'=');
        out.append({item.left(eq), eq < 0 ? QString() : item.mid(eq + 1)});
    }
    return out;
}

QString instant(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
}

QString describe(const SearchValue &value)
{
    if (const auto *t = std::get_if<TokenValue>(&value))
        return t->system ? *t->system + u"|"_s + t->code : t->code;
    if (const auto *s = std::get_if<StringValue>(&value))
        return u"s("_s + s->normalized + u")"_s;
    if (const auto *d = std::get_if<DateValue>(&value)) {
        static const char *const names[] = {"eq", "ne", "gt", "lt", "ge", "le", "sa", "eb", "ap"};
        return QString::fromLatin1(names[int(d->prefix)]) + u"["_s + instant(d->low) + u".."_s + instant(d->high)
               + u"]"_s;
    }
    if (const auto *r = std::get_if<ReferenceValue>(&value))
        return u"ref("_s + r->type + u"/"_s + r->id + (r->url.isEmpty() ? QString() : u" "_s + r->url) + u")"_s;
    return std::get<MissingValue>(value).missing ? u"missing"_s : u"present"_s;
}

QString describe(const IncludeSpec &spec)
{
    return spec.sourceType + u":"_s + spec.parameter + (spec.targetType.isEmpty() ? QString() : u":"_s + spec.targetType)
           + (spec.iterate ? u"(iterate)"_s : QString());
}

// The query as one line: criteria, then result parameters that differ from the defaults.
QString describe(const SearchQuery &q)
{
    static const char *const modifiers[] = {"", ":missing", ":exact", ":contains", ":text", ":not", ":type"};
    QStringList parts;
    for (const SearchCriterion &c : q.criteria) {
        QStringList values;
        for (const SearchValue &v : c.anyOf)
            values.append(describe(v));
        QString modifier = QString::fromLatin1(modifiers[int(c.modifier)]);
        if (c.modifier == Modifier::Type)
            modifier = u":"_s + c.modifierType;
        parts.append(c.parameter->name + modifier + u"="_s + values.join(u','));
    }
    if (q.count != 20)
        parts.append(u"count %1"_s.arg(q.count));
    if (q.offset != 0)
        parts.append(u"offset %1"_s.arg(q.offset));
    if (q.snapshot)
        parts.append(u"snapshot %1"_s.arg(*q.snapshot));
    for (const SortSpec &s : q.sort)
        parts.append(u"sort "_s + (s.descending ? u"-"_s : QString()) + s.parameter);
    if (q.total != TotalMode::Accurate)
        parts.append(q.total == TotalMode::None ? u"total none"_s : u"total estimate"_s);
    if (q.summaryCount)
        parts.append(u"summary count"_s);
    if (!q.elements.isEmpty())
        parts.append(u"elements "_s + q.elements.join(u','));
    for (const IncludeSpec &i : q.includes)
        parts.append(u"include "_s + describe(i));
    for (const IncludeSpec &i : q.revIncludes)
        parts.append(u"revinclude "_s + describe(i));
    if (!q.ignored.isEmpty())
        parts.append(u"ignored "_s + q.ignored.join(u','));
    return parts.join(u" & "_s);
}

} // namespace

class TestSearchQueryParser : public QObject
{
    Q_OBJECT

private:
    SearchQueryParser m_parser{SearchParameterRegistry::builtIn()};

private Q_SLOTS:
    void accepts_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("query");
        QTest::addColumn<QString>("expected");

        const QString eob = u"ExplanationOfBenefit"_s;
        QTest::addRow("an empty query keeps the defaults") << eob << u""_s << u""_s;
        QTest::addRow("a patient id is typed by the single target")
            << eob << u"patient=Patient2"_s << u"patient=ref(Patient/Patient2)"_s;
        QTest::addRow("a Type/id reference")
            << eob << u"patient=Patient/Patient2"_s << u"patient=ref(Patient/Patient2)"_s;
        QTest::addRow("an absolute URL keeps type, id and url")
            << eob << u"patient=https://x.org/fhir/Patient/p1"_s
            << u"patient=ref(Patient/p1 https://x.org/fhir/Patient/p1)"_s;
        QTest::addRow("a bare id on a parameter with several targets stays untyped")
            << eob << u"provider=org1"_s << u"provider=ref(/org1)"_s;
        QTest::addRow("the :Type modifier takes an id")
            << eob << u"provider:Organization=org1"_s << u"provider:Organization=ref(Organization/org1)"_s;
        QTest::addRow("commas are OR and repeats are AND")
            << eob << u"type=professional,pharmacy&type=institutional"_s
            << u"type=professional,pharmacy & type=institutional"_s;
        QTest::addRow("a token with system and code, no system, and any code")
            << eob << u"identifier=http://s|A1,|A2,http://s|"_s << u"identifier=http://s|A1,|A2,http://s|"_s;
        QTest::addRow("an escaped comma stays in the code")
            << eob << u"identifier=a\\,b"_s << u"identifier=a,b"_s;
        QTest::addRow("date prefixes ge and lt")
            << eob << u"service-date=ge2019-01-01&service-date=lt2020"_s
            << u"service-date=ge[2019-01-01T00:00:00.000Z..2019-01-01T23:59:59.999Z] & "
               u"service-date=lt[2020-01-01T00:00:00.000Z..2020-12-31T23:59:59.999Z]"_s;
        QTest::addRow("a date without prefix is eq, with zone offset")
            << eob << u"_lastUpdated=2019-12-12T09:14:11+01:00"_s
            << u"_lastUpdated=eq[2019-12-12T08:14:11.000Z..2019-12-12T08:14:11.999Z]"_s;
        QTest::addRow("sa, eb, ap and ne prefixes")
            << u"Encounter"_s << u"date=sa2020,eb2020,ap2020,ne2020"_s
            << u"date=sa[2020-01-01T00:00:00.000Z..2020-12-31T23:59:59.999Z],"
               u"eb[2020-01-01T00:00:00.000Z..2020-12-31T23:59:59.999Z],"
               u"ap[2020-01-01T00:00:00.000Z..2020-12-31T23:59:59.999Z],"
               u"ne[2020-01-01T00:00:00.000Z..2020-12-31T23:59:59.999Z]"_s;
        QTest::addRow("string values are normalized, with :exact and :contains")
            << u"Patient"_s << u"family=  Müller &given:exact=Amy&name:contains=aw"_s
            << u"family=s(muller) & given:exact=s(amy) & name:contains=s(aw)"_s;
        QTest::addRow("token :not and :text")
            << u"Condition"_s << u"clinical-status:not=resolved&code:text=Duodenal Ulcer"_s
            << u"clinical-status:not=resolved & code:text=s(duodenal ulcer)"_s;
        QTest::addRow(":missing works on any type")
            << u"Patient"_s << u"birthdate:missing=true&gender:missing=false"_s
            << u"birthdate:missing=missing & gender:missing=present"_s;
        QTest::addRow("_count, _offset and _snapshot")
            << u"Patient"_s << u"_count=50&_offset=100&_snapshot=12345"_s << u"count 50 & offset 100 & snapshot 12345"_s;
        QTest::addRow("a _count over 500 is clamped to 500") << u"Patient"_s << u"_count=100000"_s << u"count 500"_s;
        QTest::addRow("_count=0 asks for the total only") << u"Patient"_s << u"_count=0"_s << u"count 0"_s;
        QTest::addRow("_sort by _lastUpdated descending and a date parameter")
            << eob << u"_sort=-_lastUpdated,service-date"_s << u"sort -_lastUpdated & sort service-date"_s;
        QTest::addRow("_total, _summary=count and _elements")
            << u"Patient"_s << u"_total=none&_summary=count&_elements=id,name"_s
            << u"total none & summary count & elements id,name"_s;
        QTest::addRow("_summary=false is accepted") << u"Patient"_s << u"_summary=false"_s << u""_s;
        QTest::addRow("_format and _pretty are left to the HTTP layer")
            << u"Patient"_s << u"_format=json&_pretty=true"_s << u""_s;
        QTest::addRow("_include of the searched type, with a target type and *")
            << eob << u"_include=ExplanationOfBenefit:patient&_include=ExplanationOfBenefit:provider:Organization"
                      u"&_include=ExplanationOfBenefit:*"_s
            << u"include ExplanationOfBenefit:patient & include ExplanationOfBenefit:provider:Organization & "
               u"include ExplanationOfBenefit:*"_s;
        QTest::addRow("_include:iterate may start from another type")
            << eob << u"_include:iterate=PractitionerRole:practitioner"_s
            << u"include PractitionerRole:practitioner(iterate)"_s;
        QTest::addRow("_revinclude of Provenance targets")
            << u"Patient"_s << u"_revinclude=Provenance:target"_s << u"revinclude Provenance:target"_s;
        QTest::addRow("MedicationStatement keeps the US Core 3.1.1 parameters")
            << u"MedicationStatement"_s << u"patient=p1&status=active&effective=ge2021"_s
            << u"patient=ref(Patient/p1) & status=active & "
               u"effective=ge[2021-01-01T00:00:00.000Z..2021-12-31T23:59:59.999Z]"_s;
    }
    void accepts()
    {
        QFETCH(QString, type);
        QFETCH(QString, query);
        QFETCH(QString, expected);
        const auto parsed = m_parser.parse(type, pairs(query));
        QVERIFY2(parsed.hasValue(), qPrintable(parsed.hasValue() ? QString() : parsed.error().diagnostics));
        QCOMPARE(parsed->resourceType, type);
        QCOMPARE(describe(*parsed), expected);
    }

    void rejects_data()
    {
        QTest::addColumn<QString>("type");
        QTest::addColumn<QString>("query");
        QTest::addColumn<int>("status");
        QTest::addColumn<QString>("message");

        const QString eob = u"ExplanationOfBenefit"_s;
        QTest::addRow("rejects an unknown resource type with 404") << u"Claim"_s << u""_s << 404 << u"Claim"_s;
        QTest::addRow("rejects a misspelled resource type with 404") << u"patient"_s << u""_s << 404 << u"patient"_s;
        QTest::addRow("rejects an unknown parameter, naming it") << eob << u"foo=1"_s << 400 << u"'foo'"_s;
        QTest::addRow("rejects a chained parameter") << eob << u"patient.name=Shaw"_s << 400 << u"patient.name"_s;
        QTest::addRow("rejects _has") << u"Patient"_s << u"_has:Observation:patient:code=1"_s << 400 << u"_has"_s;
        QTest::addRow("rejects an empty value") << eob << u"patient="_s << 400 << u"empty"_s;
        QTest::addRow("rejects an empty OR alternative") << eob << u"type=a,,b"_s << 400 << u"empty"_s;
        QTest::addRow("rejects a string modifier on a token") << eob << u"type:exact=x"_s << 400 << u":exact"_s;
        QTest::addRow("rejects a token modifier on a date") << eob << u"service-date:not=2020"_s << 400 << u":not"_s;
        QTest::addRow("rejects :above, which is not supported") << eob << u"type:above=x"_s << 400 << u":above"_s;
        QTest::addRow("rejects :identifier on a reference") << eob << u"patient:identifier=x|1"_s << 400 << u":identifier"_s;
        QTest::addRow("rejects a :Type the parameter cannot point at")
            << eob << u"patient:Group=g1"_s << 400 << u"Group"_s;
        QTest::addRow("rejects a Type/id the parameter cannot point at")
            << eob << u"patient=Organization/o1"_s << 400 << u"Organization"_s;
        QTest::addRow("rejects a reference with an unknown type") << eob << u"patient=Patients/1"_s << 400 << u"Patients/1"_s;
        QTest::addRow("rejects a Type/id value under the :Type modifier")
            << eob << u"provider:Organization=Organization/o1"_s << 400 << u"not a resource id"_s;
        QTest::addRow("rejects :missing with a value other than true or false")
            << eob << u"patient:missing=yes"_s << 400 << u"true or false"_s;
        QTest::addRow("rejects an invalid date") << eob << u"service-date=2020-02-30"_s << 400 << u"2020-02-30"_s;
        QTest::addRow("rejects an unknown date prefix") << eob << u"service-date=xx2020"_s << 400 << u"prefix"_s;
        QTest::addRow("rejects a blank string value") << u"Patient"_s << u"name=  "_s << 400 << u"blank"_s;
        QTest::addRow("rejects a token that is only a bar") << eob << u"identifier=|"_s << 400 << u"neither"_s;
        QTest::addRow("rejects a token with two bars") << eob << u"identifier=a|b|c"_s << 400 << u"more than one"_s;
        QTest::addRow("rejects a negative _count") << eob << u"_count=-1"_s << 400 << u"_count"_s;
        QTest::addRow("rejects a _count that is not a number") << eob << u"_count=ten"_s << 400 << u"_count"_s;
        QTest::addRow("rejects a negative _offset") << eob << u"_offset=-5"_s << 400 << u"_offset"_s;
        QTest::addRow("rejects a _snapshot that is not a number") << eob << u"_snapshot=abc"_s << 400 << u"_snapshot"_s;
        QTest::addRow("rejects sorting by a token") << eob << u"_sort=type"_s << 400 << u"'type'"_s;
        QTest::addRow("rejects sorting by an unknown parameter") << eob << u"_sort=-nope"_s << 400 << u"'-nope'"_s;
        QTest::addRow("rejects an empty sort key") << eob << u"_sort=_id,"_s << 400 << u"''"_s;
        QTest::addRow("rejects an unknown _total") << eob << u"_total=all"_s << 400 << u"_total"_s;
        QTest::addRow("rejects _summary=true as not supported") << eob << u"_summary=true"_s << 400 << u"not supported"_s;
        QTest::addRow("rejects an _elements entry that is not a name") << eob << u"_elements=id,a.b"_s << 400 << u"a.b"_s;
        QTest::addRow("rejects a modifier on _count") << eob << u"_count:exact=5"_s << 400 << u"_count"_s;
        QTest::addRow("rejects an _include from another type without :iterate")
            << eob << u"_include=Coverage:payor"_s << 400 << u":iterate"_s;
        QTest::addRow("rejects an _include of a token parameter")
            << eob << u"_include=ExplanationOfBenefit:type"_s << 400 << u"not a reference parameter"_s;
        QTest::addRow("rejects an _include of an unknown parameter")
            << eob << u"_include=ExplanationOfBenefit:nope"_s << 400 << u"not a reference parameter"_s;
        QTest::addRow("rejects an _include without a parameter") << eob << u"_include=ExplanationOfBenefit"_s << 400
                                                                  << u"Type:parameter"_s;
        QTest::addRow("rejects an _include target type the parameter cannot point at")
            << eob << u"_include=ExplanationOfBenefit:patient:Organization"_s << 400 << u"cannot point at"_s;
        QTest::addRow("rejects an _include of an unknown source type")
            << eob << u"_include:iterate=Claim:patient"_s << 400 << u"unknown resource type"_s;
        QTest::addRow("rejects an _include modifier other than :iterate")
            << eob << u"_include:recurse=ExplanationOfBenefit:patient"_s << 400 << u":iterate"_s;
        QTest::addRow("rejects a _revinclude whose parameter never points at the searched type")
            << u"Patient"_s << u"_revinclude=ExplanationOfBenefit:insurer"_s << 400 << u"never points at Patient"_s;
        QTest::addRow("rejects an unknown parameter after a valid one")
            << eob << u"_id:missing=true&foo:bar=1"_s << 400 << u"foo"_s;
    }
    void rejects()
    {
        QFETCH(QString, type);
        QFETCH(QString, query);
        QFETCH(int, status);
        QFETCH(QString, message);
        const auto parsed = m_parser.parse(type, pairs(query));
        QVERIFY2(!parsed.hasValue(), qPrintable(parsed.hasValue() ? describe(*parsed) : QString()));
        QCOMPARE(parsed.error().httpStatus, status);
        QVERIFY2(parsed.error().diagnostics.contains(message), qPrintable(parsed.error().diagnostics));
    }

    void lenientSkipsUnknownParametersOnly()
    {
        const auto parsed = m_parser.parse(u"Patient"_s, pairs(u"foo=1&gender=female&_has:x=1"_s), true);
        QVERIFY(parsed.hasValue());
        QCOMPARE(describe(*parsed), u"gender=female & ignored foo,_has:x"_s);
        const auto bad = m_parser.parse(u"Patient"_s, pairs(u"foo=1&birthdate=1987-02-30"_s), true);
        QVERIFY(!bad.hasValue());
        QCOMPARE(bad.error().httpStatus, 400);
        QCOMPARE(bad.error().expression, u"birthdate"_s);
    }
};

QTEST_GUILESS_MAIN(TestSearchQueryParser)
#include "TestSearchQueryParser.moc"
