#include "sandbox/data/LabReportWriter.h"

#include "sandbox/data/FhirJson.h"

#include <QJsonArray>
#include <cmath>

using namespace Qt::StringLiterals;

namespace paw::sandbox {

namespace {

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

QJsonObject interpretation(const LabTest &test, double value)
{
    const Code code = value > test.high ? Code{u"http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"_s, u"H"_s, u"High"_s}
                    : value < test.low  ? Code{u"http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"_s, u"L"_s, u"Low"_s}
                                        : Code{u"http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"_s, u"N"_s, u"Normal"_s};
    return FhirJson::codeable(code);
}

} // namespace

QList<QJsonObject> LabReportWriter::write(const EncounterContext &context, const LabPanel &panel, SandboxRandom &random)
{
    const CareEvent &event = *context.event;
    const QString effective = FhirJson::dateTime(event.start, 8 * 60 + 40);
    const QJsonObject subject = FhirJson::reference(u"Patient"_s, context.patientId);
    const QJsonObject encounter = FhirJson::reference(u"Encounter"_s, context.encounterId);
    const QJsonArray performer{FhirJson::reference(u"Organization"_s, event.providerId)};
    const QJsonArray labCategory{FhirJson::codeable(
        Code{u"http://terminology.hl7.org/CodeSystem/observation-category"_s, u"laboratory"_s, u"Laboratory"_s})};

    QList<QJsonObject> out;
    out.reserve(panel.tests.size() + 1);
    QJsonArray results;
    for (const LabTest &test : panel.tests) {
        const double value = drawValue(test, random);
        const QString id = QString(event.id + u"-lab-" + test.loinc.code);
        out.append(QJsonObject{
            {u"resourceType"_s, u"Observation"_s},
            {u"id"_s, id},
            {u"meta"_s, FhirJson::meta(u"http://hl7.org/fhir/us/core/StructureDefinition/us-core-observation-lab|3.1.1"_s,
                                       context.sensitivities)},
            {u"status"_s, u"final"_s},
            {u"category"_s, labCategory},
            {u"code"_s, FhirJson::codeable(test.loinc)},
            {u"subject"_s, subject},
            {u"encounter"_s, encounter},
            {u"effectiveDateTime"_s, effective},
            {u"performer"_s, performer},
            {u"valueQuantity"_s, FhirJson::quantity(value, test.ucum)},
            {u"interpretation"_s, QJsonArray{interpretation(test, value)}},
            {u"referenceRange"_s, QJsonArray{QJsonObject{{u"low"_s, FhirJson::quantity(test.low, test.ucum)},
                                                         {u"high"_s, FhirJson::quantity(test.high, test.ucum)}}}},
        });
        results.append(FhirJson::reference(u"Observation"_s, id, test.loinc.display));
    }
    out.append(QJsonObject{
        {u"resourceType"_s, u"DiagnosticReport"_s},
        {u"id"_s, QString(event.id + u"-dr-lab")},
        {u"meta"_s, FhirJson::meta(u"http://hl7.org/fhir/us/core/StructureDefinition/us-core-diagnosticreport-lab|3.1.1"_s,
                                   context.sensitivities)},
        {u"status"_s, u"final"_s},
        {u"category"_s, QJsonArray{FhirJson::codeable(
                            Code{u"http://terminology.hl7.org/CodeSystem/v2-0074"_s, u"LAB"_s, u"Laboratory"_s})}},
        {u"code"_s, FhirJson::codeable(panel.loinc)},
        {u"subject"_s, subject},
        {u"encounter"_s, encounter},
        {u"effectiveDateTime"_s, effective},
        {u"issued"_s, FhirJson::dateTime(event.start, 15 * 60)},
        {u"performer"_s, performer},
        {u"result"_s, results},
    });
    return out;
}

} // namespace paw::sandbox
