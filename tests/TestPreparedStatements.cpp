#include "storage/DatabaseConfig.h"
#include "storage/PreparedStatements.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QSqlResult>
#include <QTemporaryDir>
#include <QTest>

#include <thread>

using namespace paw;
using storage::PreparedStatements;

namespace {

// The driver's statement handle (sqlite3_stmt*): the same one across runs means prepared once.
const void *statementHandle(QSqlQuery &query)
{
    const QVariant handle = query.result() ? query.result()->handle() : QVariant();
    return handle.isValid() ? *static_cast<void *const *>(handle.constData()) : nullptr;
}

} // namespace

class TestPreparedStatements : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        storage::DatabaseConfig config;
        config.path = m_dir.filePath(QStringLiteral("prepared-%1.sqlite").arg(++m_counter));
        auto database = storage::Database::open(config);
        QVERIFY2(database, qPrintable(database ? QString() : database.error()));
        m_database = *database;
        QSqlQuery q(m_database->connection());
        QVERIFY(q.exec(QStringLiteral("CREATE TABLE pet (name TEXT PRIMARY KEY, kind TEXT NOT NULL)")));
        QVERIFY(q.exec(QStringLiteral("INSERT INTO pet VALUES ('rex', 'dog'), ('tom', 'cat'), ('kit', 'cat')")));
    }
    void cleanup() { m_database.reset(); }

    void theSameSqlRunsAgainWithNewValuesOnOneStatement()
    {
        const PreparedStatements statements(m_database);
        const QString sql = QStringLiteral("SELECT kind FROM pet WHERE name = ?");
        const void *first = nullptr;
        for (const auto &[name, kind] : {std::pair{"rex", "dog"}, std::pair{"tom", "cat"}, std::pair{"nobody", ""}}) {
            auto run = statements.exec(sql, {QString::fromLatin1(name)});
            QVERIFY2(run.ok(), qPrintable(run->lastError().text()));
            if (*kind) {
                QVERIFY(run->next());
                QCOMPARE(run->value(0).toString(), QString::fromLatin1(kind));
            } else {
                QVERIFY(!run->next());
            }
            if (!first)
                first = statementHandle(run.query());
            QVERIFY(first);
            QCOMPARE(statementHandle(run.query()), first);
        }
    }

    void aRunEndsItsStatementWhenItGoesOutOfScope()
    {
        const PreparedStatements statements(m_database);
        QSqlQuery *query = nullptr;
        {
            auto run = statements.exec(QStringLiteral("SELECT name FROM pet ORDER BY name"), {});
            QVERIFY(run.ok() && run->next()); // left on its first row, with a read snapshot open
            query = &run.query();
            QVERIFY(query->isActive());
        }
        QVERIFY(!query->isActive());
        // Each run binds its own values: none is left over from the previous one.
        auto run = statements.exec(QStringLiteral("SELECT COUNT(*) FROM pet WHERE kind = ?"), {QStringLiteral("cat")});
        QVERIFY(run.ok() && run->next());
        QCOMPARE(run->value(0).toInt(), 2);
    }

    void anotherThreadGetsAStatementOfItsOwn()
    {
        const PreparedStatements statements(m_database);
        const QString sql = QStringLiteral("SELECT kind FROM pet WHERE name = ?");
        const void *owners = nullptr;
        {
            auto run = statements.exec(sql, {QStringLiteral("rex")});
            QVERIFY(run.ok() && run->next());
            owners = statementHandle(run.query());
        }
        QString otherKind;
        const void *others = nullptr;
        const void *othersAgain = nullptr;
        std::thread other([&] {
            {
                auto run = statements.exec(sql, {QStringLiteral("tom")});
                if (run.ok() && run->next())
                    otherKind = run->value(0).toString();
                others = statementHandle(run.query());
            }
            {
                auto run = statements.exec(sql, {QStringLiteral("kit")});
                othersAgain = run.ok() ? statementHandle(run.query()) : nullptr;
            }
            storage::Database::releaseThreadConnections();
        });
        other.join();
        QCOMPARE(otherKind, QStringLiteral("cat"));
        QVERIFY(others && others != owners);
        QVERIFY(othersAgain); // prepared for that run alone (the address may be reused)
        auto run = statements.exec(sql, {QStringLiteral("rex")});
        QVERIFY(run.ok() && run->next());
        QCOMPARE(run->value(0).toString(), QStringLiteral("dog"));
        QCOMPARE(statementHandle(run.query()), owners);
    }

    void sqlThatDoesNotPrepareReportsWhyEveryTime()
    {
        const PreparedStatements statements(m_database);
        for (int i = 0; i < 2; ++i) {
            auto run = statements.exec(QStringLiteral("SELECT colour FROM nowhere WHERE x = ?"), {1});
            QVERIFY(!run.ok());
            QVERIFY2(run->lastError().text().contains(QStringLiteral("nowhere")), qPrintable(run->lastError().text()));
        }
    }

private:
    QTemporaryDir m_dir;
    int m_counter = 0;
    std::shared_ptr<storage::Database> m_database;
};

QTEST_GUILESS_MAIN(TestPreparedStatements)
#include "TestPreparedStatements.moc"
