#include "storage/WalCheckpointer.h"

#include <sqlite3.h>

namespace paw::storage {

WalCheckpointer::WalCheckpointer(QString path)
    : m_path(std::move(path))
{
}

WalCheckpointer::~WalCheckpointer()
{
    {
        std::lock_guard lock(m_mutex);
        m_stopping = true;
    }
    m_changed.notify_all();
    if (m_thread.joinable())
        m_thread.join();
}

void WalCheckpointer::request()
{
    {
        std::lock_guard lock(m_mutex);
        if (m_stopping)
            return;
        m_pending = true;
        if (!m_thread.joinable())
            m_thread = std::thread(&WalCheckpointer::run, this);
    }
    m_changed.notify_all();
}

void WalCheckpointer::waitUntilIdle()
{
    std::unique_lock lock(m_mutex);
    m_changed.wait(lock, [this] { return !m_pending && !m_running; });
}

int WalCheckpointer::completed() const
{
    std::lock_guard lock(m_mutex);
    return m_completed;
}

void WalCheckpointer::checkpoint(sqlite3 *db)
{
    // A connection learns that the database is in WAL mode when it first reads it; before
    // that, a checkpoint request does nothing.
    sqlite3_exec(db, "PRAGMA schema_version", nullptr, nullptr, nullptr);
    sqlite3_wal_checkpoint_v2(db, nullptr, SQLITE_CHECKPOINT_PASSIVE, nullptr, nullptr);
}

void WalCheckpointer::run()
{
    // Its own connection: SQLite handles are not shared between threads here.
    sqlite3 *db = nullptr;
    if (sqlite3_open_v2(m_path.toUtf8().constData(), &db, SQLITE_OPEN_READWRITE | SQLITE_OPEN_NOMUTEX, nullptr) != SQLITE_OK) {
        sqlite3_close(db);
        db = nullptr;
    } else {
        sqlite3_busy_timeout(db, 1000);
    }
    std::unique_lock lock(m_mutex);
    for (;;) {
        m_changed.wait(lock, [this] { return m_pending || m_stopping; });
        if (m_stopping)
            break;
        m_pending = false;
        m_running = true;
        lock.unlock();
        if (db)
            checkpoint(db);
        lock.lock();
        m_running = false;
        ++m_completed;
        m_changed.notify_all();
    }
    lock.unlock();
    sqlite3_close(db); // not the last connection: the writer's stays open, so no final checkpoint here
}

} // namespace paw::storage
