#include "sandbox/data/VitalSignsWriter.h"

#include "sandbox/data/FhirJson.h"

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

QString baseProfile(const QString &name)
{
    return QString(u"http://hl7.org/fhir/StructureDefinition/" + name + u"|4.0.1");
}

} // namespace

VitalSignsWriter::VitalSignsWriter(const Member &member, quint64 seed)
    : m_gender(member.gender)
{
    SandboxRandom random = SandboxRandom::stream(seed, u"clinical-build", quint64(member.index));
    m_adultHeightCm = member.gender == u"female" ? random.between(152, 176) : random.between(163, 191);
    m_adultBmi = random.between(190, 340) / 10.0;
}

QJsonObject VitalSignsWriter::observation(const EncounterContext &context, const QString &suffix,
                                          const QString &profile, const QJsonObject &code) const
{
    return QJsonObject{
        {u"resourceType"_s, u"Observation"_s},
        {u"id"_s, QString(context.event->id + u"-vs-" + suffix)},
        {u"meta"_s, FhirJson::meta(profile, context.sensitivities)},
        {u"status"_s, u"final"_s},
        {u"category"_s,
         QJsonArray{FhirJson::codeable(Code{u"http://terminology.hl7.org/CodeSystem/observation-category"_s,
                                           u"vital-signs"_s, u"Vital Signs"_s})}},
        {u"code"_s, code},
        {u"subject"_s, FhirJson::reference(u"Patient"_s, context.patientId)},
        {u"encounter"_s, FhirJson::reference(u"Encounter"_s, context.encounterId)},
        {u"effectiveDateTime"_s, FhirJson::dateTime(context.event->start, 9 * 60 + 10)},
    };
}

QList<QJsonObject> VitalSignsWriter::write(const EncounterContext &context, Set set, SandboxRandom &random) const
{
    // Children grow toward their adult height; the ratio is rough but monotonic in age.
    const int age = context.ageYears;
    const double heightCm = age >= 18 ? m_adultHeightCm : m_adultHeightCm * (0.45 + 0.55 * std::min(age, 17) / 17.0);
    const double bmi = age >= 18 ? m_adultBmi : 15.5 + age * 0.25 + (m_adultBmi - 24) / 4;
    const double weightKg = rounded(bmi * (heightCm / 100) * (heightCm / 100) * (random.between(97, 103) / 100.0), 1);
    const double height = rounded(heightCm, 1);

    QList<QJsonObject> out;
    out.reserve(8);

    const int systolic = age < 13 ? random.between(95, 118) : random.between(104, 148);
    const int diastolic = std::min(systolic - 30, age < 13 ? random.between(55, 75) : random.between(62, 94));
    QJsonObject bp = observation(context, u"bp"_s, baseProfile(u"bp"_s),
                                 FhirJson::codeable(loinc(u"85354-9"_s, u"Blood pressure panel with all children optional"_s)));
    const auto component = [](const Code &code, int value) {
        return QJsonObject{{u"code"_s, FhirJson::codeable(code)}, {u"valueQuantity"_s, FhirJson::quantity(value, u"mm[Hg]"_s)}};
    };
    bp.insert(u"component"_s, QJsonArray{component(loinc(u"8480-6"_s, u"Systolic blood pressure"_s), systolic),
                                         component(loinc(u"8462-4"_s, u"Diastolic blood pressure"_s), diastolic)});
    out.append(bp);

    const auto single = [&](const QString &suffix, const QString &profile, const Code &code, double value,
                            const QString &ucum) {
        QJsonObject o = observation(context, suffix, profile, FhirJson::codeable(code));
        o.insert(u"valueQuantity"_s, FhirJson::quantity(value, ucum));
        out.append(o);
    };
    single(u"hr"_s, baseProfile(u"heartrate"_s), loinc(u"8867-4"_s, u"Heart rate"_s),
           age < 13 ? random.between(75, 115) : random.between(56, 96), u"/min"_s);
    if (set == Set::Brief)
        return out;

    single(u"weight"_s, baseProfile(u"bodyweight"_s), loinc(u"29463-7"_s, u"Body weight"_s), weightKg, u"kg"_s);
    if (set == Set::Standard)
        return out;

    single(u"height"_s, baseProfile(u"bodyheight"_s), loinc(u"8302-2"_s, u"Body height"_s), height, u"cm"_s);
    single(u"bmi"_s, baseProfile(u"bmi"_s), loinc(u"39156-5"_s, u"Body mass index (BMI) [Ratio]"_s),
           rounded(weightKg / ((height / 100) * (height / 100)), 1), u"kg/m2"_s);
    single(u"temp"_s, baseProfile(u"bodytemp"_s), loinc(u"8310-5"_s, u"Body temperature"_s),
           random.between(361, 377) / 10.0, u"Cel"_s);
    single(u"rr"_s, baseProfile(u"resprate"_s), loinc(u"9279-1"_s, u"Respiratory rate"_s),
           age < 13 ? random.between(18, 26) : random.between(12, 20), u"/min"_s);

    // US Core 3.1.1 has its own pulse oximetry profile: both codes, the pulse oximetry one and
    // the base vital-signs oxygen saturation one.
    QJsonObject spo2 = observation(
        context, u"spo2"_s, u"http://hl7.org/fhir/us/core/StructureDefinition/us-core-pulse-oximetry|3.1.1"_s,
        FhirJson::codeable(loinc(u"59408-5"_s, u"Oxygen saturation in Arterial blood by Pulse oximetry"_s),
                          loinc(u"2708-6"_s, u"Oxygen saturation in Arterial blood"_s)));
    spo2.insert(u"valueQuantity"_s, FhirJson::quantity(random.between(94, 100), u"%"_s));
    out.append(spo2);
    return out;
}

} // namespace paw::sandbox
