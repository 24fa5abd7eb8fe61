#pragma once

#include <QString>

#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <thread>

struct sqlite3;

namespace paw::storage {

/// Copies a SQLite database's write-ahead log into the database file on a thread and connection
/// of its own, so that a large commit returns once its pages are in the WAL and the next
/// transaction's inserts overlap the copy. On the committing thread (SQLite's automatic
/// checkpoint) it cost a bulk writer about a fifth of its time.
///
/// SQLite starts the WAL over only when a write transaction begins after a checkpoint has copied
/// all of it, so a writer that never waited would grow it without end: a commit that leaves the
/// WAL longer than `maxFrames` pages waits for a checkpoint of everything committed, and the next
/// transaction writes the WAL from its start again. Checkpoints run one at a time and PASSIVE:
/// they never wait for a reader or a writer.
///
///     commit --(WAL < 1000 pages)----------------------------> return
///     commit --(WAL >= 1000)---> request checkpoint ----------> return
///     commit --(WAL >= maxFrames)-> request checkpoint, wait --> return (next write restarts the WAL)
class WalCheckpointer
{
public:
    /// 256 MB of 32 KB pages (SqlDialect: a new database's page size). A seed's transaction (500
    /// members) adds ~190 MB to the database file, an import file of 10k EOBs ~55 MB; at 64 MB an import
    /// waited after every second file.
    static constexpr int kDefaultMaxFrames = 8192;

    /// Opens its connection to the database at `path`, which must exist. Null (with a warning)
    /// when it cannot be opened: commits then checkpoint as SQLite does by default.
    static std::unique_ptr<WalCheckpointer> start(const QString &path, int maxFrames = kDefaultMaxFrames);
    /// Finishes the checkpoint in progress, copies what is left and closes its connection.
    ~WalCheckpointer();
    WalCheckpointer(const WalCheckpointer &) = delete;
    WalCheckpointer &operator=(const WalCheckpointer &) = delete;

    /// From now on, `connection`'s commits hand their checkpoints to this checkpointer instead of
    /// running them themselves. The connection must not commit after this checkpointer is gone.
    void attach(sqlite3 *connection);

    /// Copies the whole WAL into the database file and empties the WAL file, waiting (up to the
    /// busy timeout) for readers and writers to finish. For the end of a bulk write: the database
    /// file is then complete and the WAL takes no disk space. Empty on success.
    [[nodiscard]] QString checkpointAndTruncate();

private:
    WalCheckpointer(sqlite3 *connection, int maxFrames);
    static int onCommit(void *self, sqlite3 *connection, const char *database, int frames);
    /// A ticket that a checkpoint started after this call will have served.
    std::uint64_t request();
    void waitFor(std::uint64_t ticket);
    void run();
    /// The SQLite result code.
    int checkpoint(int mode);

    sqlite3 *m_connection;
    const int m_maxFrames;
    std::mutex m_connectionMutex; // one checkpoint at a time on m_connection

    std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_served;
    std::uint64_t m_requested = 0;
    std::uint64_t m_servedTicket = 0;
    bool m_stop = false;
    std::thread m_thread; // last: starts after the members it reads are set
};

} // namespace paw::storage
