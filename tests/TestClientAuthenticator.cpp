#include "support/Tamper.h"
#include "auth/AssertionJtiStore.h"
#include "auth/ClientAuthenticator.h"
#include "support/TokenFixture.h"

#include <QSqlQuery>
#include <QTest>

using namespace paw;
using namespace Qt::StringLiterals;
using auth::ClientAuthenticator;
using auth::OAuthError;
using test::FormPairs;

namespace {

const QString kPath = QStringLiteral("/auth/token");

} // namespace

class TestClientAuthenticator : public QObject
{
    Q_OBJECT

    test::TokenFixture f;

    Expected<ClientAuthenticator::Authenticated, OAuthError> authenticate(const FormPairs &pairs,
                                                                          const QByteArray &authorization = {})
    {
        const http::HttpRequest request = test::formPost(kPath, pairs, authorization);
        const auto form = auth::FormParameters::parse(request);
        if (!form)
            return OAuthError::invalidRequest(form.error());
        ClientAuthenticator authenticator(f.database, f.clock, test::kTokenUrl);
        return authenticator.authenticate(request, form.value());
    }

    // The request must be refused with `error` (and 401 for invalid_client).
    void expectRefused(const Expected<ClientAuthenticator::Authenticated, OAuthError> &result, const char *error,
                       const QString &descriptionPart = {})
    {
        QVERIFY2(!result, "the client was authenticated");
        QCOMPARE(result.error().error, QLatin1String(error));
        QCOMPARE(result.error().status, result.error().error == QLatin1String("invalid_client") ? 401 : 400);
        QVERIFY2(result.error().description.contains(descriptionPart), qPrintable(result.error().description));
    }

    void expectAssertionRefused(const QByteArray &jwt, const QString &descriptionPart)
    {
        QVERIFY(!jwt.isEmpty());
        expectRefused(authenticate(f.assertionPairs(jwt)), "invalid_client", descriptionPart);
    }

private Q_SLOTS:
    void initTestCase() { QCOMPARE(f.setUpKeys(), QString()); }
    void init() { QCOMPARE(f.setUpDatabase(), QString()); }
    void cleanup() { f.tearDownDatabase(); }

    // --- secrets

    void clientSecretBasicAuthenticatesAConfidentialClient()
    {
        const auto result = authenticate({{QStringLiteral("grant_type"), QStringLiteral("authorization_code")}},
                                         test::basicAuthorization(f.confidential.clientId, f.secret));
        QVERIFY2(result, qPrintable(result ? QString() : result.error().description));
        QCOMPARE(result->client.clientId, f.confidential.clientId);
        QCOMPARE(result->method, ClientAuthenticator::Method::SecretBasic);
    }

    void basicCredentialsAreFormUrlDecodedFirst()
    {
        // RFC 6749 §2.3.1: "-" may arrive as %2D; the id must still match.
        QString encodedId = f.confidential.clientId;
        encodedId.replace(u'-', QStringLiteral("%2D"));
        const QByteArray header = "Basic " + QByteArray(encodedId.toLatin1() + ':' + f.secret.toLatin1()).toBase64();
        const auto result = authenticate({}, header);
        QVERIFY2(result, qPrintable(result ? QString() : result.error().description));
        QCOMPARE(result->client.clientId, f.confidential.clientId);
    }

    void clientSecretPostAuthenticatesTheSameClient()
    {
        const auto result = authenticate({{QStringLiteral("client_id"), f.confidential.clientId},
                                          {QStringLiteral("client_secret"), f.secret}});
        QVERIFY2(result, qPrintable(result ? QString() : result.error().description));
        QCOMPARE(result->method, ClientAuthenticator::Method::SecretPost);
    }

    void aPublicClientNamesItselfWithClientIdAlone()
    {
        const auto result = authenticate({{QStringLiteral("client_id"), f.publicClient.clientId}});
        QVERIFY2(result, qPrintable(result ? QString() : result.error().description));
        QCOMPARE(result->method, ClientAuthenticator::Method::None);
    }

    void attackWrongSecretWithBasicIsRefusedWithAChallenge()
    {
        const auto result = authenticate({}, test::basicAuthorization(f.confidential.clientId, test::withLastCharacterChanged(f.secret)));
        expectRefused(result, "invalid_client");
        QVERIFY(result.error().basicChallenge);
        QCOMPARE(result.error().toResponse().header("WWW-Authenticate"), QByteArray("Basic realm=\"paw\""));
    }

    void attackWrongSecretWithPostIsRefused()
    {
        const auto result = authenticate({{QStringLiteral("client_id"), f.confidential.clientId},
                                          {QStringLiteral("client_secret"), QStringLiteral("guess")}});
        expectRefused(result, "invalid_client");
        QVERIFY(!result.error().basicChallenge);
        QVERIFY(result.error().toResponse().header("WWW-Authenticate").isEmpty());
    }

