// The `_security` search parameter that lets the access layer withhold sensitive records in SQL:
// written for every new resource by the indexer, and (schema step 8) filled in for a store
// written before the parameter existed, with the same rows.

#include "storage/Database.h"
#include "storage/DatabaseConfig.h"

#include "support/StoreFixture.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

using namespace Qt::StringLiterals;
using namespace paw;
using test::jsonObject;
using test::StoreFixture;

namespace {

const char *const kTwoLabels = PAW_JSON({"resourceType":"Condition","id":"two","meta":{"security":[
    {"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"PSY","display":"Psychiatry disorder information sensitivity"},
    {"system":"http://terminology.hl7.org/CodeSystem/v3-ActCode","code":"ETH"}]},
    "subject":{"reference":"Patient/p1"}});
const char *const kNoSystem = PAW_JSON({"resourceType":"Observation","id":"bare","meta":{"security":[{"code":"HIV"}]},
    "status":"final","code":{"text":"x"}});
const char *const kNoCode = PAW_JSON({"resourceType":"Observation","id":"nocode","meta":{"security":[{"display":"nothing"}]},
    "status":"final","code":{"text":"x"}});
const char *const kUnlabelled = PAW_JSON({"resourceType":"Observation","id":"plain","meta":{"profile":["http://x.test/p"]},
    "status":"final","code":{"text":"the word security, quoted: \"security\""}});

QStringList securityRows(storage::Database &database)
{
    QSqlQuery q(database.connection());
    if (!q.exec(u"SELECT seq, rtype, system, code, text FROM idx_token WHERE param = '_security'"
                " ORDER BY seq, system, code"_s))
        qFatal("%s", qPrintable(q.lastError().text()));
    QStringList rows;
    while (q.next())
        rows << QStringList{q.value(0).toString(), q.value(1).toString(), q.value(2).toString(), q.value(3).toString(),
                            q.value(4).toString()}.join(u" | ");
    return rows;
}

} // namespace

class TestAccessSecurityIndex : public QObject
{
    Q_OBJECT

    std::unique_ptr<StoreFixture> f;

private Q_SLOTS:
    void init()
    {
        f = std::make_unique<StoreFixture>();
        QVERIFY2(f->ok(), qPrintable(f->error));
        QVERIFY(f->write({jsonObject(kTwoLabels), jsonObject(kNoSystem), jsonObject(kNoCode), jsonObject(kUnlabelled)}));
    }

    void cleanup() { f.reset(); }

    void everyLabelIsIndexedAsATokenOfItsCodeAndSystem()
    {
        const QStringList rows = securityRows(*f->database);
        QCOMPARE(rows.size(), 3);
        QVERIFY(rows.at(0).endsWith(u"| http://terminology.hl7.org/CodeSystem/v3-ActCode | ETH | "_s));
        QVERIFY(rows.at(1).endsWith(u"| PSY | psychiatry disorder information sensitivity"_s));
        QVERIFY(rows.at(2).endsWith(u"Observation |  | HIV | "_s));
        QCOMPARE(test::references(f->search(u"Condition"_s, u"_security=PSY"_s)->matches), QStringList{u"Condition/two"_s});
        QCOMPARE(test::references(f->search(u"Observation"_s, u"_security:not=HIV"_s)->matches),
                 QStringList({u"Observation/nocode"_s, u"Observation/plain"_s}));
    }

    void aStoreWrittenBeforeTheParameterGetsTheSameRows()
    {
        const QStringList written = securityRows(*f->database);
        QCOMPARE(written.size(), 3);

        // The store as an older PAW left it: no `_security` rows, nor the later steps' columns
        // (step 9's auth_time), schema version 7.
        {
            QSqlQuery q(f->database->connection());
            QVERIFY(q.exec(u"DELETE FROM idx_token WHERE param = '_security'"_s));
            QVERIFY(q.exec(u"ALTER TABLE auth_code DROP COLUMN auth_time"_s));
            QVERIFY(q.exec(u"ALTER TABLE auth_grant DROP COLUMN auth_time"_s));
            QVERIFY(q.exec(u"UPDATE schema_version SET version = 7"_s));
        }
        QVERIFY(securityRows(*f->database).isEmpty());
        const storage::DatabaseConfig config = f->database->config();
        f->store.reset();
        f->database.reset();

        auto reopened = storage::Database::open(config);
        QVERIFY2(reopened, qPrintable(reopened ? QString() : reopened.error()));
        QCOMPARE(securityRows(**reopened), written);
    }
};

QTEST_GUILESS_MAIN(TestAccessSecurityIndex)
#include "TestAccessSecurityIndex.moc"
