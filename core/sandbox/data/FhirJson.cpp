#include "sandbox/data/FhirJson.h"

#include "sandbox/data/CodeSystems.h"

#include <QHash>

namespace paw::sandbox {

QJsonObject FhirJson::coding(const QString &system, const QString &code, const QString &display)
{
    QJsonObject c{{QStringLiteral("system"), system}, {QStringLiteral("code"), code}};
    if (!display.isEmpty())
        c.insert(QStringLiteral("display"), display);
    return c;
}

QJsonObject FhirJson::codeable(const QString &system, const QString &code, const QString &display)
{
    // Claims repeat the same few hundred concepts thousands of times: building each once per
    // thread and sharing it (Qt JSON containers are implicitly shared) makes generation several
    // times faster than building three containers per use.
    thread_local QHash<QString, QJsonObject> cache;
    const QString key = system + u'|' + code + u'|' + display;
    if (const auto found = cache.constFind(key); found != cache.constEnd())
        return *found;
    const QJsonObject built{{QStringLiteral("coding"), QJsonArray{coding(system, code, display)}}};
    if (cache.size() < 20000)
        cache.insert(key, built);
    return built;
}

QJsonObject FhirJson::reference(const QString &type, const QString &id, const QString &display)
{
    QJsonObject r{{QStringLiteral("reference"), QString(type + u'/' + id)}};
    if (!display.isEmpty())
        r.insert(QStringLiteral("display"), display);
    return r;
}

QJsonObject FhirJson::money(qint64 cents)
{
    return {{QStringLiteral("value"), double(cents) / 100.0}, {QStringLiteral("currency"), QStringLiteral("USD")}};
}

QJsonObject FhirJson::identifier(const QJsonObject &type, const QString &system, const QString &value)
{
    QJsonObject i{{QStringLiteral("type"), type}};
    if (!system.isEmpty())
        i.insert(QStringLiteral("system"), system);
    i.insert(QStringLiteral("value"), value);
    return i;
}

QJsonObject FhirJson::meta(const QString &profile, const QString &lastUpdated, const Sensitivity &sensitivity)
{
    QJsonObject m{{QStringLiteral("lastUpdated"), lastUpdated}, {QStringLiteral("profile"), QJsonArray{profile}}};
    if (!sensitivity.isEmpty()) {
        static const QHash<QString, QString> displays{
            {QStringLiteral("ETH"), QStringLiteral("substance abuse information sensitivity")},
            {QStringLiteral("PSY"), QStringLiteral("psychiatry disorder information sensitivity")},
            {QStringLiteral("HIV"), QStringLiteral("HIV/AIDS information sensitivity")},
            {QStringLiteral("SEX"), QStringLiteral("sexuality and reproductive health information sensitivity")},
            {QStringLiteral("GDIS"), QStringLiteral("genetic disease information sensitivity")},
        };
        m.insert(QStringLiteral("security"),
                 QJsonArray{coding(CodeSystems::actCode, sensitivity, displays.value(sensitivity))});
    }
    return m;
}

QString FhirJson::instant(QDate day, int hour)
{
    return day.toString(Qt::ISODate) + u'T' + QString::number(hour).rightJustified(2, u'0') + QStringLiteral(":00:00Z");
}

} // namespace paw::sandbox
