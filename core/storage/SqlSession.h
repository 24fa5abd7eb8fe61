#pragma once

#include "Expected.h"

#include <QByteArrayView>
#include <QString>
#include <QStringList>

#include <initializer_list>
#include <memory>

class QSqlDatabase;

namespace paw::storage {

class SqlDialect;

/// One value bound to a statement: a 64-bit integer or UTF-8 text. Text is never SQL NULL:
/// a null or empty view is ''. The bytes must stay valid until the statement runs (or, for an
/// Inserter, until add() returns).
class SqlValue
{
public:
    SqlValue(qint64 integer) : m_integer(integer), m_isText(false) {}
    SqlValue(QByteArrayView utf8) : m_text(utf8), m_isText(true) {}
    SqlValue(const QByteArray &utf8) : m_text(utf8), m_isText(true) {}

    /// A JSON document: stored in the dialect's document column type (SQLite: a BLOB, so that
    /// reads hand back the UTF-8 bytes as they are instead of converting them to UTF-16 and back).
    static SqlValue document(const QByteArray &utf8)
    {
        SqlValue value(utf8);
        value.m_isDocument = true;
        return value;
    }

    bool isText() const { return m_isText; }
    bool isDocument() const { return m_isDocument; }
    qint64 integer() const { return m_integer; }
    QByteArrayView text() const { return m_text; }

private:
    qint64 m_integer = 0;
    QByteArrayView m_text;
    bool m_isText;
    bool m_isDocument = false;
};

/// A session on the database's native API, for the hot paths: statements prepared once and run
/// many times (reading a resource by id on every request; writing an import), inserters that
/// append many rows to one table, and the write transaction around them, all without a QVariant
/// per value. The storage layer picks the implementation for the database (Database::sqlSession()):
/// SQLite talks to its C API directly; every other database goes through QSqlQuery with
/// multi-row INSERTs. A session belongs to the thread that created it.
class SqlSession
{
public:
    /// A statement prepared once; placeholders are `?`, indexes 0-based.
    class Statement
    {
    public:
        virtual ~Statement() = default;
        /// Binds the values and runs the statement: true when it returned a row, whose columns
        /// can be read until the next exec().
        [[nodiscard]] virtual Expected<bool, QString> exec(std::initializer_list<SqlValue> values) = 0;
        virtual qint64 intValue(int column) const = 0;
        virtual QByteArray textValue(int column) const = 0;
        /// Ends the statement's run: a statement left on a row keeps its read snapshot (and, in
        /// SQLite, its read lock) open.
        virtual void finish() = 0;
    };

    /// Appends rows to one table (`INSERT ... ON CONFLICT DO NOTHING`); rows may be buffered
    /// until flush() or commit().
    class Inserter
    {
    public:
        virtual ~Inserter() = default;
        /// An error names the failing row (its 1-based number among this inserter's rows) when
        /// the database tells which one it is.
        [[nodiscard]] virtual QString add(std::initializer_list<SqlValue> row) = 0;
        [[nodiscard]] virtual QString flush() = 0;
    };

    virtual ~SqlSession() = default;

    /// Starts the write transaction.
    [[nodiscard]] virtual QString begin() = 0;
    /// Flushes every inserter and commits; empty on success.
    [[nodiscard]] virtual QString commit() = 0;
    /// Drops everything since begin(), including rows still buffered.
    virtual void rollback() = 0;

    /// Owned by the writer; valid as long as it is.
    virtual Expected<Statement *, QString> prepare(const QString &sql) = 0;
    /// An `INSERT ... ON CONFLICT DO NOTHING` (without RETURNING) into a table whose `keyColumn`
    /// the database assigns: exec() returns a row, whose column 0 is the new key, when the row was
    /// inserted, and no row when a conflict skipped it. Owned by the writer.
    virtual Expected<Statement *, QString> prepareInsert(const QString &sql, const QString &keyColumn) = 0;
    virtual Inserter *inserter(const QString &table, const QStringList &columns) = 0;

    /// The writer for `db`, which must be open and belong to this thread.
    static std::unique_ptr<SqlSession> create(QSqlDatabase db, const SqlDialect &dialect);

protected:
    static QString describe(std::initializer_list<SqlValue> row);
    static QString insertSql(const QString &table, const QStringList &columns, int rows);
};

} // namespace paw::storage
