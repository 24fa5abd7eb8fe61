// Generating the sandbox: one member's story and resources (claims side, clinical side).
// build/bench/BenchSandbox --benchmark_min_time=2

#include "sandbox/data/ClaimsGenerator.h"
#include "sandbox/data/ClinicalGenerator.h"
#include "sandbox/data/MemberStoryPlanner.h"
#include "sandbox/data/PopulationPlanner.h"

#include <benchmark/benchmark.h>

using namespace paw::sandbox;

namespace {

constexpr quint64 kSeed = 1;
constexpr int kMembers = 1000;
const QDate kAsOf(2026, 6, 30);

const SandboxPopulation &population()
{
    static const SandboxPopulation planned = PopulationPlanner::plan(kSeed, kMembers);
    return planned;
}

void storyPlanning(benchmark::State &state)
{
    const MemberStoryPlanner planner(population(), kSeed, kAsOf);
    int index = 0;
    for (auto _ : state)
        benchmark::DoNotOptimize(planner.plan(index++ % kMembers));
}
BENCHMARK(storyPlanning);

// A member's story and the resources one generator tells from it, as JSON text.
template <class Generator>
void memberResources(benchmark::State &state)
{
    const MemberStoryPlanner planner(population(), kSeed, kAsOf);
    const Generator generator(population());
    int index = 0;
    qint64 resources = 0;
    qint64 bytes = 0;
    for (auto _ : state) {
        const MemberStory story = planner.plan(index++ % kMembers);
        const auto generated = generator.memberResources(story, kSeed);
        resources += generated.size();
        for (const QByteArray &resource : generated)
            bytes += resource.size();
    }
    state.counters["resources/member"] = double(resources) / double(state.iterations());
    state.counters["bytes/member"] = double(bytes) / double(state.iterations());
}
BENCHMARK(memberResources<ClaimsGenerator>)->Name("claimsResources");
BENCHMARK(memberResources<ClinicalGenerator>)->Name("clinicalResources");

} // namespace

BENCHMARK_MAIN();
