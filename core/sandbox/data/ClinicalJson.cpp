#include "sandbox/data/ClinicalJson.h"

namespace paw::sandbox {

namespace {

using Value = ClinicalJson::Value;

constexpr std::string_view kUcum = "http://unitsofmeasure.org";
constexpr std::string_view kActCode = "http://terminology.hl7.org/CodeSystem/v3-ActCode";

// The sensitivity codes DESIGN.md §3 names, with their ActCode displays.
std::string_view sensitivityDisplay(const QString &code)
{
    if (code == u"ETH")
        return "substance abuse information sensitivity";
    if (code == u"PSY")
        return "psychiatry information sensitivity";
    if (code == u"HIV")
        return "HIV/AIDS information sensitivity";
    if (code == u"SEX")
        return "sexuality and reproductive health information sensitivity";
    if (code == u"GDIS")
        return "genetic disease information sensitivity";
    return {};
}

bool isEmpty(const QString &text)
{
    return text.isEmpty();
}

bool isEmpty(std::string_view text)
{
    return text.empty();
}

// Code (text copied) and FixedCode (text referenced) alike.
template<typename AnyCode>
Value codingOf(JsonBuilder &json, const AnyCode &code)
{
    Value coding = json.object("system", code.system, "code", code.code);
    if (!isEmpty(code.display))
        json.add(coding, "display", code.display);
    return coding;
}

template<typename AnyCode>
Value codeableOf(JsonBuilder &json, const AnyCode &first, const AnyCode &second)
{
    Value codings = json.array();
    if (!isEmpty(first.code))
        json.append(codings, codingOf(json, first));
    if (!isEmpty(second.code))
        json.append(codings, codingOf(json, second));
    Value object = json.object("coding", codings);
    const auto &text = isEmpty(first.code) ? second.display : first.display;
    if (!isEmpty(text))
        json.add(object, "text", text);
    return object;
}

template<typename Unit>
Value quantityOf(JsonBuilder &json, double value, const Unit &ucum)
{
    return json.object("value", value, "unit", ucum, "system", kUcum, "code", ucum);
}

} // namespace

Value ClinicalJson::coding(JsonBuilder &json, const Code &code)
{
    return codingOf(json, code);
}

Value ClinicalJson::coding(JsonBuilder &json, const FixedCode &code)
{
    return codingOf(json, code);
}

Value ClinicalJson::codeable(JsonBuilder &json, const Code &first, const Code &second)
{
    return codeableOf(json, first, second);
}

Value ClinicalJson::codeable(JsonBuilder &json, const FixedCode &first, const FixedCode &second)
{
    return codeableOf(json, first, second);
}

Value ClinicalJson::codeables(JsonBuilder &json, const Code &first, const Code &second)
{
    return json.array(codeable(json, first, second));
}

Value ClinicalJson::codeables(JsonBuilder &json, const FixedCode &first, const FixedCode &second)
{
    return json.array(codeable(json, first, second));
}

Value ClinicalJson::reference(JsonBuilder &json, std::string_view type, const QString &id, const QString &display)
{
    Value object = json.object("reference", QString(QLatin1StringView(type.data(), qsizetype(type.size())) + u'/' + id));
    if (!display.isEmpty())
        json.add(object, "display", display);
    return object;
}

Value ClinicalJson::reference(JsonBuilder &json, const QString &typeAndId)
{
    return json.object("reference", typeAndId);
}

Value ClinicalJson::period(JsonBuilder &json, const QString &start, const QString &end)
{
    return json.object("start", start, "end", end);
}

Value ClinicalJson::quantity(JsonBuilder &json, double value, std::string_view ucum)
{
    return quantityOf(json, value, ucum);
}

Value ClinicalJson::quantity(JsonBuilder &json, double value, const QString &ucum)
{
    return quantityOf(json, value, ucum);
}

Value ClinicalJson::meta(JsonBuilder &json, std::string_view profile, const QStringList &sensitivities)
{
    Value object = json.object();
    if (!profile.empty())
        json.add(object, "profile", json.array(profile));
    if (!sensitivities.isEmpty()) {
        Value labels = json.array();
        for (const QString &code : sensitivities)
            json.append(labels, json.object("system", kActCode, "code", code, "display", sensitivityDisplay(code)));
        json.add(object, "security", labels);
    }
    return object;
}

Value ClinicalJson::visitResult(JsonBuilder &json, std::string_view type, const QString &id, std::string_view profile,
                               const EncounterContext &context, Value &&category, Value &&code)
{
    return json.object("resourceType", type,
                       "id", id,
                       "meta", meta(json, profile, context.sensitivities),
                       "status", "final",
                       "category", category,
                       "code", code,
                       "subject", reference(json, context.subject),
                       "encounter", reference(json, context.encounter));
}

QByteArray ClinicalJson::text(JsonBuilder &json, Value &&resource)
{
    QByteArray text = JsonBuilder::text(resource);
    json.clear();
    return text;
}

QString ClinicalJson::date(QDate date)
{
    // QDate::toString goes through printf-style formatting; this runs for every record.
    const int year = date.year();
    const int month = date.month();
    const int day = date.day();
    if (year < 1000 || year > 9999)
        return date.toString(Qt::ISODate);
    const QChar text[10] = {QChar(u'0' + year / 1000), QChar(u'0' + year / 100 % 10), QChar(u'0' + year / 10 % 10),
                            QChar(u'0' + year % 10),   QChar(u'-'),                  QChar(u'0' + month / 10),
                            QChar(u'0' + month % 10),  QChar(u'-'),                  QChar(u'0' + day / 10),
                            QChar(u'0' + day % 10)};
    return QString(text, 10);
}

QString ClinicalJson::dateTime(QDate date, int minutes)
{
    const int hour = (minutes / 60) % 24;
    const int minute = minutes % 60;
    return QString(ClinicalJson::date(date) + u'T' + QString::number(hour).rightJustified(2, u'0') + u':'
                   + QString::number(minute).rightJustified(2, u'0') + u":00Z");
}

} // namespace paw::sandbox
