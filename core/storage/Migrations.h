#pragma once

#include <QSqlDatabase>
#include <QString>
#include <QStringList>

namespace paw::storage {

class SqlDialect;

/// The versioned schema. Each step runs once, in order, inside one transaction with the
/// schema_version update, so a database is always at exactly one version.
class Migrations
{
public:
    static int latestVersion();
    /// Brings `db` to the latest version; returns an error text, empty on success.
    static QString migrate(QSqlDatabase &db, const SqlDialect &dialect);
    static int currentVersion(QSqlDatabase &db);

    /// The indexes of the latest schema that serve lookups by value (not the tables' own keys).
    /// A bulk load into an empty store drops them and builds each once at the end, sorted, which
    /// is faster than updating them row by row; migrate() builds any that are missing, so a load
    /// that was interrupted leaves a store that is whole again when it is next opened.
    static QStringList lookupIndexNames();
    /// CREATE INDEX IF NOT EXISTS for each of them.
    static QStringList createLookupIndexes();
};

} // namespace paw::storage
