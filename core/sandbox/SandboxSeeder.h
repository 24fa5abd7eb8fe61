#pragma once

#include "Expected.h"
#include "auth/PersonaStore.h"
#include "fhir/store/ResourceStore.h"

#include <QDate>
#include <QByteArray>
#include <QList>

#include <atomic>
#include <functional>

namespace paw::sandbox {

struct SeedOptions
{
    int members = 25;
    quint64 seed = 1;
    // "Today" for the synthetic records. Fixed by default, so that a seed gives the same
    // sandbox whatever the day it runs.
    QDate asOf = QDate(2026, 6, 30);
};

struct SeedSummary
{
    int members = 0;          // members written (fewer than asked when cancelled)
    qint64 resources = 0;     // resources written
    int personas = 0;
    int delegations = 0;
    bool cancelled = false;
};

/// Fills a store with a synthetic sandbox: the shared population, then members in blocks of 25
/// (each block whole: its personas and delegations need all its members), a transaction per
/// chunk of blocks, the next chunk generated on other cores while this one is written.
/// Deterministic: the same options give byte-identical resources (members are generated from
/// their own random streams).
class SandboxSeeder
{
public:
    /// Members per transaction (~42k resources); two chunks are held in memory at a time (10k
    /// members: max RSS ~800 MB, against ~620 MB with 250 and 1.5 s more; PERFORMANCE.md).
    static constexpr int kChunkMembers = 500;

    SandboxSeeder(fhir::ResourceStore &store, auth::PersonaStore &personas);

    using Progress = std::function<void(int membersDone, int membersTotal)>;
    /// Stops between chunks once `cancel` is set; what was written stays, whole blocks only.
    Expected<SeedSummary, QString> seed(const SeedOptions &options, const Progress &progress = {},
                                        const std::atomic_bool *cancel = nullptr);

    /// Every resource seed() writes, in the same order, as compact JSON text, without a store:
    /// for tests and previews of small sandboxes (everything is held in memory).
    static QList<QByteArray> resources(const SeedOptions &options);

private:
    fhir::ResourceStore &m_store;
    auth::PersonaStore &m_personas;
};

} // namespace paw::sandbox
