#include "sandbox/data/VitalSignsWriter.h"

#include "sandbox/data/ClinicalJson.h"

#include <QJsonArray>
#include <cmath>

using namespace Qt::StringLiterals;

namespace paw::sandbox {

namespace {

Code loinc(const QString &code, const QString &display)
{
    return Code{u"http://loinc.org"_s, code, display};
}

double rounded(double value, int decimals)
{
    const double scale = std::pow(10.0, decimals);
    return std::round(value * scale) / scale;
}

} // namespace

// One kind of vital sign: what its Observations share, built once (this runs per visit).
struct VitalSignsWriter::Kind
{
    QString suffix;
    QJsonObject meta;
    QJsonObject base; // the members every Observation of this kind has, with the same values

    Kind(const QString &suffix, const QString &profile, const Code &code, const Code &second = {})
        : suffix(suffix)
        , meta(ClinicalJson::meta(profile.contains(u'/') ? profile
                                                     : QString(u"http://hl7.org/fhir/StructureDefinition/" + profile + u"|4.0.1"),
                              {}))
    {
        base = QJsonObject{
            {u"resourceType"_s, u"Observation"_s},
            {u"meta"_s, meta},
            {u"status"_s, u"final"_s},
            {u"category"_s, QJsonArray{ClinicalJson::codeable(Code{u"http://terminology.hl7.org/CodeSystem/observation-category"_s,
                                                               u"vital-signs"_s, u"Vital Signs"_s})}},
            {u"code"_s, ClinicalJson::codeable(code, second)},
        };
    }
};

VitalSignsWriter::VitalSignsWriter(const Member &member, quint64 seed)
    : m_gender(member.gender)
{
    SandboxRandom random = SandboxRandom::stream(seed, u"clinical-build", quint64(member.index));
    m_adultHeightCm = member.gender == u"female" ? random.between(152, 176) : random.between(163, 191);
    m_adultBmi = random.between(190, 340) / 10.0;
}

QJsonObject VitalSignsWriter::observation(const EncounterContext &context, const Kind &kind)
{
    // Copying the shared part and adding the rest is several times cheaper than building it all.
    QJsonObject observation = kind.base;
    observation.insert(u"id"_s, QString(context.event->id + u"-vs-" + kind.suffix));
    if (!context.sensitivities.isEmpty())
        observation.insert(u"meta"_s, ClinicalJson::labelled(kind.meta, context.sensitivities));
    observation.insert(u"subject"_s, context.subject);
    observation.insert(u"encounter"_s, context.encounter);
    observation.insert(u"effectiveDateTime"_s, context.start);
    return observation;
}

QList<QJsonObject> VitalSignsWriter::write(const EncounterContext &context, Set set, SandboxRandom &random) const
{
    // Children grow toward their adult height; the ratio is rough but monotonic in age.
    const int age = context.ageYears;
    const double heightCm = age >= 18 ? m_adultHeightCm : m_adultHeightCm * (0.45 + 0.55 * std::min(age, 17) / 17.0);
    const double bmi = age >= 18 ? m_adultBmi : 15.5 + age * 0.25 + (m_adultBmi - 24) / 4;
    const double weightKg = rounded(bmi * (heightCm / 100) * (heightCm / 100) * (random.between(97, 103) / 100.0), 1);
    const double height = rounded(heightCm, 1);

    static const Kind bpKind(u"bp"_s, u"bp"_s, loinc(u"85354-9"_s, u"Blood pressure panel with all children optional"_s));
    static const Kind hrKind(u"hr"_s, u"heartrate"_s, loinc(u"8867-4"_s, u"Heart rate"_s));
    static const Kind weightKind(u"weight"_s, u"bodyweight"_s, loinc(u"29463-7"_s, u"Body weight"_s));
    static const Kind heightKind(u"height"_s, u"bodyheight"_s, loinc(u"8302-2"_s, u"Body height"_s));
    static const Kind bmiKind(u"bmi"_s, u"bmi"_s, loinc(u"39156-5"_s, u"Body mass index (BMI) [Ratio]"_s));
    static const Kind tempKind(u"temp"_s, u"bodytemp"_s, loinc(u"8310-5"_s, u"Body temperature"_s));
    static const Kind rrKind(u"rr"_s, u"resprate"_s, loinc(u"9279-1"_s, u"Respiratory rate"_s));
    // US Core 3.1.1 has its own pulse oximetry profile: both codes, the pulse oximetry one and
    // the base vital-signs oxygen saturation one.
    static const Kind spo2Kind(u"spo2"_s, u"http://hl7.org/fhir/us/core/StructureDefinition/us-core-pulse-oximetry|3.1.1"_s,
                               loinc(u"59408-5"_s, u"Oxygen saturation in Arterial blood by Pulse oximetry"_s),
                               loinc(u"2708-6"_s, u"Oxygen saturation in Arterial blood"_s));
    static const QJsonObject systolicCode = ClinicalJson::codeable(loinc(u"8480-6"_s, u"Systolic blood pressure"_s));
    static const QJsonObject diastolicCode = ClinicalJson::codeable(loinc(u"8462-4"_s, u"Diastolic blood pressure"_s));

    QList<QJsonObject> out;
    out.reserve(8);

    const int systolic = age < 13 ? random.between(95, 118) : random.between(104, 148);
    const int diastolic = std::min(systolic - 30, age < 13 ? random.between(55, 75) : random.between(62, 94));
    QJsonObject bp = observation(context, bpKind);
    bp.insert(u"component"_s,
              QJsonArray{QJsonObject{{u"code"_s, systolicCode}, {u"valueQuantity"_s, ClinicalJson::quantity(systolic, u"mm[Hg]"_s)}},
                         QJsonObject{{u"code"_s, diastolicCode}, {u"valueQuantity"_s, ClinicalJson::quantity(diastolic, u"mm[Hg]"_s)}}});
    out.append(bp);
    if (set == Set::Brief)
        return out;

    const auto single = [&](const Kind &kind, double value, const QString &ucum) {
        QJsonObject o = observation(context, kind);
        o.insert(u"valueQuantity"_s, ClinicalJson::quantity(value, ucum));
        out.append(o);
    };
    single(hrKind, age < 13 ? random.between(75, 115) : random.between(56, 96), u"/min"_s);
    single(weightKind, weightKg, u"kg"_s);
    single(heightKind, height, u"cm"_s);
    single(bmiKind, rounded(weightKg / ((height / 100) * (height / 100)), 1), u"kg/m2"_s);
    if (set == Set::CheckUp)
        return out;

    single(tempKind, random.between(361, 377) / 10.0, u"Cel"_s);
    single(rrKind, age < 13 ? random.between(18, 26) : random.between(12, 20), u"/min"_s);
    single(spo2Kind, random.between(94, 100), u"%"_s);
    return out;
}

} // namespace paw::sandbox
