#include "storage/SqlDialect.h"

namespace paw::storage {

QString SqlDialect::driverName() const
{
    return m_kind == Kind::SQLite ? QStringLiteral("QSQLITE") : QStringLiteral("QPSQL");
}

QStringList SqlDialect::connectionSetup() const
{
    if (m_kind == Kind::SQLite) {
        // page_size applies to a new database only (it must come before anything creates it): a
        // resource's JSON is ~3 KB on average and an EOB's ~11 KB, which fit in one 32 KB page,
        // where 4 KB pages chained overflow pages and made 8x the write-ahead log frames (10k-
        // member seed: system time 22 s -> 16 s, and a smaller file than with 16 KB pages;
        // PERFORMANCE.md). WAL lets readers on other threads run while an import writes; NORMAL
        // sync is safe with WAL.
        return {QStringLiteral("PRAGMA page_size=32768"), QStringLiteral("PRAGMA journal_mode=WAL"), QStringLiteral("PRAGMA synchronous=NORMAL"),
                QStringLiteral("PRAGMA foreign_keys=ON"), QStringLiteral("PRAGMA busy_timeout=10000"),
                QStringLiteral("PRAGMA cache_size=-65536"), QStringLiteral("PRAGMA temp_store=MEMORY"),
                QStringLiteral("PRAGMA mmap_size=268435456")};
    }
    return {QStringLiteral("SET client_min_messages TO WARNING")};
}

QStringList SqlDialect::bulkWriteSetup() const
{
    if (m_kind == Kind::SQLite) {
        // A 256 MB page cache (64 MB on other connections): a large write inserts index rows all
        // over the lookup indexes, and with the smaller cache it kept evicting and re-reading
        // their pages (10k-member seed: 78.7 s -> 71.2 s; PERFORMANCE.md).
        return {QStringLiteral("PRAGMA cache_size=-262144")};
    }
    return {};
}

QString SqlDialect::autoIncrementKey() const
{
    return m_kind == Kind::SQLite ? QStringLiteral("INTEGER PRIMARY KEY AUTOINCREMENT")
                                  : QStringLiteral("BIGSERIAL PRIMARY KEY");
}

QString SqlDialect::documentType() const
{
    return m_kind == Kind::SQLite ? QStringLiteral("BLOB") : QStringLiteral("TEXT");
}

QString SqlDialect::bigintType() const
{
    return m_kind == Kind::SQLite ? QStringLiteral("INTEGER") : QStringLiteral("BIGINT");
}

QString SqlDialect::clusteredTableSuffix() const
{
    return m_kind == Kind::SQLite ? QStringLiteral(" WITHOUT ROWID") : QString();
}

QString SqlDialect::notIndexed(const QString &expression) const
{
    // SQLite: a unary + makes the term ineligible for index use (sqlite.org/optoverview.html).
    return m_kind == Kind::SQLite ? QStringLiteral("+") + expression : expression;
}

} // namespace paw::storage
