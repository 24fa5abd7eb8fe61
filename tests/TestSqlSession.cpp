#include "storage/SqlSession.h"
#include "storage/Database.h"
#include "storage/DatabaseConfig.h"
#include "storage/QtSqlSession.h"
#include "storage/SqliteSqlSession.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace paw::storage;

namespace {

enum class Implementation { SqliteApi, QtSql };

std::unique_ptr<SqlSession> makeWriter(Implementation implementation, const Database &database)
{
    if (implementation == Implementation::SqliteApi)
        return SqliteSqlSession::create(database.connection());
    return std::make_unique<QtSqlSession>(database.connection());
}

const QStringList kColumns{QStringLiteral("n"), QStringLiteral("t")};

} // namespace

class TestSqlSession : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        QVERIFY(m_dir.isValid());
        DatabaseConfig config;
        config.path = m_dir.filePath(QStringLiteral("bulk-%1.sqlite").arg(++m_counter));
        auto database = Database::open(config);
        QVERIFY2(database, qPrintable(database ? QString() : database.error()));
        m_database = *database;
        QSqlQuery q(m_database->connection());
        QVERIFY(q.exec(QStringLiteral("CREATE TABLE t (n INTEGER NOT NULL CHECK (n > 0), t TEXT NOT NULL,"
                                      " PRIMARY KEY (n, t))")));
    }
    void cleanup() { m_database.reset(); }

    void implementations_data()
    {
        QTest::addColumn<Implementation>("implementation");
        QTest::addRow("the SQLite C API") << Implementation::SqliteApi;
        QTest::addRow("Qt SQL") << Implementation::QtSql;
    }

    void theDatabaseChoosesTheSqliteApiForSqlite()
    {
        const auto writer = m_database->sqlSession();
        QVERIFY(dynamic_cast<SqliteSqlSession *>(writer.get()));
    }

    void writesEveryRowWithTextAsUtf8_data() { implementations_data(); }
    void writesEveryRowWithTextAsUtf8()
    {
        QFETCH(Implementation, implementation);
        auto writer = makeWriter(implementation, *m_database);
        QVERIFY(writer);
        QCOMPARE(writer->begin(), QString());
        auto *rows = writer->inserter(QStringLiteral("t"), kColumns);
        // More rows than one multi-row INSERT holds, so that batching and the final flush both run.
        for (qint64 n = 1; n <= 150; ++n)
            QCOMPARE(rows->add({n, QByteArray(QByteArray("Müller-") + QByteArray::number(n))}), QString());
        QCOMPARE(rows->add({qint64(151), QByteArray()}), QString()); // null text is '', not NULL
        QCOMPARE(rows->add({qint64(1), QByteArray("Müller-1")}), QString()); // a duplicate is skipped
        QCOMPARE(writer->commit(), QString());

        QSqlQuery q(m_database->connection());
        QVERIFY(q.exec(QStringLiteral("SELECT count(*), sum(n) FROM t")) && q.next());
        QCOMPARE(q.value(0).toInt(), 151);
        QCOMPARE(q.value(1).toInt(), 151 * 152 / 2);
        QVERIFY(q.exec(QStringLiteral("SELECT t FROM t WHERE n = 7")) && q.next());
        QCOMPARE(q.value(0).toString(), QStringLiteral("Müller-7"));
        QVERIFY(q.exec(QStringLiteral("SELECT t IS NULL, length(t) FROM t WHERE n = 151")) && q.next());
        QCOMPARE(q.value(0).toInt(), 0);
        QCOMPARE(q.value(1).toInt(), 0);
    }

    void statementsReturnTheirRow_data() { implementations_data(); }
    void statementsReturnTheirRow()
    {
        QFETCH(Implementation, implementation);
        auto writer = makeWriter(implementation, *m_database);
        QCOMPARE(writer->begin(), QString());
        auto insert = writer->prepare(QStringLiteral("INSERT INTO t (n, t) VALUES (?, ?) RETURNING n"));
        QVERIFY(insert);
        const auto inserted = (*insert)->exec({qint64(42), QByteArray("é")});
        QVERIFY(inserted && *inserted);
        QCOMPARE((*insert)->intValue(0), 42);
        auto find = writer->prepare(QStringLiteral("SELECT n, t FROM t WHERE n = ?"));
        QVERIFY(find);
        auto found = (*find)->exec({qint64(42)});
        QVERIFY(found && *found);
        QCOMPARE((*find)->textValue(1), QByteArray("é"));
        found = (*find)->exec({qint64(43)});
        QVERIFY(found && !*found);
        QCOMPARE(writer->commit(), QString());
    }

    void anInsertReportsTheNewKeyOrNoRowOnAConflict_data() { implementations_data(); }
    void anInsertReportsTheNewKeyOrNoRowOnAConflict()
    {
        QFETCH(Implementation, implementation);
        QSqlQuery q(m_database->connection());
        QVERIFY(q.exec(QStringLiteral("CREATE TABLE keyed (k INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL UNIQUE)")));
        auto writer = makeWriter(implementation, *m_database);
        QCOMPARE(writer->begin(), QString());
        auto insert = writer->prepareInsert(QStringLiteral("INSERT INTO keyed (name) VALUES (?) ON CONFLICT (name) DO NOTHING"),
                                            QStringLiteral("k"));
        QVERIFY2(insert, qPrintable(insert ? QString() : insert.error()));
        for (qint64 key = 1; key <= 3; ++key) {
            const auto inserted = (*insert)->exec({QByteArray("name-" + QByteArray::number(key))});
            QVERIFY(inserted && *inserted);
            QCOMPARE((*insert)->intValue(0), key);
            (*insert)->finish();
        }
        // A row that is already there: no row, however many were inserted before it.
        const auto skipped = (*insert)->exec({QByteArray("name-2")});
        QVERIFY(skipped && !*skipped);
        const auto next = (*insert)->exec({QByteArray("name-4")});
        QVERIFY(next && *next);
        const qint64 fourth = (*insert)->intValue(0); // (SQLite's AUTOINCREMENT spent a key on the conflict)
        (*insert)->finish();
        QVERIFY(!writer->prepareInsert(QStringLiteral("INSERT INTO nowhere (name) VALUES (?)"), QStringLiteral("k")));
        QCOMPARE(writer->commit(), QString());
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM keyed")) && q.next());
        QCOMPARE(q.value(0).toInt(), 4);
        QVERIFY(q.exec(QStringLiteral("SELECT k FROM keyed WHERE name = 'name-4'")) && q.next());
        QCOMPARE(q.value(0).toLongLong(), fourth);
    }

    void reportsTheFailingRow_data()
    {
        QTest::addColumn<Implementation>("implementation");
        QTest::addColumn<QString>("where");
        QTest::addRow("the SQLite C API names the row and its values") << Implementation::SqliteApi << QStringLiteral("row 3 (-1, 'bad')");
        QTest::addRow("Qt SQL names the rows of the failing INSERT") << Implementation::QtSql << QStringLiteral("rows 1 to 3");
    }
    void reportsTheFailingRow()
    {
        QFETCH(Implementation, implementation);
        QFETCH(QString, where);
        auto writer = makeWriter(implementation, *m_database);
        QCOMPARE(writer->begin(), QString());
        auto *rows = writer->inserter(QStringLiteral("t"), kColumns);
        QString error = rows->add({qint64(1), QByteArray("a")});
        error += rows->add({qint64(2), QByteArray("b")});
        error += rows->add({qint64(-1), QByteArray("bad")});
        error += rows->flush();
        QVERIFY2(error.contains(where), qPrintable(error));
        QVERIFY2(error.contains(QStringLiteral("CHECK constraint failed")), qPrintable(error));
        writer->rollback();
    }

    void rejectsAnUnknownTable_data() { implementations_data(); }
    void rejectsAnUnknownTable()
    {
        QFETCH(Implementation, implementation);
        auto writer = makeWriter(implementation, *m_database);
        QCOMPARE(writer->begin(), QString());
        auto *rows = writer->inserter(QStringLiteral("missing"), kColumns);
        QString error = rows->add({qint64(1), QByteArray("a")});
        error += rows->flush();
        QVERIFY2(error.contains(QStringLiteral("missing")), qPrintable(error));
        QVERIFY(!writer->prepare(QStringLiteral("SELECT nothing FROM nowhere")));
        writer->rollback();
    }

    void rollbackLeavesNothing_data() { implementations_data(); }
    void rollbackLeavesNothing()
    {
        QFETCH(Implementation, implementation);
        {
            auto writer = makeWriter(implementation, *m_database);
            QCOMPARE(writer->begin(), QString());
            auto *rows = writer->inserter(QStringLiteral("t"), kColumns);
            for (qint64 n = 1; n <= 70; ++n)
                QCOMPARE(rows->add({n, QByteArray("x")}), QString());
            auto insert = writer->prepare(QStringLiteral("INSERT INTO t (n, t) VALUES (?, ?)"));
            QVERIFY(insert && (*insert)->exec({qint64(500), QByteArray("y")}));
            writer->rollback();
        }
        {
            // A writer destroyed inside its transaction rolls back too.
            auto writer = makeWriter(implementation, *m_database);
            QCOMPARE(writer->begin(), QString());
            QCOMPARE(writer->inserter(QStringLiteral("t"), kColumns)->add({qint64(9), QByteArray("z")}), QString());
        }
        QSqlQuery q(m_database->connection());
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM t")) && q.next());
        QCOMPARE(q.value(0).toInt(), 0);
    }

private:
    QTemporaryDir m_dir;
    int m_counter = 0;
    std::shared_ptr<Database> m_database;
};

QTEST_GUILESS_MAIN(TestSqlSession)
#include "TestSqlSession.moc"
