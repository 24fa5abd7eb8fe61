// access::AuditLog: events recorded from many threads all land in audit_event, queries filter
// and order them, and the queue stays bounded when the database cannot keep up.

#include "access/AuditLog.h"
#include "access/AuditLogQueue.h"
#include "platform/Clock.h"
#include "storage/Database.h"
#include "storage/DatabaseConfig.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <thread>
#include <vector>

using namespace paw;
using access::AuditEvent;
using access::AuditLog;
using access::AuditLogQuery;
using access::AuditLogQueue;

namespace {

AuditEvent fhirEvent(qint64 timeMs, const QString &client, const QString &patient, const QString &query = QStringLiteral("/fhir/Patient"))
{
    AuditEvent e;
    e.timeMs = timeMs;
    e.kind = AuditEvent::Kind::Fhir;
    e.clientId = client;
    e.username = QStringLiteral("member-") + patient;
    e.patientId = patient;
    e.interaction = QStringLiteral("search");
    e.query = query;
    e.resultCount = 3;
    e.status = 200;
    e.outcome = QStringLiteral("ok");
    e.tokenId = QStringLiteral("jti-") + QString::number(timeMs);
    return e;
}

QStringList queries(const QList<AuditEvent> &events)
{
    QStringList out;
    for (const AuditEvent &e : events)
        out << e.query;
    return out;
}

} // namespace

class TestAuditLog : public QObject
{
    Q_OBJECT

private:
    std::shared_ptr<storage::Database> open()
    {
        storage::DatabaseConfig config;
        config.path = m_dir.filePath(QStringLiteral("audit-%1.sqlite").arg(++m_counter));
        auto database = storage::Database::open(config);
        if (!database)
            qFatal("cannot open the test database: %s", qUtf8Printable(database.error()));
        return *database;
    }

    QTemporaryDir m_dir;
    int m_counter = 0;
    platform::MockClock m_clock;

private Q_SLOTS:
    void eventsFromManyThreadsAllLand()
    {
        const auto database = open();
        AuditLog log(database, m_clock, AuditLog::Options{100000, 64, 5, 100});
        constexpr int kThreads = 6;
        constexpr int kEach = 700;
        std::vector<std::thread> threads;
        for (int t = 0; t < kThreads; ++t) {
            threads.emplace_back([&log, t] {
                for (int i = 0; i < kEach; ++i)
                    log.record(fhirEvent(1000 + i, QStringLiteral("client-%1").arg(t), QStringLiteral("p%1").arg(i % 7)));
            });
        }
        for (std::thread &thread : threads)
            thread.join();
        QCOMPARE(log.flush(), QString());
        QCOMPARE(log.dropped(), 0);
        QSqlQuery count(database->connection());
        QVERIFY(count.exec(QStringLiteral("SELECT count(*), count(DISTINCT client_id) FROM audit_event")) && count.next());
        QCOMPARE(count.value(0).toInt(), kThreads * kEach);
        QCOMPARE(count.value(1).toInt(), kThreads);
    }

    void everyFieldRoundTrips()
    {
        AuditLog log(open(), m_clock);
        AuditEvent token;
        token.timeMs = 1234;
        token.kind = AuditEvent::Kind::Token;
        token.clientId = QStringLiteral("paw-abc");
        token.username = QStringLiteral("parent-0");
        token.patientId = QStringLiteral("p1");
        token.interaction = QStringLiteral("authorization_code");
        token.query = QStringLiteral("openid patient/*.rs");
        token.status = 400;
        token.outcome = QStringLiteral("invalid_grant");
        token.tokenId = QString(); // a refusal has none: stored as '', read back empty
        log.record(token);
        QCOMPARE(log.flush(), QString());
        const auto found = log.query({});
        QVERIFY2(found, qPrintable(found ? QString() : found.error()));
        QCOMPARE(found->size(), 1);
        const AuditEvent &e = found->constFirst();
        QCOMPARE(e.timeMs, 1234);
        QVERIFY(e.kind == AuditEvent::Kind::Token);
        QCOMPARE(e.clientId, token.clientId);
        QCOMPARE(e.username, token.username);
        QCOMPARE(e.patientId, token.patientId);
        QCOMPARE(e.interaction, token.interaction);
        QCOMPARE(e.query, token.query);
        QCOMPARE(e.resultCount, 0);
        QCOMPARE(e.status, 400);
        QCOMPARE(e.outcome, token.outcome);
        QVERIFY(e.tokenId.isEmpty());
    }

