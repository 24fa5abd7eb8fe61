#include "sandbox/data/ClinicalJson.h"

#include <QHash>

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

QJsonObject ClinicalJson::coding(const Code &code)
{
    QJsonObject object{{u"system"_s, code.system}, {u"code"_s, code.code}};
    if (!code.display.isEmpty())
        object.insert(u"display"_s, code.display);
    return object;
}

QJsonObject ClinicalJson::codeable(const Code &first, const Code &second)
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

QJsonArray ClinicalJson::codeables(const Code &first, const Code &second)
{
    return QJsonArray{codeable(first, second)};
}

QJsonObject ClinicalJson::reference(const QString &type, const QString &id)
{
    return QJsonObject{{u"reference"_s, QString(type + u'/' + id)}};
}

QJsonObject ClinicalJson::reference(const QString &type, const QString &id, const QString &display)
{
    QJsonObject object = reference(type, id);
    if (!display.isEmpty())
        object.insert(u"display"_s, display);
    return object;
}

QJsonObject ClinicalJson::quantity(double value, const QString &ucum)
{
    // The units the generators use, built once: copying one and setting the value is much
    // cheaper than inserting three strings (read-only after the first call, so thread-safe).
    static const QHash<QString, QJsonObject> units = [] {
        QHash<QString, QJsonObject> out;
        for (const QString &unit : {u"mm[Hg]"_s, u"/min"_s, u"kg"_s, u"cm"_s, u"kg/m2"_s, u"Cel"_s, u"%"_s, u"mg/dL"_s,
                                    u"mmol/L"_s, u"10*3/uL"_s, u"10*6/uL"_s, u"g/dL"_s, u"m[IU]/L"_s})
            out.insert(unit, QJsonObject{{u"unit"_s, unit}, {u"system"_s, u"http://unitsofmeasure.org"_s}, {u"code"_s, unit}});
        return out;
    }();
    const auto cached = units.constFind(ucum);
    if (cached != units.cend()) {
        QJsonObject object = *cached;
        object.insert(u"value"_s, value);
        return object;
    }
    return QJsonObject{{u"value"_s, value},
                       {u"unit"_s, ucum},
                       {u"system"_s, u"http://unitsofmeasure.org"_s},
                       {u"code"_s, ucum}};
}

QJsonObject ClinicalJson::meta(const QString &profile, const QStringList &sensitivities)
{
    QJsonObject object;
    if (!profile.isEmpty())
        object.insert(u"profile"_s, QJsonArray{profile});
    return labelled(object, sensitivities);
}

QJsonObject ClinicalJson::labelled(QJsonObject object, const QStringList &sensitivities)
{
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
