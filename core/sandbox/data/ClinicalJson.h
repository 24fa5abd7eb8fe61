#pragma once

#include "sandbox/data/EncounterContext.h"
#include "sandbox/data/JsonBuilder.h"
#include "sandbox/data/MemberStory.h"

#include <QByteArray>
#include <QDate>
#include <QString>
#include <QStringList>

#include <string_view>

namespace paw::sandbox {

/// Small builders for the FHIR JSON data types the clinical generators write, so each resource
/// reads as its elements rather than as JSON plumbing. Every element is written in the order the
/// FHIR specification lists it (Coding: system, code, display; Quantity: value, unit, system,
/// code; ...), as the store keeps the order it is given.
class ClinicalJson
{
public:
    using Value = JsonBuilder::Value;

    /// A code spelled in the source: the builder references its text instead of copying it.
    struct FixedCode
    {
        std::string_view system;
        std::string_view code;
        std::string_view display;
    };

    static Value coding(JsonBuilder &json, const Code &code);
    static Value coding(JsonBuilder &json, const FixedCode &code);
    /// A CodeableConcept of the non-empty codes, its text the first code's display.
    static Value codeable(JsonBuilder &json, const Code &first, const Code &second = {});
    static Value codeable(JsonBuilder &json, const FixedCode &first, const FixedCode &second = {});
    /// An array of the one CodeableConcept.
    static Value codeables(JsonBuilder &json, const Code &first, const Code &second = {});
    static Value codeables(JsonBuilder &json, const FixedCode &first, const FixedCode &second = {});

    /// A Reference to "<type>/<id>", with the display when there is one.
    static Value reference(JsonBuilder &json, std::string_view type, const QString &id, const QString &display = {});
    /// A Reference to a "<type>/<id>" spelled already (EncounterContext keeps those of a visit).
    static Value reference(JsonBuilder &json, const QString &typeAndId);
    static Value period(JsonBuilder &json, const QString &start, const QString &end);
    /// A UCUM Quantity: the unit shown is the UCUM code.
    static Value quantity(JsonBuilder &json, double value, std::string_view ucum);
    static Value quantity(JsonBuilder &json, double value, const QString &ucum);
    /// meta.profile with the one profile (none when empty), and meta.security with the sensitivity
    /// labels (HL7 v3 ActCode) when there are any.
    static Value meta(JsonBuilder &json, std::string_view profile, const QStringList &sensitivities);
    /// How an Observation or DiagnosticReport made at a visit begins: resourceType, id, meta (the
    /// profile and the visit's labels), status final, category, code, subject and encounter.
    static Value visitResult(JsonBuilder &json, std::string_view type, const QString &id, std::string_view profile,
                             const EncounterContext &context, Value &&category, Value &&code);

    /// The resource's compact JSON text. Then clears the builder: the generators build and write
    /// one resource at a time, so its pool stays small.
    static QByteArray text(JsonBuilder &json, Value &&resource);

    static QString date(QDate date);
    /// A dateTime at `minutes` after midnight UTC on `date`.
    static QString dateTime(QDate date, int minutes);
};

} // namespace paw::sandbox
