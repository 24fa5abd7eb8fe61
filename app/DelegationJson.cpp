#include "DelegationJson.h"

namespace paw::app {

namespace {

QJsonValue dateValue(QDate date)
{
    return date.isValid() ? QJsonValue(date.toString(Qt::ISODate)) : QJsonValue(QJsonValue::Null);
}

} // namespace

QJsonObject delegationJson(const auth::Delegation &d, QDate today)
{
    return QJsonObject{{QStringLiteral("patient"), d.patientId},
                       {QStringLiteral("relationship"), d.relationship},
                       {QStringLiteral("relatedPerson"), d.relatedPersonId},
                       {QStringLiteral("status"), auth::Delegation::statusName(d.status)},
                       {QStringLiteral("validFrom"), dateValue(d.validFrom)},
                       {QStringLiteral("validTo"), dateValue(d.validTo)},
                       {QStringLiteral("ceiling"), d.ceiling.isEmpty() ? QJsonValue(QJsonValue::Null) : QJsonValue(d.ceiling)},
                       {QStringLiteral("activeToday"), d.allows(today)}};
}

} // namespace paw::app
