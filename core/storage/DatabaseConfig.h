#pragma once

#include "Expected.h"
#include "storage/SqlDialect.h"

#include <QString>

namespace paw::storage {

/// Where the store lives: `sqlite:PATH` (the default) or `postgresql://user:pw@host:port/db`.
struct DatabaseConfig
{
    SqlDialect::Kind kind = SqlDialect::Kind::SQLite;
    QString path;     // SQLite file
    QString host;     // PostgreSQL
    int port = 5432;
    QString database;
    QString user;
    QString password;

    /// Parses a database URL; the error says what is wrong with it.
    static Expected<DatabaseConfig, QString> fromUrl(const QString &url);
    /// The URL without its password, for logs and the endpoint card.
    QString displayUrl() const;
};

} // namespace paw::storage
