#pragma once

#include <QString>
#include <QStringList>

namespace paw::storage {

/// Every difference between the SQL of SQLite and PostgreSQL lives here, so that the rest of
/// core writes one SQL text. Placeholders are always `?` (Qt translates them for both drivers).
class SqlDialect
{
public:
    enum class Kind { SQLite, PostgreSQL };

    explicit SqlDialect(Kind kind) : m_kind(kind) {}
    Kind kind() const { return m_kind; }

    /// The Qt SQL driver name (QSQLITE, QPSQL).
    QString driverName() const;
    /// Statements run once on every new connection (pragmas, session settings).
    QStringList connectionSetup() const;
    /// Statements run on a connection before it writes many resources (an import, a seed); the
    /// connection keeps them.
    QStringList bulkWriteSetup() const;
    /// Column type of an auto-assigned, ever-increasing 64-bit primary key.
    QString autoIncrementKey() const;
    /// Column type for a JSON document kept as UTF-8 bytes (SQLite: BLOB, read back without conversion).
    QString documentType() const;
    /// Column type for 64-bit integers.
    QString bigintType() const;

    /// Appended to CREATE TABLE for a table stored in primary-key order (SQLite WITHOUT ROWID;
    /// PostgreSQL keeps heap tables and uses the primary key index).
    QString clusteredTableSuffix() const;
    /// `expression` in a form the query planner will not answer with an index. SQLite without
    /// statistics would scan every resource of a type by its (rtype, id) index instead of driving
    /// the search from the far more selective search-index subquery.
    QString notIndexed(const QString &expression) const;

private:
    Kind m_kind;
};

} // namespace paw::storage
