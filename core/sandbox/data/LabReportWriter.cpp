#include "sandbox/data/LabReportWriter.h"

#include "sandbox/data/ClinicalJson.h"

#include <cmath>

namespace paw::sandbox {

namespace {

using Value = JsonBuilder::Value;
using FixedCode = ClinicalJson::FixedCode;

constexpr std::string_view kObservationProfile =
    "http://hl7.org/fhir/us/core/StructureDefinition/us-core-observation-lab|3.1.1";
constexpr std::string_view kReportProfile =
    "http://hl7.org/fhir/us/core/StructureDefinition/us-core-diagnosticreport-lab|3.1.1";

// A value in steps of the lab's precision: 80% inside the range, 10% above, 10% below (never
// below one step).
double drawValue(const LabTest &test, SandboxRandom &random)
{
    const double scale = std::pow(10.0, test.decimals);
    const qint64 low = std::llround(test.low * scale);
    const qint64 high = std::llround(test.high * scale);
    const qint64 span = std::max<qint64>(1, high - low);
    const int roll = random.below(10);
    qint64 steps = 0;
    if (roll == 0)
        steps = high + 1 + random.below(int(std::max<qint64>(1, span * 3 / 10)));
    else if (roll == 1)
        steps = std::max<qint64>(1, low - 1 - random.below(int(std::max<qint64>(1, span * 3 / 10))));
    else
        steps = low + random.below(int(span + 1));
    return double(steps) / scale;
}

const FixedCode &interpretation(const LabTest &test, double value)
{
    static constexpr std::string_view system = "http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation";
    static constexpr FixedCode high{system, "H", "High"};
    static constexpr FixedCode low{system, "L", "Low"};
    static constexpr FixedCode normal{system, "N", "Normal"};
    return value > test.high ? high : value < test.low ? low : normal;
}

QString observationId(const CareEvent &event, int number, const LabTest &test)
{
    return QString(event.id + u"-lab" + QString::number(number) + u'-' + test.loinc.code);
}

} // namespace

QList<QByteArray> LabReportWriter::write(JsonBuilder &json, const EncounterContext &context, const LabPanel &panel,
                                         int number, SandboxRandom &random)
{
    const CareEvent &event = *context.event;
    const QString effective = ClinicalJson::dateTime(event.start, 8 * 60 + 40);
    static constexpr FixedCode labCategory{"http://terminology.hl7.org/CodeSystem/observation-category", "laboratory",
                                           "Laboratory"};
    static constexpr FixedCode reportCategory{"http://terminology.hl7.org/CodeSystem/v2-0074", "LAB", "Laboratory"};

    QList<QByteArray> out;
    out.reserve(panel.tests.size() + 1);
    for (const LabTest &test : panel.tests) {
        const double value = drawValue(test, random);
        Value observation = ClinicalJson::visitResult(json, "Observation", observationId(event, number, test),
                                                      kObservationProfile, context,
                                                      ClinicalJson::codeables(json, labCategory),
                                                      ClinicalJson::codeable(json, test.loinc));
        json.add(observation, "effectiveDateTime", effective);
        json.add(observation, "performer", json.array(ClinicalJson::reference(json, context.provider)));
        json.add(observation, "valueQuantity", ClinicalJson::quantity(json, value, test.ucum));
        json.add(observation, "interpretation", ClinicalJson::codeables(json, interpretation(test, value)));
        json.add(observation, "referenceRange",
                 json.array(json.object("low", ClinicalJson::quantity(json, test.low, test.ucum),
                                        "high", ClinicalJson::quantity(json, test.high, test.ucum))));
        out.append(ClinicalJson::text(json, std::move(observation)));
    }
    Value results = json.array();
    for (const LabTest &test : panel.tests)
        json.append(results, ClinicalJson::reference(json, "Observation", observationId(event, number, test),
                                                     test.loinc.display));
    Value report = ClinicalJson::visitResult(json, "DiagnosticReport",
                                             QString(event.id + u"-dr-lab" + QString::number(number)), kReportProfile,
                                             context, ClinicalJson::codeables(json, reportCategory),
                                             ClinicalJson::codeable(json, panel.loinc));
    json.add(report, "effectiveDateTime", effective);
    json.add(report, "issued", ClinicalJson::dateTime(event.start, 15 * 60));
    json.add(report, "performer", json.array(ClinicalJson::reference(json, context.provider)));
    json.add(report, "result", results);
    out.append(ClinicalJson::text(json, std::move(report)));
    return out;
}

} // namespace paw::sandbox
