#pragma once

#include "sandbox/data/MemberStory.h"

#include <QDate>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>

namespace paw::sandbox {

/// Small builders for the FHIR JSON shapes the generators repeat (Coding, CodeableConcept,
/// Reference, Money, Identifier, meta), so each resource reads as its structure.
class FhirJson
{
public:
    static QJsonObject coding(const QString &system, const QString &code, const QString &display = {});
    static QJsonObject coding(const Code &code) { return coding(code.system, code.code, code.display); }
    static QJsonObject codeable(const QString &system, const QString &code, const QString &display = {});
    static QJsonObject codeable(const Code &code) { return codeable(code.system, code.code, code.display); }
    static QJsonObject reference(const QString &type, const QString &id, const QString &display = {});
    /// US dollars from cents, exact to the cent.
    static QJsonObject money(qint64 cents);
    static QJsonObject identifier(const QJsonObject &type, const QString &system, const QString &value);
    /// meta with the versioned profile, lastUpdated, and the sensitivity label when there is one.
    static QJsonObject meta(const QString &profile, const QString &lastUpdated, const Sensitivity &sensitivity = {});
    static QString instant(QDate day, int hour = 12);
    static QString date(QDate day) { return day.toString(Qt::ISODate); }
};

} // namespace paw::sandbox
