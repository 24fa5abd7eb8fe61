#include "auth/DiscoveryRoutes.h"
#include "auth/GrantStore.h"
#include "auth/TokenRoutes.h"
#include "http/HttpService.h"
#include "support/HttpTestClient.h"
#include "support/TokenFixture.h"

#include <QTest>

using namespace paw;
using namespace Qt::StringLiterals;
using test::FormPairs;

// The token side through the real server on port 0, two worker threads, over loopback HTTP.
class TestTokenRoutes : public QObject
{
    Q_OBJECT

    test::TokenFixture f;
    http::HttpService m_service;

    QUrl url(const QString &path) const { return QUrl(u"http://127.0.0.1:%1%2"_s.arg(m_service.port()).arg(path)); }

    test::HttpResult post(const QString &path, const FormPairs &pairs, const QByteArray &authorization)
    {
        QList<QPair<QByteArray, QByteArray>> headers{{"Content-Type", "application/x-www-form-urlencoded"}};
        if (!authorization.isEmpty())
            headers.append({"Authorization", authorization});
        return m_client.send("POST", url(path), headers, test::formBody(pairs));
    }

    QByteArray basic() const { return test::basicAuthorization(f.confidential.clientId, f.secret); }

    QJsonObject exchange()
    {
        const QString code = f.issueCode(f.confidential.clientId, u"openid fhirUser patient/*.rs offline_access"_s);
        const test::HttpResult result = post(u"/auth/token"_s,
                                             {{u"grant_type"_s, u"authorization_code"_s}, {u"code"_s, code},
                                              {u"redirect_uri"_s, test::kRedirect}, {u"code_verifier"_s, test::kVerifier}},
                                             basic());
        return result.status == 200 ? result.json() : QJsonObject();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QCOMPARE(f.setUpKeys(), QString());
        QCOMPARE(f.setUpDatabase(), QString());
        http::HttpServerConfig config;
        config.port = 0;
        config.threads = 2;
        config.onWorkerExit = &storage::Database::releaseThreadConnections;
        const auth::TokenServiceConfig tokenConfig = f.config();
        const QString error = m_service.start(config, [tokenConfig](quint16) {
            http::Router router;
            // As the sandbox wires it: the key set through the discovery routes.
            const std::shared_ptr<auth::SigningKeyRing> keys = tokenConfig.keys;
            auth::DiscoveryRoutes::registerRoutes(auth::DiscoveryDocuments(tokenConfig.root, {}), [keys] { return keys->jwksJson(); },
                                                  router);
            auth::TokenRoutes::registerRoutes(router, tokenConfig);
            return router;
        });
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }
    void cleanupTestCase()
    {
        m_service.stop();
        f.tearDownDatabase();
    }

    void theRingsKeysArePublished()
    {
        const test::HttpResult result = m_client.get(url(u"/auth/jwks"_s));
        QCOMPARE(result.status, 200);
        const auto keys = auth::PublicKeySet::parse(result.body);
        QVERIFY(keys);
        QVERIFY(keys->find(f.keys->current().kid()));
    }

    void aCodeBecomesTokensThatIntrospectRevokeAndAnswerUserInfo()
    {
        const QJsonObject tokens = exchange();
        QVERIFY(!tokens.isEmpty());
        const QByteArray access = tokens.value("access_token"_L1).toString().toLatin1();

        const test::HttpResult info = m_client.get(url(u"/auth/userinfo"_s), {{"Authorization", "Bearer " + access}});
        QCOMPARE(info.status, 200);
        QCOMPARE(info.json().value("fhirUser"_L1).toString(), u"https://paw.test/fhir/Patient/p1"_s);

        const test::HttpResult refreshed = post(u"/auth/token"_s,
                                                {{u"grant_type"_s, u"refresh_token"_s},
                                                 {u"refresh_token"_s, tokens.value("refresh_token"_L1).toString()}},
                                                basic());
        QCOMPARE(refreshed.status, 200);
        QCOMPARE(refreshed.header("Cache-Control"), QByteArray("no-store"));

        const test::HttpResult live = post(u"/auth/introspect"_s, {{u"token"_s, QString::fromLatin1(access)}}, basic());
        QCOMPARE(live.status, 200);
        QVERIFY(live.json().value("active"_L1).toBool());

        QCOMPARE(post(u"/auth/revoke"_s, {{u"token"_s, QString::fromLatin1(access)}}, basic()).status, 200);
        const test::HttpResult dead = post(u"/auth/introspect"_s, {{u"token"_s, QString::fromLatin1(access)}}, basic());
        QVERIFY(!dead.json().value("active"_L1).toBool());
    }

    void theTokenEndpointTakesOnlyPost()
    {
        QCOMPARE(m_client.get(url(u"/auth/token"_s)).status, 405);
        const test::HttpResult refused = post(u"/auth/token"_s, {{u"grant_type"_s, u"refresh_token"_s}}, "Basic Zm9vOmJhcg==");
        QCOMPARE(refused.status, 401);
        QCOMPARE(refused.json().value("error"_L1).toString(), u"invalid_client"_s);
        QCOMPARE(refused.header("WWW-Authenticate"), QByteArray("Basic realm=\"paw\""));
    }

    void attackConcurrentRefreshesWithOneTokenEndTheGrant()
    {
        // Two requests race with the same refresh token on two workers: at most one gets tokens,
        // and either way the second use is a reuse that ends the grant.
        const QJsonObject tokens = exchange();
        QVERIFY(!tokens.isEmpty());
        const QByteArray body = test::formBody({{u"grant_type"_s, u"refresh_token"_s},
                                                {u"refresh_token"_s, tokens.value("refresh_token"_L1).toString()}});
        QNetworkAccessManager manager;
        QList<QNetworkReply *> replies;
        for (int i = 0; i < 2; ++i) {
            QNetworkRequest request(url(u"/auth/token"_s));
            request.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
            request.setRawHeader("Authorization", basic());
            replies.append(manager.post(request, body));
        }
        QTRY_VERIFY_WITH_TIMEOUT(replies.at(0)->isFinished() && replies.at(1)->isFinished(), 30000);
        int successes = 0;
        for (QNetworkReply *reply : std::as_const(replies)) {
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            QVERIFY(status == 200 || status == 400);
            successes += status == 200 ? 1 : 0;
            reply->deleteLater();
        }
        QVERIFY(successes <= 1);
        const QString grantId = test::decodedPart(tokens.value("access_token"_L1).toString().toLatin1(), 1)
                                    .value("grant_id"_L1)
                                    .toString();
        const auto grant = auth::GrantStore(f.database, f.clock).find(grantId);
        QVERIFY(grant && grant.value());
        QVERIFY(!(*grant)->isActive(f.clock.nowMs()));
    }

private:
    test::HttpTestClient m_client;
};

QTEST_GUILESS_MAIN(TestTokenRoutes)
#include "TestTokenRoutes.moc"