    void attackUnknownClientIsRefused()
    {
        expectRefused(authenticate({}, test::basicAuthorization(QStringLiteral("paw-nobody"), f.secret)), "invalid_client");
        expectRefused(authenticate({{QStringLiteral("client_id"), QStringLiteral("paw-nobody")}}), "invalid_client");
    }

    void attackDisabledClientIsRefused()
    {
        QCOMPARE(auth::ClientStore(f.database, f.clock).setStatus(f.confidential.clientId, auth::Client::Status::Disabled), QString());
        expectRefused(authenticate({}, test::basicAuthorization(f.confidential.clientId, f.secret)), "invalid_client", u"disabled"_s);
        QCOMPARE(auth::ClientStore(f.database, f.clock).setStatus(f.publicClient.clientId, auth::Client::Status::Disabled), QString());
        expectRefused(authenticate({{QStringLiteral("client_id"), f.publicClient.clientId}}), "invalid_client", u"disabled"_s);
    }

    void severalMethodsAtOnceAreAnInvalidRequest()
    {
        const QByteArray basic = test::basicAuthorization(f.confidential.clientId, f.secret);
        expectRefused(authenticate({{QStringLiteral("client_secret"), f.secret}}, basic), "invalid_request", u"more than one"_s);
        expectRefused(authenticate(f.assertionPairs(f.assertion(*f.rs384)), basic), "invalid_request", u"more than one"_s);
        FormPairs both = f.assertionPairs(f.assertion(*f.rs384));
        both.append({QStringLiteral("client_secret"), f.secret});
        expectRefused(authenticate(both), "invalid_request", u"more than one"_s);
    }

    void aClientIdThatContradictsBasicIsAnInvalidRequest()
    {
        expectRefused(authenticate({{QStringLiteral("client_id"), f.publicClient.clientId}},
                                   test::basicAuthorization(f.confidential.clientId, f.secret)),
                      "invalid_request");
    }

    void eachClientOnlyAuthenticatesItsOwnWay()
    {
        // A confidential client must prove itself; a public one has no secret to give.
        expectRefused(authenticate({{QStringLiteral("client_id"), f.confidential.clientId}}), "invalid_client", u"must authenticate"_s);
        expectRefused(authenticate({{QStringLiteral("client_id"), f.asymmetric.clientId}}), "invalid_client", u"private_key_jwt"_s);
        expectRefused(authenticate({{QStringLiteral("client_id"), f.publicClient.clientId}, {QStringLiteral("client_secret"), f.secret}}),
                      "invalid_client");
        expectRefused(authenticate({}), "invalid_client");
    }

    void malformedBasicCredentialsAreRefused()
    {
        expectRefused(authenticate({}, "Basic %%%not-base64"), "invalid_client");
        expectRefused(authenticate({}, "Basic " + QByteArray("no-colon").toBase64()), "invalid_client");
    }

    // --- private_key_jwt

    void privateKeyJwtAuthenticatesWithRs384AndEs384()
    {
        for (const auth::SigningKey *key : {&*f.rs384, &*f.es384}) {
            const auto result = authenticate(f.assertionPairs(f.assertion(*key)));
            QVERIFY2(result, qPrintable(result ? QString() : result.error().description));
            QCOMPARE(result->client.clientId, f.asymmetric.clientId);
            QCOMPARE(result->method, ClientAuthenticator::Method::PrivateKeyJwt);
        }
    }

    void attackAssertionWithReusedJtiIsRefused()
    {
        const QByteArray jwt = f.assertion(*f.rs384);
        QVERIFY(authenticate(f.assertionPairs(jwt)));
        expectAssertionRefused(jwt, u"already used"_s);
        // Another assertion with the same jti is the same replay.
        expectAssertionRefused(f.assertion(*f.es384, {{QStringLiteral("jti"), decodedJti(jwt)}}), u"already used"_s);
    }

    void attackAssertionForAnotherAudienceIsRefused()
    {
        expectAssertionRefused(f.assertion(*f.rs384, {{QStringLiteral("aud"), QStringLiteral("https://paw.test/auth")}}), u"aud"_s);
        expectAssertionRefused(f.assertion(*f.rs384, {{QStringLiteral("aud"), QStringLiteral("https://paw.test/auth/token/")}}), u"aud"_s);
    }

