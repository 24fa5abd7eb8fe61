#include "storage/Database.h"
#include "storage/DatabaseConfig.h"

#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <thread>

using namespace paw::storage;

class TestDatabase : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void eachThreadHasItsOwnConnection()
    {
        QTemporaryDir dir;
        DatabaseConfig config;
        config.path = dir.filePath(QStringLiteral("paw.sqlite"));
        auto database = Database::open(config);
        QVERIFY2(database, qPrintable(database ? QString() : database.error()));
        const QString mine = (*database)->connection().connectionName();
        QString theirs;
        std::thread([&] { theirs = (*database)->connection().connectionName(); }).join();
        QVERIFY(!theirs.isEmpty());
        QVERIFY(theirs != mine);
    }

    // Resources are a few KB of JSON: a new database gets 32 KB pages, one that exists keeps its own.
    void aNewDatabaseHasLargePagesAndAnOldOneKeepsItsOwn()
    {
        QTemporaryDir dir;
        const auto pageSize = [](const std::shared_ptr<Database> &database) {
            QSqlQuery q(database->connection());
            return q.exec(QStringLiteral("PRAGMA page_size")) && q.next() ? q.value(0).toInt() : -1;
        };
        DatabaseConfig config;
        config.path = dir.filePath(QStringLiteral("new.sqlite"));
        {
            auto database = Database::open(config);
            QVERIFY(database);
            QCOMPARE(pageSize(*database), 32768);
        }
        {
            QSqlDatabase old = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("old"));
            old.setDatabaseName(dir.filePath(QStringLiteral("old.sqlite")));
            QVERIFY(old.open());
            QSqlQuery q(old);
            QVERIFY(q.exec(QStringLiteral("PRAGMA page_size=4096")));
            QVERIFY(q.exec(QStringLiteral("CREATE TABLE t (x)")));
            old.close();
        }
        QSqlDatabase::removeDatabase(QStringLiteral("old"));
        config.path = dir.filePath(QStringLiteral("old.sqlite"));
        auto database = Database::open(config);
        QVERIFY2(database, qPrintable(database ? QString() : database.error()));
        QCOMPARE(pageSize(*database), 4096);
        QSqlQuery q((*database)->connection());
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM resource")) && q.next());
    }

    // A thread releases its connections before it ends (an HTTP worker does, HttpServerConfig::
    // onWorkerExit): they are gone at once, the other threads' connections stay usable.
    void aThreadReleasesItsConnectionsOnRequest()
    {
        QTemporaryDir dir;
        DatabaseConfig config;
        config.path = dir.filePath(QStringLiteral("paw.sqlite"));
        auto database = Database::open(config);
        QVERIFY(database);
        const QString mine = (*database)->connection().connectionName();
        QString theirs;
        bool hadIt = false;
        bool hasItAfterRelease = true;
        std::thread([&] {
            QSqlDatabase db = (*database)->connection();
            theirs = db.connectionName();
            hadIt = QSqlDatabase::contains(theirs) && db.isOpen();
            db = QSqlDatabase();
            Database::releaseThreadConnections();
            hasItAfterRelease = QSqlDatabase::contains(theirs);
        }).join();
        QVERIFY(hadIt);
        QVERIFY(!hasItAfterRelease);
        QVERIFY(QSqlDatabase::contains(mine));
        QSqlQuery q((*database)->connection());
        QVERIFY(q.exec(QStringLiteral("SELECT 1")) && q.next());
    }
};

QTEST_GUILESS_MAIN(TestDatabase)
#include "TestDatabase.moc"
