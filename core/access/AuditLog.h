#pragma once

#include "Expected.h"
#include "access/AuditEvent.h"
#include "access/AuditLogQuery.h"
#include "access/AuditLogQueue.h"
#include "platform/Clock.h"
#include "storage/Database.h"

#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

namespace paw::access {

/// The database-backed AuditSink. record() only queues the event under a mutex (HTTP workers
/// call it on every request and must not wait for the database); one writer thread of its own
/// writes the queue in batches, one transaction each, to the audit_event table.
///
///   record() --push--> [queue, bounded: full drops the oldest, counted and warned]
///                          | a batch is due (batchSize events, lingerMs after the first, flush())
///                          v
///                      [writer: insert batch] --fails--> put the batch back, retry after retryMs
///
/// Destroy it after the last thread that records has stopped: the destructor writes what is still
/// queued (one try) and joins the writer.
class AuditLog final : public AuditSink
{
public:
    struct Options
    {
        int capacity = 50000;  // events waiting at most (~15 MB)
        int batchSize = 500;   // events per transaction at most
        int lingerMs = 100;    // how long the first event of a batch waits for company
        int retryMs = 1000;    // pause after a failed write
    };

    explicit AuditLog(std::shared_ptr<storage::Database> database, const platform::Clock &clock = platform::Clock::system());
    AuditLog(std::shared_ptr<storage::Database> database, const platform::Clock &clock, Options options);
    ~AuditLog() override;
    AuditLog(const AuditLog &) = delete;
    AuditLog &operator=(const AuditLog &) = delete;

    /// Queues `event`; stamps it with the clock when its timeMs is 0. Any thread.
    void record(const AuditEvent &event) override;
    /// Blocks until every event recorded before the call is written (or dropped). Returns the
    /// error of a write that failed meanwhile (those events stay queued), empty otherwise.
    QString flush();
    /// Events dropped because the queue was full, since the start.
    qint64 dropped() const;
    /// Written events, newest first (what is still queued is not seen: flush() first).
    Expected<QList<AuditEvent>, QString> query(const AuditLogQuery &query) const;

private:
    void writeLoop();
    bool batchDue() const; // m_mutex held

    std::shared_ptr<storage::Database> m_database;
    const platform::Clock &m_clock;
    const Options m_options;

    mutable std::mutex m_mutex;
    std::condition_variable m_workArrived;   // the writer waits on it
    std::condition_variable m_writeFinished; // flush() waits on it
    AuditLogQueue m_queue;
    qint64 m_recorded = 0;  // events queued, ever
    qint64 m_written = 0;   // events written, ever
    qint64 m_failedWrites = 0;
    QString m_lastError;
    int m_flushWaiters = 0;
    bool m_stopping = false;
    std::thread m_writer; // last: started once everything above exists
};

} // namespace paw::access
