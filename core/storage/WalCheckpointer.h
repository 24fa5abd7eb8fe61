#pragma once

#include <QString>

#include <condition_variable>
#include <mutex>
#include <thread>

struct sqlite3;

namespace paw::storage {

/// Checkpoints a SQLite database's write-ahead log on a thread of its own, so that a bulk
/// writer's commit does not wait for its pages to be copied into the database file (a quarter
/// of an import's writer time). PASSIVE: it never blocks the writer or readers; requests that
/// arrive while one runs make it run once more.
class WalCheckpointer
{
public:
    explicit WalCheckpointer(QString path);
    ~WalCheckpointer(); // waits for the checkpoint running, if any
    WalCheckpointer(const WalCheckpointer &) = delete;
    WalCheckpointer &operator=(const WalCheckpointer &) = delete;

    void request();
    /// Blocks until no checkpoint runs or is pending (tests).
    void waitUntilIdle();
    int completed() const;

private:
    void run();
    static void checkpoint(sqlite3 *db);

    const QString m_path;
    mutable std::mutex m_mutex;
    std::condition_variable m_changed;
    bool m_pending = false;
    bool m_running = false;
    bool m_stopping = false;
    int m_completed = 0;
    std::thread m_thread;
};

} // namespace paw::storage
