#pragma once

#include "sandbox/data/MemberStory.h"

#include <QDate>
#include <QJsonArray>
#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace paw::sandbox {

/// Small builders for the FHIR JSON data types the sandbox generators write, so each resource
/// reads as its fields rather than as QJsonObject plumbing.
class ClinicalJson
{
public:
    static QJsonObject coding(const Code &code);
    /// A CodeableConcept of the non-empty codes, its text the first code's display.
    static QJsonObject codeable(const Code &first, const Code &second = {});
    static QJsonArray codeables(const Code &first, const Code &second = {});
    static QJsonObject reference(const QString &type, const QString &id);
    static QJsonObject reference(const QString &type, const QString &id, const QString &display);
    /// A UCUM Quantity: the unit shown is the UCUM code.
    static QJsonObject quantity(double value, const QString &ucum);
    /// meta.profile with the one profile, and meta.security with the sensitivity labels (HL7 v3
    /// ActCode) when there are any.
    static QJsonObject meta(const QString &profile, const QStringList &sensitivities);
    /// `meta` (built once by the caller) with the sensitivity labels added when there are any.
    static QJsonObject labelled(QJsonObject meta, const QStringList &sensitivities);
    static QString date(QDate date);
    /// A dateTime at `minutes` after midnight UTC on `date`.
    static QString dateTime(QDate date, int minutes);
};

} // namespace paw::sandbox
