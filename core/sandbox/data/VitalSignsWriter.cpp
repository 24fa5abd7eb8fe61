#include "sandbox/data/VitalSignsWriter.h"

#include "sandbox/data/ClinicalJson.h"

#include <cmath>

namespace paw::sandbox {

namespace {

using Value = JsonBuilder::Value;
using FixedCode = ClinicalJson::FixedCode;

constexpr std::string_view kLoinc = "http://loinc.org";

double rounded(double value, int decimals)
{
    const double scale = std::pow(10.0, decimals);
    return std::round(value * scale) / scale;
}

} // namespace

// One kind of vital sign: its id suffix, profile and code (or codes).
struct VitalSignsWriter::Kind
{
    QStringView suffix;
    std::string_view profile;
    FixedCode code;
    FixedCode second = {};
};

VitalSignsWriter::VitalSignsWriter(const Member &member, quint64 seed)
    : m_gender(member.gender)
{
    SandboxRandom random = SandboxRandom::stream(seed, u"clinical-build", quint64(member.index));
    m_adultHeightCm = member.gender == u"female" ? random.between(152, 176) : random.between(163, 191);
    m_adultBmi = random.between(190, 340) / 10.0;
}

Value VitalSignsWriter::observation(JsonBuilder &json, const EncounterContext &context, const Kind &kind)
{
    static constexpr FixedCode vitalSigns{"http://terminology.hl7.org/CodeSystem/observation-category", "vital-signs",
                                          "Vital Signs"};
    QString id = context.event->id;
    id += u"-vs-";
    id += kind.suffix;
    Value observation = ClinicalJson::visitResult(json, "Observation", id, kind.profile, context,
                                                  ClinicalJson::codeables(json, vitalSigns),
                                                  ClinicalJson::codeable(json, kind.code, kind.second));
    json.add(observation, "effectiveDateTime", context.start);
    return observation;
}

QList<QByteArray> VitalSignsWriter::write(JsonBuilder &json, const EncounterContext &context, Set set,
                                          SandboxRandom &random) const
{
    // Children grow toward their adult height; the ratio is rough but monotonic in age.
    const int age = context.ageYears;
    const double heightCm = age >= 18 ? m_adultHeightCm : m_adultHeightCm * (0.45 + 0.55 * std::min(age, 17) / 17.0);
    const double bmi = age >= 18 ? m_adultBmi : 15.5 + age * 0.25 + (m_adultBmi - 24) / 4;
    const double weightKg = rounded(bmi * (heightCm / 100) * (heightCm / 100) * (random.between(97, 103) / 100.0), 1);
    const double height = rounded(heightCm, 1);

    static constexpr Kind bpKind{u"bp", "http://hl7.org/fhir/StructureDefinition/bp|4.0.1",
                                 {kLoinc, "85354-9", "Blood pressure panel with all children optional"}};
    static constexpr Kind hrKind{u"hr", "http://hl7.org/fhir/StructureDefinition/heartrate|4.0.1",
                                 {kLoinc, "8867-4", "Heart rate"}};
    static constexpr Kind weightKind{u"weight", "http://hl7.org/fhir/StructureDefinition/bodyweight|4.0.1",
                                     {kLoinc, "29463-7", "Body weight"}};
    static constexpr Kind heightKind{u"height", "http://hl7.org/fhir/StructureDefinition/bodyheight|4.0.1",
                                     {kLoinc, "8302-2", "Body height"}};
    static constexpr Kind bmiKind{u"bmi", "http://hl7.org/fhir/StructureDefinition/bmi|4.0.1",
                                  {kLoinc, "39156-5", "Body mass index (BMI) [Ratio]"}};
    static constexpr Kind tempKind{u"temp", "http://hl7.org/fhir/StructureDefinition/bodytemp|4.0.1",
                                   {kLoinc, "8310-5", "Body temperature"}};
    static constexpr Kind rrKind{u"rr", "http://hl7.org/fhir/StructureDefinition/resprate|4.0.1",
                                 {kLoinc, "9279-1", "Respiratory rate"}};
    // US Core 3.1.1 has its own pulse oximetry profile: both codes, the pulse oximetry one and
    // the base vital-signs oxygen saturation one.
    static constexpr Kind spo2Kind{u"spo2", "http://hl7.org/fhir/us/core/StructureDefinition/us-core-pulse-oximetry|3.1.1",
                                   {kLoinc, "59408-5", "Oxygen saturation in Arterial blood by Pulse oximetry"},
                                   {kLoinc, "2708-6", "Oxygen saturation in Arterial blood"}};
    static constexpr FixedCode systolicCode{kLoinc, "8480-6", "Systolic blood pressure"};
    static constexpr FixedCode diastolicCode{kLoinc, "8462-4", "Diastolic blood pressure"};

    static constexpr std::string_view mmHg = "mm[Hg]";

    QList<QByteArray> out;
    out.reserve(8);

    const int systolic = age < 13 ? random.between(95, 118) : random.between(104, 148);
    const int diastolic = std::min(systolic - 30, age < 13 ? random.between(55, 75) : random.between(62, 94));
    Value bp = observation(json, context, bpKind);
    json.add(bp, "component",
             json.array(json.object("code", ClinicalJson::codeable(json, systolicCode),
                                    "valueQuantity", ClinicalJson::quantity(json, systolic, mmHg)),
                        json.object("code", ClinicalJson::codeable(json, diastolicCode),
                                    "valueQuantity", ClinicalJson::quantity(json, diastolic, mmHg))));
    out.append(ClinicalJson::text(json, std::move(bp)));

    const auto single = [&](const Kind &kind, double value, std::string_view ucum) {
        Value o = observation(json, context, kind);
        json.add(o, "valueQuantity", ClinicalJson::quantity(json, value, ucum));
        out.append(ClinicalJson::text(json, std::move(o)));
    };
    single(hrKind, age < 13 ? random.between(75, 115) : random.between(56, 96), "/min");
    single(weightKind, weightKg, "kg");
    single(heightKind, height, "cm");
    single(bmiKind, rounded(weightKg / ((height / 100) * (height / 100)), 1), "kg/m2");
    if (set == Set::CheckUp)
        return out;

    single(tempKind, random.between(361, 377) / 10.0, "Cel");
    single(rrKind, age < 13 ? random.between(18, 26) : random.between(12, 20), "/min");
    single(spo2Kind, random.between(94, 100), "%");
    return out;
}

} // namespace paw::sandbox
