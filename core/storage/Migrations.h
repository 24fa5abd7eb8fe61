#pragma once

#include <QSqlDatabase>
#include <QString>

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
};

} // namespace paw::storage
