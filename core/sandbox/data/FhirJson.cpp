#include "sandbox/data/FhirJson.h"

#include "sandbox/data/CodeSystems.h"

#include <QHash>

namespace paw::sandbox {

FhirJson::Value FhirJson::reference(std::string_view type, const QString &id)
{
    return object("reference", QString(QLatin1StringView(type.data(), qsizetype(type.size())) + u'/' + id));
}

FhirJson::Value FhirJson::reference(std::string_view type, const QString &id, const QString &display)
{
    Value r = reference(type, id);
    if (!display.isEmpty())
        add(r, "display", display);
    return r;
}

FhirJson::Value FhirJson::money(qint64 cents)
{
    return object("value", double(cents) / 100.0, "currency", "USD");
}

FhirJson::Value FhirJson::meta(const QString &profile, const QString &lastUpdated, const Sensitivity &sensitivity)
{
    Value m = object("lastUpdated", lastUpdated, "profile", array(profile));
    if (!sensitivity.isEmpty()) {
        static const QHash<QString, QString> displays{
            {QStringLiteral("ETH"), QStringLiteral("substance abuse information sensitivity")},
            {QStringLiteral("PSY"), QStringLiteral("psychiatry disorder information sensitivity")},
            {QStringLiteral("HIV"), QStringLiteral("HIV/AIDS information sensitivity")},
            {QStringLiteral("SEX"), QStringLiteral("sexuality and reproductive health information sensitivity")},
            {QStringLiteral("GDIS"), QStringLiteral("genetic disease information sensitivity")},
        };
        add(m, "security", array(coding(CodeSystems::actCode, sensitivity, displays.value(sensitivity))));
    }
    return m;
}

QString FhirJson::instant(QDate day, int hour)
{
    return day.toString(Qt::ISODate) + u'T' + QString::number(hour).rightJustified(2, u'0') + QStringLiteral(":00:00Z");
}

} // namespace paw::sandbox
