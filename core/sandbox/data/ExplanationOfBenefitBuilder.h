#pragma once

#include "sandbox/data/MemberStory.h"
#include "sandbox/data/SandboxPopulation.h"
#include "sandbox/data/SandboxRandom.h"

#include <QHash>
#include <QJsonArray>
#include <QJsonObject>

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

    QJsonObject build(const CareEvent &event);

    static QString profileOf(CareEvent::Kind kind);

private:
    // One line of the claim and what the payer decided for it, in cents.
    struct Line
    {
        QJsonObject item;
        qint64 submitted = 0;
        qint64 allowed = 0;
        qint64 deductible = 0;
        qint64 copay = 0;
        qint64 coinsurance = 0;
        qint64 liability() const { return deductible + copay + coinsurance; }
        qint64 paid() const { return allowed - liability(); }
    };

    QList<Line> institutionalLines(const CareEvent &event, bool inpatient);
    QList<Line> professionalLines(const CareEvent &event);
    QList<Line> oralLines(const CareEvent &event, QJsonArray &supportingInfo);
    QList<Line> pharmacyLines(const CareEvent &event, QJsonArray &supportingInfo);

    Line priced(QJsonObject item, const QString &code, int quantity, int allowedPercentLow, int allowedPercentHigh);
    void shareCost(QList<Line> &lines, CareEvent::Kind kind);
    QJsonArray itemAdjudication(const Line &line, CareEvent::Kind kind) const;
    QJsonArray totals(const QList<Line> &lines) const;
    QJsonArray headerAdjudication(CareEvent::Kind kind, const QList<Line> &lines) const;
    QJsonArray careTeam(const CareEvent &event) const;
    QJsonArray diagnoses(const CareEvent &event) const;
    QJsonArray commonSupportingInfo(const CareEvent &event, QDate received) const;
    static bool isExtraction(const CareEvent &event);

    const SandboxPopulation &m_population;
    const MemberStory &m_story;
    SandboxRandom m_random;
    QHash<QString, int> m_fillsSoFar;
};

} // namespace paw::sandbox
