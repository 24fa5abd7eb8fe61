#include "sandbox/data/LabReportWriter.h"

#include "sandbox/data/ClinicalJson.h"

#include <QHash>
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

QJsonArray interpretation(const LabTest &test, double value)
{
    const auto make = [](const QString &code, const QString &display) {
        return QJsonArray{ClinicalJson::codeable(
            Code{u"http://terminology.hl7.org/CodeSystem/v3-ObservationInterpretation"_s, code, display})};
    };
    static const QJsonArray high = make(u"H"_s, u"High"_s);
    static const QJsonArray low = make(u"L"_s, u"Low"_s);
    static const QJsonArray normal = make(u"N"_s, u"Normal"_s);
    return value > test.high ? high : value < test.low ? low : normal;
}

// What every result of one test shares, built once for the whole catalog: the code and the
// reference range.
struct TestParts
{
    QJsonObject code;
    QJsonArray referenceRange;
};

const QHash<QString, TestParts> &testParts()
{
    static const QHash<QString, TestParts> parts = [] {
        QHash<QString, TestParts> out;
        for (const LabPanel &panel : ClinicalCatalog::labPanels()) {
            out.insert(panel.loinc.code, TestParts{ClinicalJson::codeable(panel.loinc), {}});
            for (const LabTest &test : panel.tests)
                out.insert(test.loinc.code,
                           TestParts{ClinicalJson::codeable(test.loinc),
                                     QJsonArray{QJsonObject{{u"low"_s, ClinicalJson::quantity(test.low, test.ucum)},
                                                            {u"high"_s, ClinicalJson::quantity(test.high, test.ucum)}}}});
        }
        return out;
    }();
    return parts;
}

} // namespace

QList<QJsonObject> LabReportWriter::write(const EncounterContext &context, const LabPanel &panel, int number,
                                          SandboxRandom &random)
{
    const CareEvent &event = *context.event;
    const QString effective = ClinicalJson::dateTime(event.start, 8 * 60 + 40);
    const QJsonObject &subject = context.subject;
    const QJsonObject &encounter = context.encounter;
    const QJsonArray performer{context.provider};
    static const QJsonArray labCategory{ClinicalJson::codeable(
        Code{u"http://terminology.hl7.org/CodeSystem/observation-category"_s, u"laboratory"_s, u"Laboratory"_s})};
    static const QJsonArray reportCategory{
        ClinicalJson::codeable(Code{u"http://terminology.hl7.org/CodeSystem/v2-0074"_s, u"LAB"_s, u"Laboratory"_s})};
    static const QJsonObject observationMeta =
        ClinicalJson::meta(u"http://hl7.org/fhir/us/core/StructureDefinition/us-core-observation-lab|3.1.1"_s, {});
    static const QJsonObject reportMeta =
        ClinicalJson::meta(u"http://hl7.org/fhir/us/core/StructureDefinition/us-core-diagnosticreport-lab|3.1.1"_s, {});
    const QJsonObject labelledObservationMeta = ClinicalJson::labelled(observationMeta, context.sensitivities);

    QList<QJsonObject> out;
    out.reserve(panel.tests.size() + 1);
    QJsonArray results;
    for (const LabTest &test : panel.tests) {
        const double value = drawValue(test, random);
        const TestParts &parts = testParts()[test.loinc.code];
        const QString id = QString(event.id + u"-lab" + QString::number(number) + u'-' + test.loinc.code);
        out.append(QJsonObject{
            {u"resourceType"_s, u"Observation"_s},
            {u"id"_s, id},
            {u"meta"_s, labelledObservationMeta},
            {u"status"_s, u"final"_s},
            {u"category"_s, labCategory},
            {u"code"_s, parts.code},
            {u"subject"_s, subject},
            {u"encounter"_s, encounter},
            {u"effectiveDateTime"_s, effective},
            {u"performer"_s, performer},
            {u"valueQuantity"_s, ClinicalJson::quantity(value, test.ucum)},
            {u"interpretation"_s, interpretation(test, value)},
            {u"referenceRange"_s, parts.referenceRange},
        });
        results.append(ClinicalJson::reference(u"Observation"_s, id, test.loinc.display));
    }
    out.append(QJsonObject{
        {u"resourceType"_s, u"DiagnosticReport"_s},
        {u"id"_s, QString(event.id + u"-dr-lab" + QString::number(number))},
        {u"meta"_s, ClinicalJson::labelled(reportMeta, context.sensitivities)},
        {u"status"_s, u"final"_s},
        {u"category"_s, reportCategory},
        {u"code"_s, testParts()[panel.loinc.code].code},
        {u"subject"_s, subject},
        {u"encounter"_s, encounter},
        {u"effectiveDateTime"_s, effective},
        {u"issued"_s, ClinicalJson::dateTime(event.start, 15 * 60)},
        {u"performer"_s, performer},
        {u"result"_s, results},
    });
    return out;
}

} // namespace paw::sandbox
