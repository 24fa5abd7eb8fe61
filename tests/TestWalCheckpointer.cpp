#include "storage/SqliteSqlSession.h"
#include "storage/WalCheckpointer.h"

#include "support/StoreFixture.h"

#include <QFile>
#include <QFileInfo>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace paw;
using paw::test::StoreFixture;

namespace {

// A Patient of ~2 KB, so that a few thousand of them fill more WAL pages than SQLite's
// automatic checkpoint threshold (1,000).
QJsonObject largePatient(int number)
{
    const QString div = u"<div xmlns=\"http://www.w3.org/1999/xhtml\">"_s + QString(2000, u'x') + u"</div>"_s;
    return QJsonObject{{u"resourceType"_s, u"Patient"_s},
                       {u"id"_s, QString(u"p"_s + QString::number(number))},
                       {u"text"_s, QJsonObject{{u"status"_s, u"generated"_s}, {u"div"_s, div}}}};
}

QList<QJsonObject> largePatients(int first, int count)
{
    QList<QJsonObject> out;
    for (int number = first; number < first + count; ++number)
        out << largePatient(number);
    return out;
}

qint64 walSize(const QString &databasePath)
{
    return QFileInfo(databasePath + u"-wal"_s).size(); // 0 when there is none
}

// The database file alone, copied without its WAL and opened on a connection of its own: what a
// crash or a backup of the file would keep. -1 when it cannot be read.
qint64 resourcesInTheFileAlone(const QString &databasePath, const QString &copyPath)
{
    if (!QFile::copy(databasePath, copyPath))
        return -1;
    qint64 count = -1;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"file-alone"_s);
        db.setDatabaseName(copyPath);
        QSqlQuery q(db);
        if (db.open() && q.exec(u"SELECT count(*) FROM resource"_s) && q.next())
            count = q.value(0).toLongLong();
    }
    QSqlDatabase::removeDatabase(u"file-alone"_s);
    return count;
}

} // namespace

class TestWalCheckpointer : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void aBulkWriteEndsUpInTheDatabaseFileAndTheWalIsEmptied()
    {
        StoreFixture f;
        QVERIFY2(f.ok(), qPrintable(f.error));
        const QString path = f.database->config().path;
        const auto written = f.write(largePatients(0, 3000));
        QVERIFY2(written, qPrintable(written ? QString() : written.error()));
        QCOMPARE(written->created, 3000);
        QVERIFY(walSize(path) > 1000 * 4096); // the test writes enough to need a checkpoint

        QCOMPARE(f.database->checkpoint(), QString());
        QCOMPARE(walSize(path), 0);
        QCOMPARE(resourcesInTheFileAlone(path, f.dir.filePath(u"copy.db"_s)), 3000);
        // The store's own connections read it all too.
        QCOMPARE(f.store->countByType().value(u"Patient"_s), 3000);
        QVERIFY(f.store->read(u"Patient"_s, u"p2999"_s));
    }

    void aFailedLargeWriteStillWritesNothing()
    {
        StoreFixture f;
        QVERIFY2(f.ok(), qPrintable(f.error));
        const QString path = f.database->config().path;
        QVERIFY(f.write(largePatients(0, 2000)));
        QList<QJsonObject> batch = largePatients(2000, 2000);
        batch << QJsonObject{{u"resourceType"_s, u"Patient"_s}, {u"id"_s, u"not valid"_s}};
        QVERIFY(!f.write(batch));

        QCOMPARE(f.store->countByType().value(u"Patient"_s), 2000);
        QVERIFY(!f.store->read(u"Patient"_s, u"p2000"_s));
        QCOMPARE(f.database->checkpoint(), QString());
        QCOMPARE(resourcesInTheFileAlone(path, f.dir.filePath(u"copy.db"_s)), 2000);
        // The writer still commits afterwards.
        const auto again = f.write(largePatients(2000, 10));
        QVERIFY2(again, qPrintable(again ? QString() : again.error()));
        QCOMPARE(again->created, 10);
    }

    void closingTheDatabaseLeavesNoWal()
    {
        StoreFixture f;
        QVERIFY2(f.ok(), qPrintable(f.error));
        const QString path = f.database->config().path;
        QVERIFY(f.write(largePatients(0, 3000)));
        QVERIFY(walSize(path) > 0);

        f.store.reset();
        f.database.reset();
        QCOMPARE(walSize(path), 0);
        QCOMPARE(resourcesInTheFileAlone(path, f.dir.filePath(u"copy.db"_s)), 3000);
    }

    // A commit that leaves the WAL longer than the limit waits for a checkpoint of all of it, so
    // the next transaction writes the WAL from its start: it never holds more than the limit
    // plus one transaction, however many transactions follow.
    void theWalStaysWithinItsLimitAcrossManyLargeTransactions()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const QString path = dir.filePath(u"bounded.db"_s);
        constexpr int kMaxFrames = 1500;
        constexpr int kRowsPerTransaction = 500; // one 4 KB page each: ~500 WAL frames
        constexpr int kTransactions = 16;
        qint64 largest = 0;
        {
            QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, u"bounded"_s);
            db.setDatabaseName(path);
            QVERIFY(db.open());
            QSqlQuery q(db);
            QVERIFY(q.exec(u"PRAGMA journal_mode=WAL"_s));
            QVERIFY(q.exec(u"CREATE TABLE blob (n INTEGER PRIMARY KEY, b BLOB NOT NULL)"_s));
            auto checkpointer = storage::WalCheckpointer::start(path, kMaxFrames);
            QVERIFY(checkpointer);
            checkpointer->attach(storage::SqliteSqlSession::nativeHandle(db));

            const QByteArray payload(3900, 'b');
            QVERIFY(q.prepare(u"INSERT INTO blob (n, b) VALUES (?, ?)"_s));
            for (int t = 0; t < kTransactions; ++t) {
                QVERIFY(db.transaction());
                for (int row = 0; row < kRowsPerTransaction; ++row) {
                    q.addBindValue(t * kRowsPerTransaction + row + 1);
                    q.addBindValue(payload);
                    QVERIFY2(q.exec(), qPrintable(q.lastError().text()));
                }
                QVERIFY(db.commit());
                largest = std::max(largest, walSize(path));
            }
            q.finish();
            QVERIFY(q.exec(u"SELECT count(*) FROM blob"_s) && q.next());
            QCOMPARE(q.value(0).toInt(), kTransactions * kRowsPerTransaction);
            q.finish();
            QCOMPARE(checkpointer->checkpointAndTruncate(), QString());
            QCOMPARE(walSize(path), 0);
        }
        QSqlDatabase::removeDatabase(u"bounded"_s);

        const qint64 frame = 24 + 4096;
        const qint64 transaction = qint64(kRowsPerTransaction + 20) * frame;
        QVERIFY(largest > 0);
        QVERIFY2(largest <= 32 + kMaxFrames * frame + transaction,
                 qPrintable(u"the WAL reached %1 bytes"_s.arg(largest)));
        // Without the limit it could have held every transaction.
        QVERIFY(kTransactions * kRowsPerTransaction * frame > 2 * (kMaxFrames * frame + transaction));
    }
};

QTEST_GUILESS_MAIN(TestWalCheckpointer)
#include "TestWalCheckpointer.moc"