    void anEventWithoutATimeGetsTheClocks()
    {
        AuditLog log(open(), m_clock);
        log.record(fhirEvent(0, QStringLiteral("c"), QStringLiteral("p")));
        QCOMPARE(log.flush(), QString());
        QCOMPARE(log.query({})->constFirst().timeMs, m_clock.nowMs());
    }

    void queriesFilterByPatientClientAndTimeNewestFirst_data()
    {
        QTest::addColumn<QString>("patient");
        QTest::addColumn<QString>("client");
        QTest::addColumn<qint64>("since");
        QTest::addColumn<qint64>("until");
        QTest::addColumn<int>("limit");
        QTest::addColumn<QStringList>("expected");
        QTest::addRow("everything, newest first") << QString() << QString() << qint64(0) << qint64(0) << 100
                                                  << QStringList{QStringLiteral("e5"), QStringLiteral("e4"), QStringLiteral("e3"),
                                                                 QStringLiteral("e2"), QStringLiteral("e1")};
        QTest::addRow("one patient") << QStringLiteral("pa") << QString() << qint64(0) << qint64(0) << 100
                                     << QStringList{QStringLiteral("e4"), QStringLiteral("e2"), QStringLiteral("e1")};
        QTest::addRow("one client") << QString() << QStringLiteral("cb") << qint64(0) << qint64(0) << 100
                                    << QStringList{QStringLiteral("e5"), QStringLiteral("e4")};
        QTest::addRow("a patient and a client") << QStringLiteral("pa") << QStringLiteral("cb") << qint64(0) << qint64(0) << 100
                                                << QStringList{QStringLiteral("e4")};
        QTest::addRow("since a time, inclusive") << QString() << QString() << qint64(3000) << qint64(0) << 100
                                                 << QStringList{QStringLiteral("e5"), QStringLiteral("e4"), QStringLiteral("e3")};
        QTest::addRow("a time range, end exclusive") << QString() << QString() << qint64(2000) << qint64(4000) << 100
                                                     << QStringList{QStringLiteral("e3"), QStringLiteral("e2")};
        QTest::addRow("at most two") << QString() << QString() << qint64(0) << qint64(0) << 2
                                     << QStringList{QStringLiteral("e5"), QStringLiteral("e4")};
        QTest::addRow("no such patient") << QStringLiteral("nobody") << QString() << qint64(0) << qint64(0) << 100 << QStringList();
        QTest::addRow("a range after every event") << QString() << QString() << qint64(9000) << qint64(0) << 100 << QStringList();
    }
    void queriesFilterByPatientClientAndTimeNewestFirst()
    {
        QFETCH(QString, patient);
        QFETCH(QString, client);
        QFETCH(qint64, since);
        QFETCH(qint64, until);
        QFETCH(int, limit);
        QFETCH(QStringList, expected);
        AuditLog log(open(), m_clock);
        log.record(fhirEvent(1000, QStringLiteral("ca"), QStringLiteral("pa"), QStringLiteral("e1")));
        log.record(fhirEvent(2000, QStringLiteral("ca"), QStringLiteral("pa"), QStringLiteral("e2")));
        log.record(fhirEvent(3000, QStringLiteral("ca"), QStringLiteral("pb"), QStringLiteral("e3")));
        log.record(fhirEvent(4000, QStringLiteral("cb"), QStringLiteral("pa"), QStringLiteral("e4")));
        log.record(fhirEvent(5000, QStringLiteral("cb"), QStringLiteral("pb"), QStringLiteral("e5")));
        QCOMPARE(log.flush(), QString());
        const auto found = log.query(AuditLogQuery{patient, client, since, until, limit});
        QVERIFY2(found, qPrintable(found ? QString() : found.error()));
        QCOMPARE(queries(*found), expected);
    }

    void eventsOfTheSameMillisecondKeepTheirOrder()
    {
        AuditLog log(open(), m_clock);
        for (int i = 0; i < 4; ++i)
            log.record(fhirEvent(7000, QStringLiteral("c"), QStringLiteral("p"), QString::number(i)));
        QCOMPARE(log.flush(), QString());
        QCOMPARE(queries(*log.query({})), (QStringList{QStringLiteral("3"), QStringLiteral("2"), QStringLiteral("1"), QStringLiteral("0")}));
    }

