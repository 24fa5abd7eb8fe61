#pragma once

#include "sandbox/data/MemberStory.h"
#include "sandbox/data/SandboxPopulation.h"

namespace paw::sandbox {

/// Decides each member's story from the seed and the member's index alone (its own random
/// stream), so members can be planned on any thread and in any order with the same result.
///
/// A story has 1-3 coverages (some ended), care events of all five kinds over the covered
/// periods up to `asOf`, chronic conditions, allergies, and for a share of members sensitive
/// diagnoses (substance use, mental health, HIV, reproductive health, genetics).
///
/// Households, by index, so that PersonaPlan can give members their delegates: in each block of
/// 25 members (index = 25k + r), r = 1 and r = 2 are siblings aged 5-16 (same family name and
/// address; their coverages' subscriber is their parent, RelatedPerson id
/// PersonaPlan::relatedPersonId(<parent username>, <patient id>), relationship "child"); r = 3 is
/// aged 78-92; r = 4 is an adult aged 25-60. Everyone else is an adult aged 18-77.
class MemberStoryPlanner
{
public:
    MemberStoryPlanner(const SandboxPopulation &population, quint64 seed, QDate asOf);

    MemberStory plan(int memberIndex) const;

    /// The Patient id of member `index` ("m" + 6 digits; more digits past a million).
    static QString patientId(int index);

private:
    const SandboxPopulation &m_population;
    quint64 m_seed;
    QDate m_asOf;
};

} // namespace paw::sandbox
