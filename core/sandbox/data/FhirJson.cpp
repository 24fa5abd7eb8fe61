#include "sandbox/data/FhirJson.h"

using namespace Qt::StringLiterals;

namespace paw::sandbox {

namespace {

// The sensitivity codes DESIGN.md §3 names, with their ActCode displays.
QString sensitivityDisplay(const QString &code)
{
    if (code == u"ETH")
        return u"substance abuse information sensitivity"_s;
    if (code == u"PSY")
        return u"psychiatry information sensitivity"_s;
    if (code == u"HIV")
        return u"HIV/AIDS information sensitivity"_s;
    if (code == u"SEX")
        return u"sexuality and reproductive health information sensitivity"_s;
    if (code == u"GDIS")
        return u"genetic disease information sensitivity"_s;
    return {};
}

} // namespace

QJsonObject FhirJson::coding(const Code &code)
{
    QJsonObject object{{u"system"_s, code.system}, {u"code"_s, code.code}};
    if (!code.display.isEmpty())
        object.insert(u"display"_s, code.display);
    return object;
}

QJsonObject FhirJson::codeable(const Code &first, const Code &second)
{
    QJsonArray codings;
    if (!first.isEmpty())
        codings.append(coding(first));
    if (!second.isEmpty())
        codings.append(coding(second));
    QJsonObject object{{u"coding"_s, codings}};
    const QString text = first.isEmpty() ? second.display : first.display;
    if (!text.isEmpty())
        object.insert(u"text"_s, text);
    return object;
}

QJsonArray FhirJson::codeables(const Code &first, const Code &second)
{
    return QJsonArray{codeable(first, second)};
}

QJsonObject FhirJson::reference(const QString &type, const QString &id)
{
    return QJsonObject{{u"reference"_s, QString(type + u'/' + id)}};
}

QJsonObject FhirJson::reference(const QString &type, const QString &id, const QString &display)
{
    QJsonObject object = reference(type, id);
    if (!display.isEmpty())
        object.insert(u"display"_s, display);
    return object;
}

QJsonObject FhirJson::quantity(double value, const QString &ucum)
{
    return QJsonObject{{u"value"_s, value},
                       {u"unit"_s, ucum},
                       {u"system"_s, u"http://unitsofmeasure.org"_s},
                       {u"code"_s, ucum}};
}

QJsonObject FhirJson::meta(const QString &profile, const QStringList &sensitivities)
{
    QJsonObject object;
    if (!profile.isEmpty())
        object.insert(u"profile"_s, QJsonArray{profile});
    if (!sensitivities.isEmpty()) {
        QJsonArray labels;
        for (const QString &code : sensitivities)
            labels.append(QJsonObject{{u"system"_s, u"http://terminology.hl7.org/CodeSystem/v3-ActCode"_s},
                                      {u"code"_s, code},
                                      {u"display"_s, sensitivityDisplay(code)}});
        object.insert(u"security"_s, labels);
    }
    return object;
}

QString FhirJson::date(QDate date)
{
    return date.toString(Qt::ISODate);
}

QString FhirJson::dateTime(QDate date, int minutes)
{
    const int hour = (minutes / 60) % 24;
    const int minute = minutes % 60;
    return QString(date.toString(Qt::ISODate) + u'T' + QString::number(hour).rightJustified(2, u'0') + u':'
                   + QString::number(minute).rightJustified(2, u'0') + u":00Z");
}

} // namespace paw::sandbox
