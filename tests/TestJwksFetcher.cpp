// private_key_jwt with a jwks_uri: the client's keys fetched over HTTPS from a real server on
// loopback (a generated certificate the fetcher is told to trust), cached, refetched at most
// once a minute when an assertion names a key the cached set lacks; every failure refused.

#include "support/FormBody.h"
#include "support/TokenFixture.h"

#include "auth/ClientAuthenticator.h"
#include "auth/JwksFetcher.h"
#include "http/HttpService.h"
#include "http/SelfSignedCertificate.h"
#include "http/TlsCredentials.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <atomic>
#include <mutex>

using namespace paw;
using namespace Qt::StringLiterals;

namespace {

/// What the JWKS server serves, changed by the tests while it runs.
struct Served
{
    std::mutex mutex;
    QByteArray jwks;
    std::atomic_int requests{0};
};

} // namespace

class TestJwksFetcher : public QObject
{
    Q_OBJECT

    test::TokenFixture f;
    QTemporaryDir m_dir;
    http::HttpService m_service;
    std::shared_ptr<Served> m_served = std::make_shared<Served>();
    QSslConfiguration m_trust;

    QString url(const char *path) const { return u"https://127.0.0.1:%1/"_s.arg(m_service.port()) + QLatin1String(path); }
    auth::JwksFetcher::Settings trusting() const
    {
        auth::JwksFetcher::Settings settings;
        settings.tls = m_trust;
        settings.timeoutMs = 2000;
        return settings;
    }
    void serve(const QString &jwks)
    {
        std::lock_guard lock(m_served->mutex);
        m_served->jwks = jwks.toUtf8();
    }

private Q_SLOTS:
    void initTestCase()
    {
        QCOMPARE(f.setUpKeys(), QString());
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const auto pem = http::SelfSignedCertificate::generate(now);
        QVERIFY(pem);
        const QString cert = m_dir.filePath(u"cert.pem"_s);
        const QString key = m_dir.filePath(u"key.pem"_s);
        for (const auto &[path, content] : {std::pair{cert, pem->certificate}, std::pair{key, pem->privateKey}}) {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(content);
        }
        const auto credentials = http::TlsCredentials::load(cert, key, now);
        QVERIFY2(credentials, qPrintable(credentials ? QString() : credentials.error()));
        m_trust = QSslConfiguration::defaultConfiguration();
        m_trust.setCaCertificates({credentials->certificate()});

        http::HttpServerConfig config;
        config.port = 0;
        config.threads = 2;
        config.tls = credentials->serverConfiguration();
        const auto served = m_served;
        const QString error = m_service.start(config, [served](quint16) {
            http::Router router;
            router.route({"GET"}, u"/jwks.json"_s, [served](const http::HttpRequest &, const QStringList &) {
                ++served->requests;
                std::lock_guard lock(served->mutex);
                return http::HttpResponse::withBody(200, "application/json", served->jwks);
            });
            router.route({"GET"}, u"/big.json"_s, [](const http::HttpRequest &, const QStringList &) {
                return http::HttpResponse::withBody(200, "application/json", "{\"keys\":[]," + QByteArray(100 * 1024, ' ') + "}");
            });
            router.route({"GET"}, u"/slow.json"_s, [](const http::HttpRequest &, const QStringList &) {
                QThread::msleep(1500);
                return http::HttpResponse::withBody(200, "application/json", "{\"keys\":[]}");
            });
            return router;
        });
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }
    void cleanupTestCase() { m_service.stop(); }
    void init()
    {
        QCOMPARE(f.setUpDatabase(), QString());
        serve(test::TokenFixture::jwksOf({&*f.rs384}));
        m_served->requests = 0;
    }
    void cleanup() { f.tearDownDatabase(); }

