#pragma once

#include "Expected.h"
#include "storage/SqlSession.h"
#include "storage/DatabaseConfig.h"
#include "storage/SqlDialect.h"
#include "storage/WalCheckpointer.h"

#include <QSqlDatabase>
#include <QString>
#include <memory>

namespace paw::storage {

/// A database shared by every thread: each thread that calls connection() gets its own Qt SQL
/// connection (Qt connections may only be used on the thread that opened them), opened on first
/// use with the dialect's setup statements and closed when the thread ends or the Database dies.
/// A SQLite database's WAL checkpoints run on a thread of their own (WalCheckpointer), not on
/// the thread that commits.
class Database
{
public:
    /// Opens (creating if needed) and migrates the database to the newest schema version.
    static Expected<std::shared_ptr<Database>, QString> open(const DatabaseConfig &config);

    /// Closes the connections the calling thread opened (of every Database). A thread calls this
    /// before it ends when the process may be exiting: otherwise its thread_local cleanup can run
    /// after Qt SQL's globals are gone.
    static void releaseThreadConnections();
    ~Database();

    const SqlDialect &dialect() const { return m_dialect; }
    const DatabaseConfig &config() const { return m_config; }

    /// This thread's connection; open and set up. Invalid (check isOpen) if it could not be opened.
    QSqlDatabase connection() const;
    /// The last error of opening this thread's connection, empty when it is open.
    QString connectionError() const;

    /// A session on the native API of this thread's connection, the fastest this database offers
    /// (the SQLite C API for SQLite). Null if the connection could not be opened.
    std::unique_ptr<SqlSession> sqlSession() const;

    /// After a bulk write: makes the database file complete and empties SQLite's write-ahead log
    /// (waiting for readers and writers up to the busy timeout). Nothing to do for PostgreSQL.
    /// Empty on success.
    [[nodiscard]] QString checkpoint() const;

private:
    Database(DatabaseConfig config);
    QString connectionName() const;

    DatabaseConfig m_config;
    SqlDialect m_dialect;
    QString m_namePrefix;
    std::unique_ptr<WalCheckpointer> m_checkpointer; // SQLite only; after the connections it serves
};

} // namespace paw::storage
