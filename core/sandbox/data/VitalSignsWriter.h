#pragma once

#include "sandbox/data/EncounterContext.h"
#include "sandbox/data/JsonBuilder.h"
#include "sandbox/data/MemberStory.h"
#include "sandbox/data/SandboxRandom.h"

#include <QByteArray>
#include <QList>

namespace paw::sandbox {

/// Writes vital-sign Observations with the base FHIR vital-signs profiles US Core 3.1.1 requires
/// (blood pressure panel, heart rate, body weight and height, BMI, temperature, respiratory rate)
/// and US Core 3.1.1 pulse oximetry, each as compact JSON text. The member's build is fixed once
/// (adult height, a BMI), so weights, heights and BMIs agree with each other from visit to visit.
class VitalSignsWriter
{
public:
    enum class Set {
        CheckUp, // blood pressure, heart rate, body weight and height, BMI (a yearly check-up)
        Full,    // + temperature, respiratory rate, pulse oximetry (a hospital stay)
    };

    VitalSignsWriter(const Member &member, quint64 seed);

    QList<QByteArray> write(JsonBuilder &json, const EncounterContext &context, Set set, SandboxRandom &random) const;

private:
    struct Kind;
    static JsonBuilder::Value observation(JsonBuilder &json, const EncounterContext &context, const Kind &kind);

    QString m_gender;
    double m_adultHeightCm = 170;
    double m_adultBmi = 24;
};

} // namespace paw::sandbox
