#pragma once

#include "sandbox/data/SandboxPopulation.h"

namespace paw::sandbox {

/// Decides the shared population for a seed: payers, providers of every kind with their
/// locations, clinicians with valid NPIs and NUCC specialties, and the medications members take.
/// Its size grows slowly with the number of members (a large sandbox has more providers).
class PopulationPlanner
{
public:
    static SandboxPopulation plan(quint64 seed, int members);
};

} // namespace paw::sandbox
