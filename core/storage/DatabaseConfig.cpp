#include "storage/DatabaseConfig.h"

#include <QUrl>

namespace paw::storage {

Expected<DatabaseConfig, QString> DatabaseConfig::fromUrl(const QString &url)
{
    DatabaseConfig config;
    if (url.startsWith(QStringLiteral("sqlite:"))) {
        config.kind = SqlDialect::Kind::SQLite;
        config.path = url.mid(7);
        if (config.path.startsWith(QStringLiteral("//")))
            config.path = config.path.mid(2);
        if (config.path.isEmpty())
            return QStringLiteral("database URL %1 names no file").arg(url);
        return config;
    }
    const QUrl parsed(url, QUrl::StrictMode);
    if (parsed.isValid()
        && (parsed.scheme() == QLatin1String("postgresql") || parsed.scheme() == QLatin1String("postgres"))) {
        config.kind = SqlDialect::Kind::PostgreSQL;
        config.host = parsed.host().isEmpty() ? QStringLiteral("localhost") : parsed.host();
        config.port = parsed.port(5432);
        config.database = parsed.path().mid(1);
        config.user = parsed.userName();
        config.password = parsed.password();
        if (config.database.isEmpty())
            return QStringLiteral("database URL %1 names no database").arg(parsed.toDisplayString(QUrl::RemovePassword));
        return config;
    }
    return QStringLiteral("unsupported database URL (use sqlite:PATH or postgresql://user@host:port/db)");
}

QString DatabaseConfig::displayUrl() const
{
    if (kind == SqlDialect::Kind::SQLite)
        return QStringLiteral("sqlite:") + path;
    return QStringLiteral("postgresql://%1@%2:%3/%4").arg(user, host).arg(port).arg(database);
}

} // namespace paw::storage
