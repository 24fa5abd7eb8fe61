#pragma once

#include "sandbox/data/MemberStory.h"
#include "sandbox/data/SandboxPopulation.h"
#include "sandbox/data/SandboxRandom.h"

#include "sandbox/data/FhirJson.h"

#include <QByteArray>
#include <QHash>

#include <vector>

namespace paw::sandbox {

/// Writes one member's ExplanationOfBenefits, one per care event, each of the C4BB 2.0.0 profile
/// of its kind with that profile's must-support elements. Amounts are whole cents, decided per
/// item (submitted >= allowed >= paid; allowed = paid + member liability; submitted = allowed +
/// discount), and every total is the sum of its category over the items.
///
/// Build the events in story order: refill numbers count the earlier fills of the same drug.
class ExplanationOfBenefitBuilder
{
public:
    ExplanationOfBenefitBuilder(const SandboxPopulation &population, const MemberStory &story, quint64 seed);

    /// The event's ExplanationOfBenefit as compact JSON text.
    QByteArray build(const CareEvent &event);

    static QString profileOf(CareEvent::Kind kind);

private:
    // One line of the claim and what the payer decided for it, in cents.
    struct Line
    {
        FhirJson::Value item; // without sequence and adjudication, which come last
        QString code;         // what the line bills (revenue code when there is no product)
        double quantity = 1;
        qint64 submitted = 0;
        qint64 allowed = 0;
        qint64 deductible = 0;
        qint64 copay = 0;
        qint64 coinsurance = 0;
        qint64 liability() const { return deductible + copay + coinsurance; }
        qint64 paid() const { return allowed - liability(); }
    };

    using Value = FhirJson::Value;
    using Lines = std::vector<Line>;

    Lines institutionalLines(const CareEvent &event, bool inpatient);
    Lines professionalLines(const CareEvent &event);
    Lines oralLines(const CareEvent &event, Value &supportingInfo);
    Lines pharmacyLines(const CareEvent &event, Value &supportingInfo);

    Line priced(Value item, const QString &code, int quantity, int allowedPercentLow, int allowedPercentHigh);
    void shareCost(Lines &lines, CareEvent::Kind kind);
    Value itemAdjudication(const Line &line, CareEvent::Kind kind);
    Value amounts(qint64 submitted, qint64 allowed, qint64 deductible, qint64 copay, qint64 coinsurance, Value list);
    Value totals(const Lines &lines);
    Value headerAdjudication(CareEvent::Kind kind, const Lines &lines);
    Value careTeam(const CareEvent &event);
    Value diagnoses(const CareEvent &event);
    Value commonSupportingInfo(const CareEvent &event, QDate received);
    Value info(Value &list, std::string_view category);
    Value status(std::string_view discriminator, std::string_view code);
    Value adjustment(qint64 cents);
    static bool isExtraction(const CareEvent &event);

    const SandboxPopulation &m_population;
    const MemberStory &m_story;
    SandboxRandom m_random;
    QHash<QString, int> m_fillsSoFar;
    FhirJson m_json; // cleared after each resource
};

} // namespace paw::sandbox