    void destroyingTheLogWritesWhatIsQueued()
    {
        const auto database = open();
        {
            AuditLog log(database, m_clock, AuditLog::Options{1000, 500, 60000, 1000}); // would linger a minute
            for (int i = 0; i < 10; ++i)
                log.record(fhirEvent(100 + i, QStringLiteral("c"), QStringLiteral("p")));
        }
        AuditLog reader(database, m_clock);
        QCOMPARE(reader.query({})->size(), 10);
    }

    void aFailedWriteIsReportedAndRetried()
    {
        const auto database = open();
        QSqlQuery drop(database->connection());
        QVERIFY(drop.exec(QStringLiteral("ALTER TABLE audit_event RENAME TO audit_event_away")));
        AuditLog log(database, m_clock, AuditLog::Options{1000, 500, 1, 20});
        log.record(fhirEvent(100, QStringLiteral("c"), QStringLiteral("p")));
        QVERIFY(!log.flush().isEmpty()); // the table is missing: reported, the event kept
        QVERIFY(drop.exec(QStringLiteral("ALTER TABLE audit_event_away RENAME TO audit_event")));
        QTRY_COMPARE(log.query({})->size(), 1); // the retry wrote it
        QCOMPARE(log.dropped(), 0);
    }

    // The queue alone, without threads: bounded, the oldest go first, drops counted.
    void aFullQueueDropsTheOldest()
    {
        AuditLogQueue queue(3);
        for (int i = 1; i <= 5; ++i)
            queue.push(fhirEvent(i, QStringLiteral("c"), QStringLiteral("p"), QString::number(i)));
        QCOMPARE(queue.size(), 3);
        QCOMPARE(queue.dropped(), 2);
        QCOMPARE(queries(queue.take(10)), (QStringList{QStringLiteral("3"), QStringLiteral("4"), QStringLiteral("5")}));
        QVERIFY(queue.isEmpty());
    }

    void aBatchPutBackGoesFirstAsFarAsRoomAllows()
    {
        AuditLogQueue queue(3);
        queue.push(fhirEvent(1, QStringLiteral("c"), QStringLiteral("p"), QStringLiteral("a")));
        queue.push(fhirEvent(2, QStringLiteral("c"), QStringLiteral("p"), QStringLiteral("b")));
        const QList<AuditEvent> batch = queue.take(2);
        queue.push(fhirEvent(3, QStringLiteral("c"), QStringLiteral("p"), QStringLiteral("c")));
        queue.push(fhirEvent(4, QStringLiteral("c"), QStringLiteral("p"), QStringLiteral("d")));
        queue.putBack(batch); // room for one: the newer of the two
        QCOMPARE(queue.dropped(), 1);
        QCOMPARE(queries(queue.take(10)), (QStringList{QStringLiteral("b"), QStringLiteral("c"), QStringLiteral("d")}));
    }

    void aStalledWriterCostsBoundedMemory()
    {
        const auto database = open();
        // Another connection holds the write lock, so the writer cannot write for a while.
        storage::DatabaseConfig config = database->config();
        auto blocker = storage::Database::open(config);
        QVERIFY(blocker);
        QSqlQuery lock((*blocker)->connection());
        QVERIFY(lock.exec(QStringLiteral("BEGIN IMMEDIATE")));
        AuditLog log(database, m_clock, AuditLog::Options{8, 4, 1, 10});
        for (int i = 0; i < 100; ++i)
            log.record(fhirEvent(1 + i, QStringLiteral("c"), QStringLiteral("p"), QString::number(i)));
        QVERIFY(lock.exec(QStringLiteral("ROLLBACK")));
        QTRY_VERIFY(log.flush().isEmpty());
        const auto stored = log.query(AuditLogQuery{{}, {}, 0, 0, 1000});
        QVERIFY(stored);
        // Every event is written or counted as dropped; the newest always survive.
        QCOMPARE(stored->size() + log.dropped(), 100);
        QVERIFY(log.dropped() > 0);
        QCOMPARE(stored->constFirst().query, QStringLiteral("99"));
    }
};

QTEST_GUILESS_MAIN(TestAuditLog)
#include "TestAuditLog.moc"
