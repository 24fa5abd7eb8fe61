#include "storage/SqliteSqlSession.h"

#include <QSqlDriver>
#include <QVariant>

#include <sqlite3.h>

namespace paw::storage {

class SqliteSqlSession::SqliteStatement final : public SqlSession::Statement
{
public:
    SqliteStatement(sqlite3 *db, sqlite3_stmt *statement) : m_db(db), m_statement(statement) {}
    ~SqliteStatement() override { sqlite3_finalize(m_statement); }

    Expected<bool, QString> exec(std::initializer_list<SqlValue> values) override
    {
        sqlite3_reset(m_statement);
        int index = 1;
        for (const SqlValue &value : values) {
            if (value.isDocument()) {
                const QByteArrayView bytes = value.text();
                sqlite3_bind_blob(m_statement, index++, bytes.data() ? bytes.data() : "", int(bytes.size()), SQLITE_STATIC);
            } else if (value.isText()) {
                // SQLITE_STATIC: the caller keeps the bytes alive until the statement has run.
                const QByteArrayView text = value.text();
                sqlite3_bind_text(m_statement, index++, text.data() ? text.data() : "", int(text.size()), SQLITE_STATIC);
            } else {
                sqlite3_bind_int64(m_statement, index++, value.integer());
            }
        }
        switch (sqlite3_step(m_statement)) {
        case SQLITE_ROW:
            return true;
        case SQLITE_DONE:
            sqlite3_reset(m_statement);
            return false;
        default: {
            const QString error = QString::fromUtf8(sqlite3_errmsg(m_db));
            sqlite3_reset(m_statement);
            return error;
        }
        }
    }

    qint64 intValue(int column) const override { return sqlite3_column_int64(m_statement, column); }

    QByteArray textValue(int column) const override
    {
        const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(m_statement, column));
        return QByteArray(text, sqlite3_column_bytes(m_statement, column));
    }

    void finish() override { sqlite3_reset(m_statement); }

private:
    sqlite3 *m_db;
    sqlite3_stmt *m_statement;
};

class SqliteSqlSession::SqliteInserter final : public SqlSession::Inserter
{
public:
    SqliteInserter(Statement *statement, QString error) : m_statement(statement), m_error(std::move(error)) {}

    QString add(std::initializer_list<SqlValue> row) override
    {
        ++m_rows;
        if (!m_statement)
            return QStringLiteral("row %1 %2: %3").arg(m_rows).arg(describe(row), m_error);
        const auto result = m_statement->exec(row);
        if (!result)
            return QStringLiteral("row %1 %2: %3").arg(m_rows).arg(describe(row), result.error());
        return {};
    }
    QString flush() override { return {}; }

private:
    Statement *m_statement;
    QString m_error;
    qint64 m_rows = 0;
};

// Reports the new row's key as a row of its own, from sqlite3_changes() and
// sqlite3_last_insert_rowid(): with RETURNING, SQLite fills an ephemeral table on every run,
// which cost ~10 µs a row (PERFORMANCE.md).
class SqliteSqlSession::SqliteKeyedInsert final : public SqlSession::Statement
{
public:
    SqliteKeyedInsert(sqlite3 *db, Statement *insert) : m_db(db), m_insert(insert) {}

    Expected<bool, QString> exec(std::initializer_list<SqlValue> values) override
    {
        const auto ran = m_insert->exec(values);
        if (!ran)
            return ran;
        // An INSERT that skipped its row sets the count of changes to 0.
        if (sqlite3_changes(m_db) == 0)
            return false;
        m_key = sqlite3_last_insert_rowid(m_db);
        return true;
    }
    qint64 intValue(int) const override { return m_key; }
    QByteArray textValue(int) const override { return QByteArray::number(m_key); }
    void finish() override {}

private:
    sqlite3 *m_db;
    Statement *m_insert;
    qint64 m_key = 0;
};

std::unique_ptr<SqliteSqlSession> SqliteSqlSession::create(const QSqlDatabase &db)
{
    sqlite3 *sqlite = nativeHandle(db);
    if (!sqlite)
        return nullptr;
    return std::unique_ptr<SqliteSqlSession>(new SqliteSqlSession(db, sqlite));
}

sqlite3 *SqliteSqlSession::nativeHandle(const QSqlDatabase &db)
{
    if (!db.isOpen() || !db.driver())
        return nullptr;
    const QVariant handle = db.driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3 *const *>(handle.constData());
}

SqliteSqlSession::SqliteSqlSession(QSqlDatabase db, sqlite3 *handle)
    : m_db(std::move(db))
    , m_handle(handle)
{
}

SqliteSqlSession::~SqliteSqlSession()
{
    if (m_inTransaction)
        rollback();
    m_inserters.clear();
    m_statements.clear();
}

QString SqliteSqlSession::run(const char *sql)
{
    char *message = nullptr;
    if (sqlite3_exec(m_handle, sql, nullptr, nullptr, &message) == SQLITE_OK)
        return {};
    const QString error = QString::fromUtf8(message ? message : sqlite3_errmsg(m_handle));
    sqlite3_free(message);
    return error;
}

void SqliteSqlSession::resetAll()
{
    for (const auto &statement : m_statements)
        statement->finish();
}

QString SqliteSqlSession::begin()
{
    // IMMEDIATE takes the write lock now (waiting up to busy_timeout) rather than failing later
    // when a read transaction would have to be upgraded.
    QString error = run("BEGIN IMMEDIATE");
    m_inTransaction = error.isEmpty();
    return error;
}

QString SqliteSqlSession::commit()
{
    resetAll();
    QString error = run("COMMIT");
    if (error.isEmpty())
        m_inTransaction = false;
    return error;
}

void SqliteSqlSession::rollback()
{
    resetAll();
    if (m_inTransaction && !sqlite3_get_autocommit(m_handle))
        run("ROLLBACK");
    m_inTransaction = false;
}

Expected<SqlSession::Statement *, QString> SqliteSqlSession::prepare(const QString &sql)
{
    const QByteArray utf8 = sql.toUtf8();
    sqlite3_stmt *statement = nullptr;
    if (sqlite3_prepare_v3(m_handle, utf8.constData(), int(utf8.size()), SQLITE_PREPARE_PERSISTENT, &statement, nullptr)
        != SQLITE_OK) {
        sqlite3_finalize(statement);
        return QString::fromUtf8(sqlite3_errmsg(m_handle));
    }
    m_statements.push_back(std::make_unique<SqliteStatement>(m_handle, statement));
    return m_statements.back().get();
}

Expected<SqlSession::Statement *, QString> SqliteSqlSession::prepareInsert(const QString &sql, const QString &)
{
    // The key is the rowid: an auto-assigned key is an INTEGER PRIMARY KEY (SqlDialect::autoIncrementKey).
    auto insert = prepare(sql);
    if (!insert)
        return insert;
    m_statements.push_back(std::make_unique<SqliteKeyedInsert>(m_handle, *insert));
    return m_statements.back().get();
}

SqlSession::Inserter *SqliteSqlSession::inserter(const QString &table, const QStringList &columns)
{
    auto statement = prepare(insertSql(table, columns, 1));
    // A statement that does not prepare (unknown table) reports its error on every add().
    m_inserters.push_back(std::make_unique<SqliteInserter>(statement ? *statement : nullptr,
                                                           statement ? QString() : statement.error()));
    return m_inserters.back().get();
}

} // namespace paw::storage
