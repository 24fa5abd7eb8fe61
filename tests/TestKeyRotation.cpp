// Signing key rotation (issue 4): the ring's retirement rule, a ring and a running server picking
// up a rotation made in their key folder by another process (`paw key rotate`), and what apps
// see: new tokens carry the new kid, the old kid stays in /auth/jwks and its tokens keep working
// at the FHIR API until they can have expired, then it is gone. Time is a MockClock; no sleeps.

#include "support/HttpTestClient.h"
#include "support/TokenFixture.h"

#include "auth/SigningKeyFolderWatcher.h"
#include "sandbox/SandboxServer.h"

#include <QDir>
#include <QSignalSpy>
#include <QTest>

using namespace paw;
using namespace Qt::StringLiterals;
using auth::SigningKeyRing;
using test::HttpResult;

namespace {

constexpr qint64 kTenMinutesMs = 10 * 60 * 1000;

QStringList kidsOf(const auth::PublicKeySet &keys)
{
    QStringList out;
    for (const auth::PublicKeySet::Entry &entry : keys.entries())
        out << entry.kid;
    return out;
}

} // namespace

class TestKeyRotation : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    platform::MockClock m_clock;
    sandbox::SandboxServer m_server{m_clock};
    test::HttpTestClient m_http;
    QString m_root;
    QString m_clientId;
    QString m_secret;

    QString keyFolder() const { return m_dir.filePath(u"data/keys"_s); }

    // As `paw key rotate` does it: its own ring on the folder, which signs nothing.
    QString rotateElsewhere()
    {
        const auto cli = SigningKeyRing::open(keyFolder(), m_clock);
        if (!cli)
            return {};
        const auto rotated = (*cli)->rotate();
        return rotated ? rotated->kid() : QString();
    }

    QStringList publishedKids()
    {
        const auto keys = auth::PublicKeySet::parse(m_http.get(QUrl(m_root + u"/auth/jwks"_s)).body);
        return keys ? kidsOf(*keys) : QStringList();
    }

    // A code as the authorize pages issue it, exchanged at the token endpoint: the access token.
    QByteArray accessToken()
    {
        auth::AuthorizationCode code;
        code.clientId = m_clientId;
        code.redirectUri = test::kRedirect;
        code.codeChallenge = test::kChallenge;
        code.username = u"alice"_s;
        code.patientId = u"pat-a"_s;
        code.scope = u"openid patient/*.rs offline_access"_s;
        code.expiresMs = m_clock.nowMs() + 60 * 1000;
        const auto issued = auth::GrantStore(m_server.database(), m_clock).issueCode(code);
        if (!issued)
            return {};
        const HttpResult answer = m_http.send(
            "POST", QUrl(m_root + u"/auth/token"_s),
            {{"Content-Type", "application/x-www-form-urlencoded"}, {"Authorization", test::basicAuthorization(m_clientId, m_secret)}},
            test::formBody({{u"grant_type"_s, u"authorization_code"_s}, {u"code"_s, issued->code},
                            {u"redirect_uri"_s, test::kRedirect}, {u"code_verifier"_s, test::kVerifier}}));
        return answer.json().value("access_token"_L1).toString().toLatin1();
    }

    int fhirStatus(const QByteArray &token)
    {
        return m_http.get(QUrl(m_root + u"/fhir/Patient"_s), {{"Authorization", "Bearer " + token}}).status;
    }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(QDir().mkpath(m_dir.filePath(u"data"_s)));
        sandbox::SandboxConfig config;
        config.dataFolder = m_dir.filePath(u"data"_s);
        config.databaseUrl = u"sqlite:"_s + m_dir.filePath(u"data/paw.sqlite"_s);
        config.http.port = 0;
        config.http.threads = 2;
        const QString error = m_server.start(config);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        m_root = m_server.fhirBaseUrl().chopped(5);

        const auth::Persona alice{u"alice"_s, u"Alice Able"_s, auth::Persona::Kind::Member, u"pat-a"_s, u"sandbox"_s};
        QCOMPARE(auth::PersonaStore(m_server.database()).save({alice}, {}), QString());
        const auto added = auth::ClientStore(m_server.database(), m_clock)
                               .add(test::TokenFixture::draft(auth::Client::Type::Confidential, {}));
        QVERIFY2(added, qPrintable(added ? QString() : added.error()));
        m_clientId = added->client.clientId;
        m_secret = added->secret;
    }
    void cleanupTestCase() { m_server.stop(); }

    // --- the ring, without a server

    void aKeyIsRetiredForTheLongestRecordedLifetimePlusTheSkew()
    {
        QTemporaryDir dir;
        const auto server = SigningKeyRing::open(dir.path(), m_clock, kTenMinutesMs);
        QVERIFY(server);
        QCOMPARE((*server)->retirementOfCurrent(), m_clock.now().addSecs(10 * 60 + 60));
        // Another process, which signs nothing, goes by what the server recorded.
        const auto cli = SigningKeyRing::open(dir.path(), m_clock);
        QVERIFY(cli);
        QCOMPARE((*cli)->retirementOfCurrent(), m_clock.now().addSecs(10 * 60 + 60));
        const QString old = (*cli)->current().kid();
        QVERIFY((*cli)->rotate());
        QCOMPARE((*cli)->list().at(1).kid, old);
        QCOMPARE((*cli)->list().at(1).until, m_clock.now().addSecs(10 * 60 + 60));
        // A key no server has signed with yet has no record: the default access lifetime.
        QCOMPARE((*cli)->retirementOfCurrent(), m_clock.now().addSecs(30 * 60 + 60));
    }

    void aRingReloadsWhatAnotherProcessRotated()
    {
        QTemporaryDir dir;
        const auto server = SigningKeyRing::open(dir.path(), m_clock, kTenMinutesMs);
        QVERIFY(server);
        const QString old = (*server)->current().kid();
        const auto cli = SigningKeyRing::open(dir.path(), m_clock);
        const auto rotated = (*cli)->rotate();
        QVERIFY(rotated);
        QCOMPARE((*server)->current().kid(), old); // until it reads the folder again

        const auto changed = (*server)->reload();
        QVERIFY2(changed, qPrintable(changed ? QString() : changed.error()));
        QVERIFY(*changed);
        QCOMPARE((*server)->current().kid(), rotated->kid());
        QCOMPARE(kidsOf((*server)->jwks()), QStringList({rotated->kid(), old}));
        // The server records its lifetime on the key it now signs with.
        QCOMPARE((*server)->list().constFirst().tokenLifetimeMs, kTenMinutesMs);
        QCOMPARE(*(*server)->reload(), false);
    }

    void theWatcherReloadsTheRingWhenItsFolderChanges()
    {
        QTemporaryDir dir;
        const auto server = SigningKeyRing::open(dir.path(), m_clock, kTenMinutesMs);
        QVERIFY(server);
        auth::SigningKeyFolderWatcher watcher(*server);
        QSignalSpy changed(&watcher, &auth::SigningKeyFolderWatcher::currentKeyChanged);
        const auto rotated = (*SigningKeyRing::open(dir.path(), m_clock))->rotate();
        QVERIFY(rotated);
        QVERIFY(changed.wait(10000));
        QCOMPARE(changed.constFirst().constFirst().toString(), rotated->kid());
        QCOMPARE((*server)->current().kid(), rotated->kid());
    }

    // --- the running server

    void aRotationElsewhereReachesTheRunningServerAndItsTokens()
    {
        const QStringList before = publishedKids();
        QCOMPARE(before.size(), 1);
        const QString oldKid = before.constFirst();
        const QByteArray oldToken = accessToken();
        QVERIFY(!oldToken.isEmpty());
        QCOMPARE(test::decodedPart(oldToken, 0).value("kid"_L1).toString(), oldKid);
        QCOMPARE(fhirStatus(oldToken), 200);

        m_clock.advanceSecond(5 * 60);
        const QDateTime retiredUntil = m_clock.now().addSecs(30 * 60 + 60); // the server's 30 minutes, plus the skew
        const QString newKid = rotateElsewhere();
        QVERIFY(!newKid.isEmpty());
        QTRY_COMPARE_WITH_TIMEOUT(publishedKids(), QStringList({newKid, oldKid}), 10000);

        // New tokens carry the new kid; the old token still works.
        const QByteArray newToken = accessToken();
        QCOMPARE(test::decodedPart(newToken, 0).value("kid"_L1).toString(), newKid);
        QCOMPARE(fhirStatus(newToken), 200);
        QCOMPARE(fhirStatus(oldToken), 200);

        // The old token's last moment: its exp (25 minutes on) and the 60 s the API allows.
        m_clock.advanceSecond(25 * 60 + 59);
        QCOMPARE(fhirStatus(oldToken), 200);
        QVERIFY(publishedKids().contains(oldKid));

        // At the retirement time the old kid leaves the JWKS; its file goes with the next rotation.
        m_clock.advanceMs(m_clock.now().msecsTo(retiredUntil) - 1);
        QVERIFY(publishedKids().contains(oldKid));
        m_clock.advanceMs(1);
        QCOMPARE(publishedKids(), QStringList{newKid});
        QCOMPARE(fhirStatus(oldToken), 401);
        const QString oldFile = QDir(keyFolder()).filePath(oldKid + u".pem"_s);
        QVERIFY(QFile::exists(oldFile));
        const QString thirdKid = rotateElsewhere();
        QVERIFY(!thirdKid.isEmpty());
        QVERIFY(!QFile::exists(oldFile));
        QTRY_COMPARE_WITH_TIMEOUT(publishedKids(), QStringList({thirdKid, newKid}), 10000);
        // Private keys stay owner-only.
        const QFileDevice::Permissions ownerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
        for (const QString &kid : {newKid, thirdKid})
            QCOMPARE(QFile::permissions(QDir(keyFolder()).filePath(kid + u".pem"_s)) & ~(QFileDevice::ReadUser | QFileDevice::WriteUser),
                     ownerOnly);
    }
};

QTEST_GUILESS_MAIN(TestKeyRotation)
#include "TestKeyRotation.moc"
