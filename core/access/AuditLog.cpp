#include "access/AuditLog.h"

#include "access/AuditLogStore.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcAudit, "paw.access.audit")

namespace paw::access {

namespace {

// Warn on the first drop, then at powers of two, then every 4096: counted, never a flood.
bool worthWarning(qint64 dropped)
{
    return (dropped & (dropped - 1)) == 0 || dropped % 4096 == 0;
}

} // namespace

AuditLog::AuditLog(std::shared_ptr<storage::Database> database, const platform::Clock &clock)
    : AuditLog(std::move(database), clock, Options())
{
}

AuditLog::AuditLog(std::shared_ptr<storage::Database> database, const platform::Clock &clock, Options options)
    : m_database(std::move(database))
    , m_clock(clock)
    , m_options(options)
    , m_queue(options.capacity)
    , m_writer([this] { writeLoop(); })
{
}

AuditLog::~AuditLog()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_workArrived.notify_one();
    m_writer.join();
}

void AuditLog::record(const AuditEvent &event)
{
    AuditEvent stamped = event;
    if (stamped.timeMs == 0)
        stamped.timeMs = m_clock.nowMs();
    bool dropped = false;
    qint64 droppedSoFar = 0;
    bool wake = false;
    {
        std::lock_guard lock(m_mutex);
        dropped = m_queue.push(stamped);
        droppedSoFar = m_queue.dropped();
        ++m_recorded;
        wake = m_queue.size() == 1 || m_queue.size() >= m_options.batchSize;
    }
    if (wake)
        m_workArrived.notify_one();
    if (dropped && worthWarning(droppedSoFar))
        qCWarning(lcAudit) << "audit queue full (" << m_options.capacity << "events): dropped the oldest;"
                           << droppedSoFar << "dropped so far";
}

QString AuditLog::flush()
{
    std::unique_lock lock(m_mutex);
    const qint64 target = m_recorded;
    const qint64 failuresBefore = m_failedWrites;
    ++m_flushWaiters;
    m_workArrived.notify_one();
    m_writeFinished.wait(lock, [&] {
        return m_written + m_queue.dropped() >= target || m_failedWrites != failuresBefore;
    });
    --m_flushWaiters;
    return m_failedWrites != failuresBefore ? m_lastError : QString();
}

qint64 AuditLog::dropped() const
{
    std::lock_guard lock(m_mutex);
    return m_queue.dropped();
}

Expected<QList<AuditEvent>, QString> AuditLog::query(const AuditLogQuery &query) const
{
    return AuditLogStore(m_database).select(query);
}

bool AuditLog::batchDue() const
{
    return m_stopping || m_flushWaiters > 0 || m_queue.size() >= m_options.batchSize;
}

void AuditLog::writeLoop()
{
    {
        AuditLogStore store(m_database); // this thread's session
        std::unique_lock lock(m_mutex);
        for (;;) {
            m_workArrived.wait(lock, [this] { return m_stopping || !m_queue.isEmpty(); });
            if (m_queue.isEmpty())
                break; // stopping, and nothing left
            // Let a batch gather: one transaction for many events costs about what one costs.
            m_workArrived.wait_for(lock, std::chrono::milliseconds(m_options.lingerMs), [this] { return batchDue(); });
            const QList<AuditEvent> batch = m_queue.take(m_options.batchSize);
            lock.unlock();
            const QString error = store.insert(batch);
            lock.lock();
            if (error.isEmpty()) {
                m_written += batch.size();
                m_writeFinished.notify_all();
                continue;
            }
            ++m_failedWrites;
            m_lastError = error;
            m_writeFinished.notify_all();
            if (m_stopping) {
                qCWarning(lcAudit) << "audit events lost at shutdown:" << batch.size() + m_queue.size() << "-" << error;
                break;
            }
            qCWarning(lcAudit) << "cannot write" << batch.size() << "audit events (will retry):" << error;
            m_queue.putBack(batch);
            m_workArrived.wait_for(lock, std::chrono::milliseconds(m_options.retryMs), [this] { return m_stopping; });
        }
    }
    // The store and its session are gone; the connection must go before the thread ends.
    storage::Database::releaseThreadConnections();
}

} // namespace paw::access