    void attackAssertionExpiringTooFarAheadIsRefused()
    {
        const qint64 now = f.clock.now().toSecsSinceEpoch();
        expectAssertionRefused(f.assertion(*f.rs384, {{QStringLiteral("exp"), now + 10 * 60}}), u"five minutes"_s);
        expectAssertionRefused(f.assertion(*f.rs384, {{QStringLiteral("exp"), now - 120}}), u"expired"_s);
        expectAssertionRefused(f.assertion(*f.rs384, {{QStringLiteral("exp"), QJsonValue()}}), u"exp"_s);
    }

    void attackAssertionSignedByAnotherKeyIsRefused()
    {
        const auto stranger = auth::SigningKey::generate(auth::JwsAlgorithm::ES384);
        QVERIFY(stranger);
        expectAssertionRefused(f.assertion(stranger.value()), u"kid"_s);
        // The registered kid on a token signed by the stranger: the signature gives it away.
        const QList<QByteArray> forged = f.assertion(stranger.value()).split('.');
        const QList<QByteArray> genuine = f.assertion(*f.es384).split('.');
        expectAssertionRefused(genuine.at(0) + '.' + forged.at(1) + '.' + forged.at(2), u"signature"_s);
    }

    void attackAssertionSignedRs256IsRefused()
    {
        // The RS256 key is registered; the algorithm is what is refused.
        expectAssertionRefused(f.assertion(*f.rs256), u"RS256"_s);
    }

    void attackAssertionNamingAnotherClientIsRefused()
    {
        expectAssertionRefused(f.assertion(*f.rs384, {{QStringLiteral("iss"), f.confidential.clientId}}), u"issued by"_s);
        // sub names the confidential client, which does not use private_key_jwt.
        expectAssertionRefused(f.assertion(*f.rs384, {{QStringLiteral("sub"), f.confidential.clientId}}), u"private_key_jwt"_s);
        FormPairs pairs = f.assertionPairs(f.assertion(*f.rs384));
        pairs.append({QStringLiteral("client_id"), f.publicClient.clientId});
        expectRefused(authenticate(pairs), "invalid_request");
    }

    void assertionWithoutJtiOrWithTheWrongTypeIsRefused()
    {
        expectAssertionRefused(f.assertion(*f.rs384, {{QStringLiteral("jti"), QJsonValue()}}), u"jti"_s);
        FormPairs wrongType{{QStringLiteral("client_assertion_type"), QStringLiteral("urn:example:saml")},
                            {QStringLiteral("client_assertion"), QString::fromLatin1(f.assertion(*f.rs384))}};
        expectRefused(authenticate(wrongType), "invalid_client", u"client_assertion_type"_s);
        expectRefused(authenticate({{QStringLiteral("client_assertion"), QString::fromLatin1(f.assertion(*f.rs384))}}),
                      "invalid_request");
        expectRefused(authenticate(f.assertionPairs("not.a-jwt")), "invalid_client");
    }

    void aClientWithOnlyAJwksUriIsRefusedWhenNothingFetchesIt()
    {
        auth::Client remote = test::TokenFixture::draft(auth::Client::Type::Asymmetric, {});
        remote.jwksUri = QStringLiteral("https://app.example/jwks.json");
        const auto added = auth::ClientStore(f.database, f.clock).add(remote);
        QVERIFY2(added, qPrintable(added ? QString() : added.error()));
        expectAssertionRefused(f.assertion(*f.rs384, {{QStringLiteral("iss"), added->client.clientId},
                                                      {QStringLiteral("sub"), added->client.clientId}}),
                               u"does not fetch jwks_uri"_s);
    }

    // --- the jti store

    void usedJtisAreRememberedUntilTheirTimeAndThenPruned()
    {
        auth::AssertionJtiStore store(f.database, f.clock);
        const qint64 until = f.clock.nowMs() + 1000;
        QCOMPARE(store.remember(QStringLiteral("c1"), QStringLiteral("j1"), until).value(), true);
        QCOMPARE(store.remember(QStringLiteral("c1"), QStringLiteral("j1"), until).value(), false);
        // Per client: another client's jti of the same text is its own.
        QCOMPARE(store.remember(QStringLiteral("c2"), QStringLiteral("j1"), until).value(), true);
        f.clock.advanceMs(1000);
        QCOMPARE(store.remember(QStringLiteral("c1"), QStringLiteral("j2"), until + 1000).value(), true);
        QSqlQuery q(f.database->connection());
        QVERIFY(q.exec(QStringLiteral("SELECT jti FROM client_assertion_jti")));
        QStringList left;
        while (q.next())
            left << q.value(0).toString();
        QCOMPARE(left, QStringList{QStringLiteral("j2")});
    }

private:
    static QString decodedJti(const QByteArray &jwt) { return test::decodedPart(jwt, 1).value(QLatin1String("jti")).toString(); }
};

QTEST_GUILESS_MAIN(TestClientAuthenticator)
#include "TestClientAuthenticator.moc"
