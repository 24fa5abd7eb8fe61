#include "storage/Database.h"

#include "storage/Migrations.h"
#include "storage/SqliteSqlSession.h"

#include <QAtomicInteger>
#include <QDir>
#include <QFileInfo>
#include <QLoggingCategory>
#include <QSqlError>
#include <QSqlQuery>
#include <QStringList>
#include <QThread>

#include <sqlite3.h>

Q_LOGGING_CATEGORY(lcDatabase, "paw.storage.database")

namespace paw::storage {

namespace {

QAtomicInteger<quint64> s_instanceCounter;

// Names of the connections this thread opened, removed when the thread ends.
struct ThreadConnections
{
    QStringList names;
    ~ThreadConnections() { release(); }
    void release()
    {
        for (const QString &name : std::as_const(names)) {
            {
                QSqlDatabase db = QSqlDatabase::database(name, false);
                if (db.isValid())
                    db.close();
            }
            QSqlDatabase::removeDatabase(name);
        }
        names.clear();
    }
};
thread_local ThreadConnections t_connections;
thread_local QString t_lastError;

} // namespace

Database::Database(DatabaseConfig config)
    : m_config(std::move(config))
    , m_dialect(m_config.kind)
    , m_namePrefix(QStringLiteral("paw-%1-").arg(++s_instanceCounter))
{
}

Database::~Database()
{
    // Connections of other threads are removed by those threads; this thread's now.
    const QString name = connectionName();
    if (QSqlDatabase::contains(name)) {
        {
            QSqlDatabase db = QSqlDatabase::database(name, false);
            db.close();
        }
        QSqlDatabase::removeDatabase(name);
        t_connections.names.removeAll(name);
    }
}

void Database::releaseThreadConnections()
{
    t_connections.release();
}

Expected<std::shared_ptr<Database>, QString> Database::open(const DatabaseConfig &config)
{
    if (config.kind == SqlDialect::Kind::SQLite) {
        const QFileInfo file(config.path);
        if (!QDir().mkpath(file.absolutePath()))
            return QStringLiteral("cannot create the folder %1").arg(file.absolutePath());
    }
    std::shared_ptr<Database> database(new Database(config));
    QSqlDatabase db = database->connection();
    if (!db.isOpen())
        return QStringLiteral("cannot open %1: %2").arg(config.displayUrl(), database->connectionError());
    const QString error = Migrations::migrate(db, database->dialect());
    if (!error.isEmpty())
        return QStringLiteral("cannot migrate %1: %2").arg(config.displayUrl(), error);
    if (config.kind == SqlDialect::Kind::SQLite) {
        // Now that the file exists in WAL mode; connections opened from here on attach themselves.
        database->m_checkpointer = WalCheckpointer::start(config.path);
        if (database->m_checkpointer)
            database->m_checkpointer->attach(SqliteSqlSession::nativeHandle(db));
    }
    return database;
}

QString Database::connectionName() const
{
    return m_namePrefix + QString::number(reinterpret_cast<quintptr>(QThread::currentThreadId()), 16);
}

QSqlDatabase Database::connection() const
{
    const QString name = connectionName();
    if (QSqlDatabase::contains(name))
        return QSqlDatabase::database(name, false);

    QSqlDatabase db = QSqlDatabase::addDatabase(m_dialect.driverName(), name);
    t_connections.names << name;
    if (m_config.kind == SqlDialect::Kind::SQLite) {
        // SQLite counts every allocation under a global mutex unless told not to; the counts
        // are never read, and they cost an import's writer thread ~3%. Only possible before
        // the library initializes (the first connection); later calls change nothing.
        static const int memoryStatusOff = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
        Q_UNUSED(memoryStatusOff);
        db.setDatabaseName(m_config.path);
    } else {
        db.setHostName(m_config.host);
        db.setPort(m_config.port);
        db.setDatabaseName(m_config.database);
        db.setUserName(m_config.user);
        db.setPassword(m_config.password);
    }
    if (!db.open()) {
        t_lastError = db.lastError().text();
        qCWarning(lcDatabase) << "cannot open" << m_config.displayUrl() << t_lastError;
        return db;
    }
    t_lastError.clear();
    QSqlQuery setup(db);
    for (const QString &statement : m_dialect.connectionSetup()) {
        if (!setup.exec(statement))
            qCWarning(lcDatabase) << "setup statement failed:" << statement << setup.lastError().text();
    }
    if (m_checkpointer)
        m_checkpointer->attach(SqliteSqlSession::nativeHandle(db));
    return db;
}

QString Database::connectionError() const
{
    return t_lastError;
}

QString Database::checkpoint() const
{
    return m_checkpointer ? m_checkpointer->checkpointAndTruncate() : QString();
}

std::unique_ptr<SqlSession> Database::sqlSession() const
{
    QSqlDatabase db = connection();
    if (!db.isOpen())
        return nullptr;
    return SqlSession::create(db, m_dialect);
}

} // namespace paw::storage
