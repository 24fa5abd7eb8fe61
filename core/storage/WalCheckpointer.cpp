#include "storage/WalCheckpointer.h"

#include <QLoggingCategory>

#include <sqlite3.h>

Q_LOGGING_CATEGORY(lcCheckpoint, "paw.storage.checkpoint")

namespace paw::storage {

namespace {

// SQLite's default wal_autocheckpoint: smaller WALs are left to grow, as SQLite itself does.
constexpr int kFramesBeforeCheckpoint = 1000;
// As every connection's busy_timeout (SqlDialect::connectionSetup).
constexpr int kBusyTimeoutMs = 10000;

} // namespace

std::unique_ptr<WalCheckpointer> WalCheckpointer::start(const QString &path, int maxFrames)
{
    sqlite3 *connection = nullptr;
    if (sqlite3_open_v2(path.toUtf8().constData(), &connection, SQLITE_OPEN_READWRITE, nullptr) != SQLITE_OK) {
        qCWarning(lcCheckpoint) << "cannot open" << path << "for checkpoints:"
                                << (connection ? sqlite3_errmsg(connection) : "out of memory");
        sqlite3_close_v2(connection);
        return nullptr;
    }
    sqlite3_busy_timeout(connection, kBusyTimeoutMs);
    // A connection finds the WAL on its first read; until then sqlite3_wal_checkpoint_v2 on it
    // copies nothing and still returns SQLITE_OK.
    if (sqlite3_exec(connection, "SELECT 1 FROM sqlite_master LIMIT 1", nullptr, nullptr, nullptr) != SQLITE_OK) {
        qCWarning(lcCheckpoint) << "cannot read" << path << "for checkpoints:" << sqlite3_errmsg(connection);
        sqlite3_close_v2(connection);
        return nullptr;
    }
    return std::unique_ptr<WalCheckpointer>(new WalCheckpointer(connection, maxFrames));
}

WalCheckpointer::WalCheckpointer(sqlite3 *connection, int maxFrames)
    : m_connection(connection)
    , m_maxFrames(maxFrames)
    , m_thread([this] { run(); })
{
}

WalCheckpointer::~WalCheckpointer()
{
    {
        std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_one();
    m_thread.join();
    // Whatever the last commits left in the WAL goes to the database file now, without waiting
    // for a connection that is still busy (that one copies it when it closes last).
    sqlite3_busy_timeout(m_connection, 0);
    if (const QString error = checkpointAndTruncate(); !error.isEmpty())
        qCDebug(lcCheckpoint) << "final checkpoint left the WAL:" << error;
    sqlite3_close_v2(m_connection);
}

void WalCheckpointer::attach(sqlite3 *connection)
{
    if (!connection)
        return;
    // Replaces the connection's automatic checkpoint (wal_autocheckpoint is a WAL hook too).
    sqlite3_wal_hook(connection, &WalCheckpointer::onCommit, this);
}

QString WalCheckpointer::checkpointAndTruncate()
{
    const int result = checkpoint(SQLITE_CHECKPOINT_TRUNCATE);
    return result == SQLITE_OK ? QString() : QString::fromUtf8(sqlite3_errstr(result));
}

int WalCheckpointer::onCommit(void *self, sqlite3 *, const char *, int frames)
{
    // Called on the committing thread once the transaction is durable and its locks released.
    auto *checkpointer = static_cast<WalCheckpointer *>(self);
    if (frames < kFramesBeforeCheckpoint)
        return SQLITE_OK;
    const std::uint64_t ticket = checkpointer->request();
    if (frames >= checkpointer->m_maxFrames)
        checkpointer->waitFor(ticket);
    return SQLITE_OK;
}

std::uint64_t WalCheckpointer::request()
{
    std::uint64_t ticket = 0;
    {
        std::lock_guard lock(m_mutex);
        ticket = ++m_requested;
    }
    m_wake.notify_one();
    return ticket;
}

void WalCheckpointer::waitFor(std::uint64_t ticket)
{
    std::unique_lock lock(m_mutex);
    m_served.wait(lock, [this, ticket] { return m_servedTicket >= ticket; });
}

void WalCheckpointer::run()
{
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_wake.wait(lock, [this] { return m_stop || m_requested > m_servedTicket; });
        if (m_requested == m_servedTicket)
            return; // stopping, nothing asked for
        // Every request made so far is served by a checkpoint that starts now.
        const std::uint64_t ticket = m_requested;
        lock.unlock();
        // BUSY: another process is checkpointing this database; its checkpoint copies our pages.
        if (const int result = checkpoint(SQLITE_CHECKPOINT_PASSIVE); result != SQLITE_OK && result != SQLITE_BUSY)
            qCWarning(lcCheckpoint) << "checkpoint failed:" << sqlite3_errstr(result);
        lock.lock();
        m_servedTicket = ticket;
        m_served.notify_all();
    }
}

int WalCheckpointer::checkpoint(int mode)
{
    std::lock_guard lock(m_connectionMutex);
    return sqlite3_wal_checkpoint_v2(m_connection, nullptr, mode, nullptr, nullptr);
}

} // namespace paw::storage
