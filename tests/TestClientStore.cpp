#include "auth/ClientSecret.h"
#include "auth/ClientStore.h"
#include "storage/DatabaseConfig.h"

#include <QRegularExpression>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace paw;
using auth::Client;
using auth::ClientSecret;
using auth::ClientStore;

namespace {

Client draft(Client::Type type)
{
    Client c;
    c.name = QStringLiteral("Blue Button Viewer");
    c.type = type;
    c.redirectUris = {QStringLiteral("https://viewer.example.org/callback"), QStringLiteral("http://127.0.0.1:9000/cb")};
    c.allowedScopes = {QStringLiteral("openid"), QStringLiteral("patient/*.rs")};
    if (type == Client::Type::Asymmetric)
        c.jwks = QStringLiteral("{\"keys\":[]}");
    return c;
}

} // namespace

class TestClientStore : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init()
    {
        storage::DatabaseConfig config;
        config.path = m_dir.filePath(QStringLiteral("clients-%1.sqlite").arg(++m_counter));
        auto database = storage::Database::open(config);
        QVERIFY2(database, qPrintable(database ? QString() : database.error()));
        m_database = *database;
    }
    void cleanup() { m_database.reset(); }

    void aConfidentialClientGetsItsSecretOnceAndOnlyItsHashIsKept()
    {
        ClientStore store(m_database, m_clock);
        const auto added = store.add(draft(Client::Type::Confidential));
        QVERIFY2(added, qPrintable(added ? QString() : added.error()));
        QCOMPARE(added->secret.size(), 43);
        QCOMPARE(added->client.created, m_clock.now());
        // "paw-" and 32 hex digits: never read as a command-line option.
        QVERIFY2(QRegularExpression(QStringLiteral("^paw-[0-9a-f]{32}$")).match(added->client.clientId).hasMatch(),
                 qPrintable(added->client.clientId));

        const auto found = store.find(added->client.clientId);
        QVERIFY(found && *found);
        const Client &stored = **found;
        QCOMPARE(stored.name, QStringLiteral("Blue Button Viewer"));
        QCOMPARE(stored.redirectUris, draft(Client::Type::Confidential).redirectUris);
        QCOMPARE(stored.allowedScopes, draft(Client::Type::Confidential).allowedScopes);
        QCOMPARE(stored.status, Client::Status::Active);
        QVERIFY(ClientSecret::matches(added->secret, stored.secretHash));
        QVERIFY(!ClientSecret::matches(added->secret.left(42), stored.secretHash));
        QVERIFY(!ClientSecret::matches(QString(), stored.secretHash));

        // The secret is nowhere in the database.
        QSqlQuery q(m_database->connection());
        QVERIFY(q.exec(QStringLiteral("SELECT count(*) FROM client WHERE secret_hash LIKE '%") + added->secret
                       + QStringLiteral("%' OR name LIKE '%") + added->secret + QStringLiteral("%'")) && q.next());
        QCOMPARE(q.value(0).toInt(), 0);
    }

    void publicAndAsymmetricClientsHaveNoSecret()
    {
        ClientStore store(m_database, m_clock);
        for (const Client::Type type : {Client::Type::Public, Client::Type::Asymmetric}) {
            const auto added = store.add(draft(type));
            QVERIFY2(added, qPrintable(added ? QString() : added.error()));
            QVERIFY(added->secret.isEmpty());
            QVERIFY((*store.find(added->client.clientId))->secretHash.isEmpty());
            QVERIFY(!store.rotateSecret(added->client.clientId));
        }
    }

    void badRegistrationsAreRefusedWithEveryReason_data()
    {
        QTest::addColumn<Client>("client");
        QTest::addColumn<QStringList>("reasons");
        Client noName = draft(Client::Type::Public);
        noName.name = QStringLiteral(" ");
        QTest::newRow("no name") << noName << QStringList{QStringLiteral("name")};
        Client noRedirect = draft(Client::Type::Public);
        noRedirect.redirectUris.clear();
        QTest::newRow("no redirect URI") << noRedirect << QStringList{QStringLiteral("redirect URI")};
        Client badRedirects = draft(Client::Type::Confidential);
        badRedirects.redirectUris = {QStringLiteral("http://example.org/cb"), QStringLiteral("https://a.example/cb#frag")};
        QTest::newRow("two bad redirect URIs") << badRedirects
                                               << QStringList{QStringLiteral("http://example.org/cb: "), QStringLiteral("#frag: ")};
        Client noKeys = draft(Client::Type::Asymmetric);
        noKeys.jwks.clear();
        QTest::newRow("asymmetric without keys") << noKeys << QStringList{QStringLiteral("public keys")};
        Client httpJwks = draft(Client::Type::Asymmetric);
        httpJwks.jwks.clear();
        httpJwks.jwksUri = QStringLiteral("http://keys.example.org/jwks");
        QTest::newRow("jwks_uri over http") << httpJwks << QStringList{QStringLiteral("https")};
        Client badJwks = draft(Client::Type::Asymmetric);
        badJwks.jwks = QStringLiteral("[1]");
        QTest::newRow("JWKS not a key set") << badJwks << QStringList{QStringLiteral("keys")};
        Client keysOnConfidential = draft(Client::Type::Confidential);
        keysOnConfidential.jwks = QStringLiteral("{\"keys\":[]}");
        QTest::newRow("keys on a confidential client") << keysOnConfidential << QStringList{QStringLiteral("only an asymmetric")};
    }
    void badRegistrationsAreRefusedWithEveryReason()
    {
        QFETCH(Client, client);
        QFETCH(QStringList, reasons);
        ClientStore store(m_database, m_clock);
        const auto added = store.add(client);
        QVERIFY(!added);
        for (const QString &reason : reasons)
            QVERIFY2(added.error().contains(reason), qPrintable(added.error()));
        QCOMPARE(store.list()->size(), 0);
    }

    void rotatingTheSecretEndsTheOldOne()
    {
        ClientStore store(m_database, m_clock);
        const auto added = store.add(draft(Client::Type::Confidential));
        QVERIFY(added);
        const auto rotated = store.rotateSecret(added->client.clientId);
        QVERIFY2(rotated, qPrintable(rotated ? QString() : rotated.error()));
        QVERIFY(rotated->secret != added->secret);
        const QString hash = (*store.find(added->client.clientId))->secretHash;
        QVERIFY(ClientSecret::matches(rotated->secret, hash));
        QVERIFY(!ClientSecret::matches(added->secret, hash));
    }

    void disableListAndRemove()
    {
        ClientStore store(m_database, m_clock);
        Client second = draft(Client::Type::Public);
        second.name = QStringLiteral("Another App");
        const auto a = store.add(draft(Client::Type::Public));
        const auto b = store.add(second);
        QVERIFY(a && b);
        QCOMPARE(store.setStatus(a->client.clientId, Client::Status::Disabled), QString());
        QCOMPARE((*store.find(a->client.clientId))->status, Client::Status::Disabled);
        const auto all = store.list();
        QVERIFY(all);
        QCOMPARE(all->size(), 2);
        QCOMPARE(all->at(0).name, QStringLiteral("Another App")); // by name
        QCOMPARE(store.remove(a->client.clientId), QString());
        QVERIFY(!*store.find(a->client.clientId));
        QVERIFY(!store.remove(a->client.clientId).isEmpty());
        QVERIFY(!store.setStatus(QStringLiteral("nobody"), Client::Status::Active).isEmpty());
        QVERIFY(!*store.find(QStringLiteral("nobody")));
    }

private:
    QTemporaryDir m_dir;
    int m_counter = 0;
    std::shared_ptr<storage::Database> m_database;
    platform::MockClock m_clock;
};

QTEST_GUILESS_MAIN(TestClientStore)
#include "TestClientStore.moc"
