#include "sandbox/SandboxSeeder.h"

#include "fhir/store/ResourcePreparer.h"
#include "sandbox/data/ClaimsGenerator.h"
#include "sandbox/data/ClinicalGenerator.h"
#include "sandbox/data/MemberStoryPlanner.h"
#include "sandbox/data/PersonaPlan.h"
#include "sandbox/data/PopulationPlanner.h"

#include <algorithm>
#include <future>
#include <thread>

namespace paw::sandbox {

namespace {

constexpr int kChunkMembers = SandboxSeeder::kChunkMembers;
static_assert(kChunkMembers % 25 == 0, "a chunk holds whole households (PersonaPlan's blocks of 25)");

struct Chunk
{
    std::vector<fhir::PreparedResource> resources; // ready for the store's writer
    PersonaPlan personas;
};

// Generates members [first, end) on this thread, each member's resources handed to `take`
// (a list at a time, claims then clinical) as soon as they are made; returns their stories.
template<typename Take>
QList<MemberStory> generateRange(const SandboxPopulation &population, const SeedOptions &options, int first, int end,
                                 const Take &take)
{
    const MemberStoryPlanner planner(population, options.seed, options.asOf);
    const ClaimsGenerator claims(population);
    const ClinicalGenerator clinical(population);
    QList<MemberStory> stories;
    for (int index = first; index < end; ++index) {
        MemberStory story = planner.plan(index);
        take(claims.memberResources(story, options.seed));
        take(clinical.memberResources(story, options.seed));
        stories.append(std::move(story));
    }
    return stories;
}

void appendPrepared(std::vector<fhir::PreparedResource> &out, const QList<QByteArray> &resources,
                    const fhir::ResourcePreparer &preparer)
{
    // No reserve(): called per member, an exact reserve would move the whole chunk every time.
    for (const QByteArray &resource : resources)
        out.push_back(preparer.prepare(resource, qsizetype(out.size())));
}

// A chunk of whole blocks, generated and prepared for the store on every core (the store's
// writer thread then only inserts); members keep their order.
Chunk generateChunk(const SandboxPopulation &population, const SeedOptions &options, const fhir::ResourcePreparer &preparer,
                    int first, int end)
{
    struct Part
    {
        QList<MemberStory> stories;
        std::vector<fhir::PreparedResource> resources;
    };
    const int threads = std::clamp(int(std::thread::hardware_concurrency()), 1, 8);
    const int perThread = (end - first + threads - 1) / threads;
    std::vector<std::future<Part>> jobs;
    for (int from = first; from < end; from += perThread) {
        const int to = std::min(end, from + perThread);
        jobs.push_back(std::async(std::launch::async, [&population, &options, &preparer, from, to] {
            Part part;
            part.stories = generateRange(population, options, from, to, [&part, &preparer](const QList<QByteArray> &resources) {
                appendPrepared(part.resources, resources, preparer);
            });
            return part;
        }));
    }
    QList<MemberStory> stories;
    Chunk chunk;
    for (auto &job : jobs) {
        Part part = job.get();
        stories += part.stories;
        for (fhir::PreparedResource &resource : part.resources) {
            resource.position = qsizetype(chunk.resources.size());
            chunk.resources.push_back(std::move(resource));
        }
    }
    chunk.personas = PersonaPlan::plan(stories, options.asOf);
    appendPrepared(chunk.resources, chunk.personas.relatedPersons, preparer);
    return chunk;
}

} // namespace

SandboxSeeder::SandboxSeeder(fhir::ResourceStore &store, auth::PersonaStore &personas)
    : m_store(store)
    , m_personas(personas)
{
}

QList<QByteArray> SandboxSeeder::resources(const SeedOptions &options)
{
    const SandboxPopulation population = PopulationPlanner::plan(options.seed, options.members);
    QList<QByteArray> out;
    const auto take = [&out](const QList<QByteArray> &resources) {
        out += resources;
    };
    take(ClaimsGenerator(population).sharedResources());
    take(ClinicalGenerator(population).sharedResources());
    for (int first = 0; first < options.members; first += kChunkMembers) {
        const QList<MemberStory> stories =
            generateRange(population, options, first, std::min(options.members, first + kChunkMembers), take);
        take(PersonaPlan::plan(stories, options.asOf).relatedPersons);
    }
    return out;
}

Expected<SeedSummary, QString> SandboxSeeder::seed(const SeedOptions &options, const Progress &progress,
                                                   const std::atomic_bool *cancel)
{
    if (options.members < 1)
        return QStringLiteral("a sandbox needs at least one member");
    if (!options.asOf.isValid())
        return QStringLiteral("the as-of date is not a date");
    SeedSummary summary;
    const SandboxPopulation population = PopulationPlanner::plan(options.seed, options.members);
    // The population goes in with the first members, in their transaction: a seed cancelled
    // before them leaves the store as it was.
    const fhir::ResourcePreparer &preparer = m_store.preparer();
    std::vector<fhir::PreparedResource> shared;
    appendPrepared(shared, ClaimsGenerator(population).sharedResources(), preparer);
    appendPrepared(shared, ClinicalGenerator(population).sharedResources(), preparer);
    if (progress)
        progress(0, options.members);

    const auto generate = [&population, &options, &preparer](int first) {
        return std::async(std::launch::async, [&population, &options, &preparer, first] {
            return generateChunk(population, options, preparer, first, std::min(options.members, first + kChunkMembers));
        });
    };
    std::future<Chunk> next = generate(0);
    for (int first = 0; first < options.members; first += kChunkMembers) {
        if (cancel && cancel->load()) {
            summary.cancelled = true; // (the chunk being generated is dropped; its future waits for it)
            break;
        }
        Chunk chunk = next.get();
        if (first == 0) {
            for (fhir::PreparedResource &resource : chunk.resources) {
                resource.position += qsizetype(shared.size());
                shared.push_back(std::move(resource));
            }
            chunk.resources = std::move(shared);
        }
        const int end = std::min(options.members, first + kChunkMembers);
        if (end < options.members)
            next = generate(end); // generated on other cores while this chunk is written
        const qsizetype count = qsizetype(chunk.resources.size());
        const auto written = m_store.writePrepared(std::move(chunk.resources));
        if (!written)
            return QStringLiteral("members %1 to %2 could not be written: %3").arg(first + 1).arg(end).arg(written.error());
        QList<auth::Persona> personas;
        for (const PersonaPlan::Login &login : std::as_const(chunk.personas.logins))
            personas.append(login.persona);
        if (const QString error = m_personas.save(personas, chunk.personas.delegations); !error.isEmpty())
            return QStringLiteral("the logins of members %1 to %2 could not be saved: %3").arg(first + 1).arg(end).arg(error);
        summary.members = end;
        summary.resources += count;
        summary.personas += personas.size();
        summary.delegations += chunk.personas.delegations.size();
        if (progress)
            progress(end, options.members);
    }
    return summary;
}

} // namespace paw::sandbox
