#pragma once

#include "storage/SqlSession.h"

#include <QSqlDatabase>

#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace paw::storage {

/// SqlSession on the SQLite C API, on the handle of a Qt QSQLITE connection: values are bound
/// as UTF-8 and integers straight from the caller's memory, statements are prepared once, and
/// every row is one sqlite3_step (SQLite runs in-process, so rows need no batching).
class SqliteSqlSession final : public SqlSession
{
public:
    /// Null when `db` is not an open QSQLITE connection.
    static std::unique_ptr<SqliteSqlSession> create(const QSqlDatabase &db);
    /// The SQLite handle under a Qt QSQLITE connection; null for any other connection.
    static sqlite3 *nativeHandle(const QSqlDatabase &db);
    ~SqliteSqlSession() override;

    QString begin() override;
    QString commit() override;
    void rollback() override;
    Expected<Statement *, QString> prepare(const QString &sql) override;
    Expected<Statement *, QString> prepareInsert(const QString &sql, const QString &keyColumn) override;
    Inserter *inserter(const QString &table, const QStringList &columns) override;

private:
    class SqliteStatement;
    class SqliteInserter;
    class SqliteKeyedInsert;
    SqliteSqlSession(QSqlDatabase db, sqlite3 *handle);
    QString run(const char *sql);
    void resetAll();

    QSqlDatabase m_db; // keeps the connection (and so the handle) alive
    sqlite3 *m_handle;
    std::vector<std::unique_ptr<Statement>> m_statements;
    std::vector<std::unique_ptr<SqliteInserter>> m_inserters;
    bool m_inTransaction = false;
};

} // namespace paw::storage
