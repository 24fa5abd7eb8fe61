#pragma once

#include "storage/Database.h"

#include <QHash>
#include <QSqlQuery>
#include <QString>
#include <QVariant>

#include <atomic>
#include <memory>
#include <optional>

namespace paw::storage {

/// The statements of a store that runs the same few SQL texts on every request (the token
/// endpoint's code, grant, client and persona lookups): each prepared once on the connection of
/// the thread that first uses the store, and run again with new values. Qt's QSQLITE and QPSQL
/// keep a prepared statement compiled between exec()s, so a lookup skips parsing and planning its
/// SQL, which cost as much as running it. Any other thread gets a statement prepared for that one
/// use: a store shared by mistake stays correct, only slower.
///
/// A run must end (go out of scope) before the same SQL runs again on the same thread: both would
/// be the one statement. A store that keeps one must be destroyed on its thread before the thread's connection is
/// released (Database::releaseThreadConnections), like any QSqlQuery.
class PreparedStatements
{
public:
    /// One run of a statement: binds `values` by position and executes. The statement is reset
    /// (and so its read snapshot or write transaction ended) when the Run goes out of scope.
    class Run
    {
    public:
        Run(const Run &) = delete;
        Run &operator=(const Run &) = delete;
        ~Run();
        bool ok() const { return m_ok; }
        QSqlQuery &query() { return *m_query; }
        QSqlQuery *operator->() { return m_query; }

    private:
        friend class PreparedStatements;
        /// Runs `cached`, or when it is null a statement prepared here for this run alone.
        Run(QSqlQuery *cached, const Database &database, const QString &sql, const QVariantList &values);
        std::optional<QSqlQuery> m_own;
        QSqlQuery *m_query;
        bool m_ok = false;
    };

    explicit PreparedStatements(std::shared_ptr<Database> database);

    /// Runs `sql` with `values` (a null QString binds as SQL NULL: use sqlText for NOT NULL text).
    /// Check ok(); on failure query().lastError() says why.
    Run exec(const QString &sql, const QVariantList &values) const;

private:
    QSqlQuery *cached(const QString &sql) const;

    std::shared_ptr<Database> m_database;
    mutable std::atomic<Qt::HANDLE> m_owner{nullptr};
    mutable QHash<QString, QSqlQuery> m_queries; // the owner thread's only
};

} // namespace paw::storage