    void aJwksIsFetchedOverHttpsAndCached()
    {
        auth::JwksFetcher fetcher(f.clock, trusting());
        const auto first = fetcher.fetch(url("jwks.json"));
        QVERIFY2(first, qPrintable(first ? QString() : first.error()));
        QVERIFY(first->contains("\"keys\""));
        QVERIFY(fetcher.fetch(url("jwks.json")));
        QCOMPARE(m_served->requests.load(), 1);
        f.clock.advanceMs(5 * 60 * 1000);
        QVERIFY(fetcher.fetch(url("jwks.json")));
        QCOMPARE(m_served->requests.load(), 2);
    }

    void onlyHttpsUrlsAreFetched()
    {
        auth::JwksFetcher fetcher(f.clock, trusting());
        QVERIFY(!fetcher.fetch(u"http://127.0.0.1:%1/jwks.json"_s.arg(m_service.port())));
        QVERIFY(!fetcher.fetch(u"not a url"_s));
        QCOMPARE(m_served->requests.load(), 0);
    }

    void anAnswerOtherThan200IsAnError()
    {
        auth::JwksFetcher fetcher(f.clock, trusting());
        const auto missing = fetcher.fetch(url("missing.json"));
        QVERIFY(!missing);
        QVERIFY2(missing.error().contains(u"404"_s), qPrintable(missing.error()));
    }

    void anOversizedJwksIsRefused()
    {
        auth::JwksFetcher fetcher(f.clock, trusting());
        const auto big = fetcher.fetch(url("big.json"));
        QVERIFY(!big);
        QVERIFY2(big.error().contains(u"larger"_s), qPrintable(big.error()));
    }

    void aServerThatDoesNotAnswerInTimeIsAnError()
    {
        auth::JwksFetcher::Settings settings = trusting();
        settings.timeoutMs = 300;
        auth::JwksFetcher fetcher(f.clock, settings);
        QVERIFY(!fetcher.fetch(url("slow.json")));
    }

    void aCertificateNobodyVouchesForIsRefused()
    {
        auth::JwksFetcher fetcher(f.clock); // the system's authorities only
        QVERIFY(!fetcher.fetch(url("jwks.json")));
        QCOMPARE(m_served->requests.load(), 0);
    }

    void anAssertionIsCheckedAgainstTheKeysAtTheJwksUriAndARotationIsFollowed()
    {
        auth::Client remote = test::TokenFixture::draft(auth::Client::Type::Asymmetric, {});
        remote.jwksUri = url("jwks.json");
        const auto added = auth::ClientStore(f.database, f.clock).add(remote);
        QVERIFY2(added, qPrintable(added ? QString() : added.error()));
        const QString id = added->client.clientId;
        auth::JwksFetcher fetcher(f.clock, trusting());
        const auto authenticate = [&](const auth::SigningKey &key) {
            const QJsonObject who{{u"iss"_s, id}, {u"sub"_s, id}};
            const http::HttpRequest request = test::formPost(u"/auth/token"_s, f.assertionPairs(f.assertion(key, who)));
            auth::ClientAuthenticator authenticator(f.database, f.clock, test::kTokenUrl, &fetcher);
            return authenticator.authenticate(request, *auth::FormParameters::parse(request));
        };
        const auto accepted = authenticate(*f.rs384);
        QVERIFY2(accepted, qPrintable(accepted ? QString() : accepted.error().description));
        QCOMPARE(accepted->client.clientId, id);
        // A key the published set does not hold is refused.
        QVERIFY(!authenticate(*f.es384));
        // The client rotates to its ES384 key. Within a minute of the last fetch the cached set
        // stands (a flood of unknown kids cannot make PAW hammer the client's server) ...
        serve(test::TokenFixture::jwksOf({&*f.es384}));
        QVERIFY(!authenticate(*f.es384));
        // ... after it, the set is fetched again and the new key accepted.
        f.clock.advanceMs(61 * 1000);
        const auto rotated = authenticate(*f.es384);
        QVERIFY2(rotated, qPrintable(rotated ? QString() : rotated.error().description));
    }
};

QTEST_GUILESS_MAIN(TestJwksFetcher)
#include "TestJwksFetcher.moc"
