#include "storage/Database.h"
#include "storage/DatabaseConfig.h"
#include "storage/SqlSession.h"
#include "storage/WalCheckpointer.h"

#include <QFileInfo>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace paw::storage;

namespace {


} // namespace

class TestWalCheckpointer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void checkpointsOnItsOwnThreadWhenAsked()
    {
        QTemporaryDir dir;
        DatabaseConfig config;
        config.path = dir.filePath(QStringLiteral("paw.sqlite"));
        auto opened = Database::open(config);
        QVERIFY(opened);
        Database &database = **opened;
        QSqlQuery q(database.connection());
        QVERIFY(q.exec(QStringLiteral("PRAGMA wal_autocheckpoint=0")));
        QVERIFY(q.exec(QStringLiteral("CREATE TABLE t (n INTEGER)")));
        QVERIFY(q.exec(QStringLiteral("WITH RECURSIVE c(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM c WHERE n < 20000)"
                                      " INSERT INTO t SELECT n FROM c")));
        const qint64 fileBefore = QFileInfo(config.path).size();

        WalCheckpointer checkpointer(config.path);
        QCOMPARE(checkpointer.completed(), 0);
        checkpointer.request();
        checkpointer.waitUntilIdle();
        QCOMPARE(checkpointer.completed(), 1);
        QVERIFY(QFileInfo(config.path).size() > fileBefore); // the pages moved into the database file
        QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM t")) && q.next());
        QCOMPARE(q.value(0).toInt(), 20000);
        QVERIFY(q.exec(QStringLiteral("PRAGMA wal_autocheckpoint=1000")));
    }

    // A bulk session's commit asks the database's checkpointer, which copies the pages into the
    // database file; the connection's own checkpoints come back after the session's transaction.
    void aBulkSessionCommitAsksTheDatabasesCheckpointer()
    {
        QTemporaryDir dir;
        DatabaseConfig config;
        config.path = dir.filePath(QStringLiteral("paw.sqlite"));
        auto opened = Database::open(config);
        QVERIFY(opened);
        Database &database = **opened;
        QSqlQuery q(database.connection());
        QVERIFY(q.exec(QStringLiteral("CREATE TABLE t (n INTEGER PRIMARY KEY, s TEXT)")));
        const qint64 fileBefore = QFileInfo(config.path).size();
        auto session = database.sqlSession();
        QVERIFY(session);
        QCOMPARE(session->begin(), QString());
        auto insert = session->prepare(QStringLiteral("INSERT INTO t (n, s) VALUES (?, ?)"));
        QVERIFY(insert);
        const QByteArray text(300, 'x');
        for (qint64 n = 1; n <= 20000; ++n)
            QVERIFY((*insert)->exec({n, SqlValue(text)}));
        QVERIFY(database.walCheckpointer());
        QCOMPARE(database.walCheckpointer()->completed(), 0);
        QCOMPARE(session->commit(), QString());
        database.walCheckpointer()->waitUntilIdle();
        QCOMPARE(database.walCheckpointer()->completed(), 1);
        QVERIFY(QFileInfo(config.path).size() > fileBefore + 20000 * 300);
        QVERIFY(q.exec(QStringLiteral("PRAGMA wal_autocheckpoint")) && q.next());
        QCOMPARE(q.value(0).toInt(), 1000);
        QVERIFY(q.exec(QStringLiteral("SELECT COUNT(*) FROM t")) && q.next());
        QCOMPARE(q.value(0).toInt(), 20000);
    }
};

QTEST_GUILESS_MAIN(TestWalCheckpointer)
#include "TestWalCheckpointer.moc"
