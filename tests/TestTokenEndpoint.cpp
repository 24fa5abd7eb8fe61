#include "auth/IntrospectionEndpoint.h"
#include "auth/RevocationEndpoint.h"
#include "auth/TokenEndpoint.h"
#include "auth/UserInfoEndpoint.h"
#include "support/TokenFixture.h"

#include <QTest>

using namespace paw;
using namespace Qt::StringLiterals;
using test::FormPairs;

namespace {

const QString kOffline = u"openid fhirUser profile launch/patient patient/*.rs offline_access"_s;

// Collects audit events (the endpoints run on the test's thread here).
class RecordingAuditSink : public access::AuditSink
{
public:
    void record(const access::AuditEvent &event) override { events.append(event); }
    QList<access::AuditEvent> events;
};

struct Answer
{
    http::HttpResponse response;
    QJsonObject json;

    int status() const { return response.status; }
    QString error() const { return json.value("error"_L1).toString(); }
    QString value(const char *name) const { return json.value(QLatin1String(name)).toString(); }
    bool active() const { return json.value("active"_L1).toBool(); }
};

Answer answerOf(const http::HttpResponse &response)
{
    return {response, QJsonDocument::fromJson(response.body).object()};
}

} // namespace

class TestTokenEndpoint : public QObject
{
    Q_OBJECT

    test::TokenFixture f;
    RecordingAuditSink m_audit;
    std::unique_ptr<auth::TokenEndpoint> m_token;
    std::unique_ptr<auth::IntrospectionEndpoint> m_introspection;
    std::unique_ptr<auth::RevocationEndpoint> m_revocation;
    std::unique_ptr<auth::UserInfoEndpoint> m_userInfo;

    QByteArray basic() const { return test::basicAuthorization(f.confidential.clientId, f.secret); }

    Answer token(const FormPairs &pairs, const QByteArray &authorization)
    {
        return answerOf(m_token->handle(test::formPost(u"/auth/token"_s, pairs, authorization)));
    }

    static FormPairs codePairs(const QString &code, const QString &verifier = test::kVerifier,
                               const QString &redirectUri = test::kRedirect)
    {
        return {{u"grant_type"_s, u"authorization_code"_s}, {u"code"_s, code}, {u"redirect_uri"_s, redirectUri},
                {u"code_verifier"_s, verifier}};
    }

    /// The confidential client exchanges a fresh code for `scope`.
    Answer exchange(const QString &scope = kOffline, const QString &username = u"alice"_s)
    {
        return token(codePairs(f.issueCode(f.confidential.clientId, scope, username)), basic());
    }

    Answer refresh(const QString &refreshToken, const QString &scope = {}, const QByteArray &authorization = {})
    {
        FormPairs pairs{{u"grant_type"_s, u"refresh_token"_s}, {u"refresh_token"_s, refreshToken}};
        if (!scope.isNull())
            pairs.append({u"scope"_s, scope});
        return token(pairs, authorization.isEmpty() ? basic() : authorization);
    }

    Answer introspect(const QString &tokenValue, const QByteArray &authorization = {})
    {
        return answerOf(m_introspection->handle(
            test::formPost(u"/auth/introspect"_s, {{u"token"_s, tokenValue}}, authorization.isEmpty() ? basic() : authorization)));
    }

    Answer revoke(const QString &tokenValue, const QByteArray &authorization = {})
    {
        return answerOf(m_revocation->handle(
            test::formPost(u"/auth/revoke"_s, {{u"token"_s, tokenValue}}, authorization.isEmpty() ? basic() : authorization)));
    }

    Answer userInfo(const QByteArray &authorization)
    {
        http::HttpRequest request;
        request.method = "GET";
        request.path = u"/auth/userinfo"_s;
        if (!authorization.isEmpty())
            request.headers.append({QByteArrayLiteral("Authorization"), authorization});
        return answerOf(m_userInfo->handle(request));
    }

    void expectError(const Answer &answer, int status, const char *error)
    {
        QVERIFY2(answer.status() == status && answer.error() == QLatin1String(error),
                 qPrintable(QStringLiteral("%1 %2: %3").arg(answer.status()).arg(answer.error(), answer.value("error_description"))));
        QVERIFY(!answer.json.contains("access_token"_L1));
        QCOMPARE(answer.response.header("Cache-Control"), QByteArray("no-store"));
    }

    // After a refusal that must end the grant: nothing issued under it works any more.
    void expectGrantDead(const Answer &issued)
    {
        QVERIFY(!introspect(issued.value("access_token")).active());
        QVERIFY(!introspect(issued.value("refresh_token")).active());
        expectError(refresh(issued.value("refresh_token")), 400, "invalid_grant");
        QCOMPARE(userInfo("Bearer " + issued.value("access_token").toLatin1()).status(), 401);
    }

    void expectWorks(const Answer &answer)
    {
        QVERIFY2(answer.status() == 200, qPrintable(QString::fromUtf8(answer.response.body)));
        QVERIFY(!answer.value("access_token").isEmpty());
    }

private Q_SLOTS:
    void initTestCase() { QCOMPARE(f.setUpKeys(), QString()); }
    void init()
    {
        QCOMPARE(f.setUpDatabase(), QString());
        m_audit.events.clear();
        const auth::TokenServiceConfig config = f.config(&m_audit);
        m_token = std::make_unique<auth::TokenEndpoint>(config);
        m_introspection = std::make_unique<auth::IntrospectionEndpoint>(config);
        m_revocation = std::make_unique<auth::RevocationEndpoint>(config);
        m_userInfo = std::make_unique<auth::UserInfoEndpoint>(config);
    }
    void cleanup()
    {
        m_token.reset();
        m_introspection.reset();
        m_revocation.reset();
        m_userInfo.reset();
        f.tearDownDatabase();
    }

    // --- authorization_code

    void aConfidentialClientExchangesACodeForEveryGrantedToken()
    {
        const Answer answer = exchange();
        expectWorks(answer);
        QCOMPARE(answer.value("token_type"), u"Bearer"_s);
        QCOMPARE(answer.json.value("expires_in"_L1).toInt(), 1800);
        QCOMPARE(answer.value("scope"), auth::ScopeSet::parse(kOffline).toString());
        QCOMPARE(answer.value("patient"), u"p1"_s);
        QVERIFY(!answer.value("id_token").isEmpty());
        QCOMPARE(answer.value("refresh_token").size(), 43);
        QCOMPARE(answer.response.header("Cache-Control"), QByteArray("no-store"));
        QCOMPARE(answer.response.header("Pragma"), QByteArray("no-cache"));
        QVERIFY(answer.response.header("Content-Type").startsWith("application/json"));
        // The ID token carries the authorization request's nonce, for this client.
        const QJsonObject id = test::decodedPart(answer.value("id_token").toLatin1(), 1);
        QCOMPARE(id.value("nonce"_L1).toString(), u"n-0S6_WzA2Mj"_s);
        QCOMPARE(id.value("aud"_L1).toString(), f.confidential.clientId);
    }

    void theExchangeIsAuditedWithTheTokenIdOnly()
    {
        const Answer answer = exchange();
        expectWorks(answer);
        QCOMPARE(m_audit.events.size(), 1);
        const access::AuditEvent event = m_audit.events.first();
        QCOMPARE(event.kind, access::AuditEvent::Kind::Token);
        QCOMPARE(event.clientId, f.confidential.clientId);
        QCOMPARE(event.username, u"alice"_s);
        QCOMPARE(event.patientId, u"p1"_s);
        QCOMPARE(event.interaction, u"authorization_code"_s);
        QCOMPARE(event.query, answer.value("scope"));
        QCOMPARE(event.status, 200);
        QCOMPARE(event.outcome, u"ok"_s);
        QCOMPARE(event.tokenId, test::decodedPart(answer.value("access_token").toLatin1(), 1).value("jti"_L1).toString());
        QCOMPARE(event.timeMs, f.clock.nowMs());
        for (const char *secret : {"access_token", "refresh_token", "id_token"}) {
            const QString value = answer.value(secret);
            for (const QString &field : {event.clientId, event.username, event.query, event.tokenId, event.interaction})
                QVERIFY(!field.contains(value));
        }

        expectError(token(codePairs(u"made-up"_s), basic()), 400, "invalid_grant");
        QCOMPARE(m_audit.events.size(), 2);
        QCOMPARE(m_audit.events.last().outcome, u"invalid_grant"_s);
        QCOMPARE(m_audit.events.last().status, 400);
        QVERIFY(m_audit.events.last().tokenId.isEmpty());
    }

    void aPublicClientExchangesWithPkceAndItsClientId()
    {
        FormPairs pairs = codePairs(f.issueCode(f.publicClient.clientId, kOffline));
        pairs.append({u"client_id"_s, f.publicClient.clientId});
        expectWorks(token(pairs, {}));
    }

    void anAsymmetricClientExchangesWithAnAssertion()
    {
        FormPairs pairs = codePairs(f.issueCode(f.asymmetric.clientId, kOffline));
        pairs.append(f.assertionPairs(f.assertion(*f.es384)));
        expectWorks(token(pairs, {}));
    }

    void noRefreshTokenWithoutOfflineOrOnlineAccess()
    {
        const Answer answer = exchange(u"launch/patient patient/*.rs"_s);
        expectWorks(answer);
        QVERIFY(!answer.json.contains("refresh_token"_L1));
        QVERIFY(!answer.json.contains("id_token"_L1));
        // The grant ends with its one access token.
        const auto grant = auth::GrantStore(f.database, f.clock)
                               .find(test::decodedPart(answer.value("access_token").toLatin1(), 1).value("grant_id"_L1).toString());
        QVERIFY(grant && grant.value());
        QCOMPARE((*grant)->expiresMs, f.clock.nowMs() + 30 * 60 * 1000);
    }

    void onlineAccessGetsARefreshTokenThatEndsWithTheOnlineGrant()
    {
        const Answer answer = exchange(u"launch/patient patient/*.rs online_access"_s);
        expectWorks(answer);
        QVERIFY(!answer.value("refresh_token").isEmpty());
        QVERIFY(answer.value("scope").contains("online_access"_L1));
        f.clock.advanceMs(auth::TokenLifetimes().onlineMs - 1000);
        const Answer refreshed = refresh(answer.value("refresh_token"));
        expectWorks(refreshed);
        QCOMPARE(refreshed.json.value("expires_in"_L1).toInt(), 1); // capped by the grant
        f.clock.advanceMs(1000);
        expectError(refresh(refreshed.value("refresh_token")), 400, "invalid_grant");
    }

    void anOfflineGrantLastsTheRefreshLifetime()
    {
        const Answer answer = exchange();
        const auto grant = auth::GrantStore(f.database, f.clock)
                               .find(test::decodedPart(answer.value("access_token").toLatin1(), 1).value("grant_id"_L1).toString());
        QVERIFY(grant && grant.value());
        QCOMPARE((*grant)->expiresMs, f.clock.nowMs() + auth::TokenLifetimes().refreshMs);
    }

    void aDelegateGetsTokensThatNameThem()
    {
        const Answer answer = exchange(kOffline, u"bob"_s);
        expectWorks(answer);
        const QJsonObject claims = test::decodedPart(answer.value("access_token").toLatin1(), 1);
        QCOMPARE(claims.value("act"_L1).toObject().value("sub"_L1).toString(), u"bob"_s);
        QCOMPARE(claims.value("fhirUser"_L1).toString(), u"https://paw.test/fhir/RelatedPerson/rp-bob"_s);
    }

    void aDelegateWhoseDelegationEndedGetsNoTokens()
    {
        expectError(exchange(kOffline, u"eve"_s), 400, "invalid_grant");
        // Bob's delegation is revoked after his first exchange: his refresh token stops working.
        const Answer answer = exchange(kOffline, u"bob"_s);
        expectWorks(answer);
        auth::Delegation revoked{u"bob"_s, u"p1"_s, u"rp-bob"_s, u"parent"_s, QDate(2025, 1, 1), {},
                                 auth::Delegation::Status::Revoked, {}};
        QCOMPARE(auth::PersonaStore(f.database).save({}, {revoked}), QString());
        expectError(refresh(answer.value("refresh_token")), 400, "invalid_grant");
        QVERIFY(!introspect(answer.value("access_token")).active());
    }

    // --- the request itself

    void malformedRequestsAreRefused()
    {
        const QString code = f.issueCode(f.confidential.clientId, kOffline);
        http::HttpRequest json = test::formPost(u"/auth/token"_s, codePairs(code), basic());
        json.headers.first().second = "application/json";
        expectError(answerOf(m_token->handle(json)), 400, "invalid_request");

        FormPairs twice = codePairs(code);
        twice.append({u"code"_s, code});
        expectError(token(twice, basic()), 400, "invalid_request");

        expectError(token({{u"code"_s, code}}, basic()), 400, "invalid_request"); // no grant_type
        expectError(token({{u"grant_type"_s, u"password"_s}}, basic()), 400, "unsupported_grant_type");
        expectError(token({{u"grant_type"_s, u"authorization_code"_s}, {u"code"_s, code}, {u"code_verifier"_s, test::kVerifier}},
                          basic()),
                    400, "invalid_request"); // no redirect_uri
        // None of these redeemed the code.
        expectWorks(token(codePairs(code), basic()));
    }

    void severalClientAuthenticationMethodsAreAnInvalidRequest()
    {
        FormPairs pairs = codePairs(f.issueCode(f.confidential.clientId, kOffline));
        pairs.append({u"client_secret"_s, f.secret});
        expectError(token(pairs, basic()), 400, "invalid_request");
    }

    // --- attacks on the code

    void attackCodeReuseRevokesTheTokensOfTheFirstUse()
    {
        const QString code = f.issueCode(f.confidential.clientId, kOffline);
        const Answer first = token(codePairs(code), basic());
        expectWorks(first);
        QVERIFY(introspect(first.value("access_token")).active());

        expectError(token(codePairs(code), basic()), 400, "invalid_grant");
        expectGrantDead(first);
    }

    void attackExpiredCodeIsRefused()
    {
        const QString code = f.issueCode(f.confidential.clientId, kOffline);
        f.clock.advanceMs(auth::TokenLifetimes().codeMs);
        expectError(token(codePairs(code), basic()), 400, "invalid_grant");
    }

    void attackCodeOfAnotherClientIsRefused()
    {
        const QString code = f.issueCode(f.publicClient.clientId, kOffline);
        expectError(token(codePairs(code), basic()), 400, "invalid_grant");
        // Spent by the attempt: the rightful client's try fails too, and nothing was granted.
        FormPairs pairs = codePairs(code);
        pairs.append({u"client_id"_s, f.publicClient.clientId});
        expectError(token(pairs, {}), 400, "invalid_grant");
        QCOMPARE(auth::GrantStore(f.database, f.clock).activeGrants()->size(), 0);
    }

    void attackRedirectMismatchAtTokenIsRefused()
    {
        const QString code = f.issueCode(f.confidential.clientId, kOffline);
        expectError(token(codePairs(code, test::kVerifier, test::kRedirect + u'/'), basic()), 400, "invalid_grant");
    }

    void attackPkceVerifierIsRefused_data()
    {
        QTest::addColumn<QString>("verifier");
        QTest::addColumn<QString>("error");
        QTest::addRow("refuses a missing verifier") << QString() << u"invalid_request"_s;
        QTest::addRow("refuses a blank verifier") << u""_s << u"invalid_request"_s;
        QTest::addRow("refuses a wrong verifier") << QString(43, u'a') << u"invalid_grant"_s;
        QTest::addRow("refuses the challenge sent as the verifier") << test::kChallenge << u"invalid_grant"_s;
        QTest::addRow("refuses a verifier shorter than 43 characters") << test::kVerifier.left(42) << u"invalid_grant"_s;
        QTest::addRow("refuses a verifier longer than 128 characters") << (test::kVerifier + QString(86, u'x')) << u"invalid_grant"_s;
        QTest::addRow("refuses a verifier with characters outside the unreserved set")
            << (test::kVerifier.left(42) + u'+') << u"invalid_grant"_s;
    }

    void attackPkceVerifierIsRefused()
    {
        QFETCH(QString, verifier);
        QFETCH(QString, error);
        const QString code = f.issueCode(f.confidential.clientId, kOffline);
        FormPairs pairs = codePairs(code);
        pairs.removeLast();
        if (!verifier.isNull())
            pairs.append({u"code_verifier"_s, verifier});
        expectError(token(pairs, basic()), 400, error.toLatin1().constData());
        QCOMPARE(auth::GrantStore(f.database, f.clock).activeGrants()->size(), 0);
    }

    void aVerifierOf128CharactersIsAccepted()
    {
        const QString verifier = test::kVerifier + QString(85, u'~');
        QCOMPARE(verifier.size(), 128);
        auth::AuthorizationCode pending;
        pending.clientId = f.confidential.clientId;
        pending.redirectUri = test::kRedirect;
        pending.codeChallenge = auth::Pkce::challengeFor(verifier);
        pending.username = u"alice"_s;
        pending.patientId = u"p1"_s;
        pending.scope = kOffline;
        pending.expiresMs = f.clock.nowMs() + 60000;
        const auto issued = auth::GrantStore(f.database, f.clock).issueCode(pending);
        QVERIFY(issued);
        expectWorks(token(codePairs(issued->code, verifier), basic()));
    }

    // --- attacks on client authentication

    void attackWrongSecretIsRefused()
    {
        const QString code = f.issueCode(f.confidential.clientId, kOffline);
        const Answer answer = token(codePairs(code), test::basicAuthorization(f.confidential.clientId, u"wrong"_s));
        expectError(answer, 401, "invalid_client");
        QCOMPARE(answer.response.header("WWW-Authenticate"), QByteArray("Basic realm=\"paw\""));
        // An unauthenticated attempt does not spend the code.
        expectWorks(token(codePairs(code), basic()));
    }

    void attackUnknownClientIsRefused()
    {
        FormPairs pairs = codePairs(f.issueCode(f.confidential.clientId, kOffline));
        pairs.append({u"client_id"_s, u"paw-00000000000000000000000000000000"_s});
        expectError(token(pairs, {}), 401, "invalid_client");
    }

    void attackDisabledClientIsRefused()
    {
        const Answer first = exchange();
        QCOMPARE(auth::ClientStore(f.database, f.clock).setStatus(f.confidential.clientId, auth::Client::Status::Disabled), QString());
        expectError(exchange(), 401, "invalid_client");
        expectError(refresh(first.value("refresh_token")), 401, "invalid_client");
    }

    // OpenID Connect Core §2: auth_time is when the user signed in, in the first ID token and in
    // every refreshed one, however much later.
    void theIdTokensAuthTimeIsTheSignInAlsoAfterARefresh()
    {
        const qint64 signedIn = f.clock.nowMs() - 42 * 1000;
        const Answer first = token(codePairs(f.issueCode(f.confidential.clientId, kOffline, u"alice"_s, u"n"_s, 42 * 1000)), basic());
        expectWorks(first);
        QCOMPARE(test::decodedPart(first.value("id_token").toLatin1(), 1).value("auth_time"_L1).toInteger(), signedIn / 1000);
        f.clock.advanceSecond(2 * 3600);
        const Answer refreshed = refresh(first.value("refresh_token"));
        expectWorks(refreshed);
        const QJsonObject id = test::decodedPart(refreshed.value("id_token").toLatin1(), 1);
        QCOMPARE(id.value("auth_time"_L1).toInteger(), signedIn / 1000);
        QCOMPARE(id.value("iat"_L1).toInteger(), f.clock.nowMs() / 1000);
    }

    // --- refresh_token

    void aRefreshTokenIsRotatedOnEveryUse()
    {
        const Answer first = exchange();
        f.clock.advanceSecond(60);
        const Answer second = refresh(first.value("refresh_token"));
        expectWorks(second);
        // A refresh is a use of the grant (kept to the minute: GrantStore::kLastUsedResolutionMs).
        const QString grantId = test::decodedPart(first.value("access_token").toLatin1(), 1).value("grant_id"_L1).toString();
        QCOMPARE(auth::GrantStore(f.database, f.clock).find(grantId).value()->lastUsedMs, f.clock.nowMs());
        QVERIFY(second.value("refresh_token") != first.value("refresh_token"));
        QVERIFY(second.value("access_token") != first.value("access_token"));
        QCOMPARE(second.value("scope"), first.value("scope"));
        QCOMPARE(second.value("patient"), u"p1"_s);
        // OpenID Connect Core §12.2: a refreshed ID token has no nonce.
        QVERIFY(!second.value("id_token").isEmpty());
        QVERIFY(!test::decodedPart(second.value("id_token").toLatin1(), 1).contains("nonce"_L1));
        // Same grant.
        QCOMPARE(test::decodedPart(second.value("access_token").toLatin1(), 1).value("grant_id"_L1),
                 test::decodedPart(first.value("access_token").toLatin1(), 1).value("grant_id"_L1));
        expectWorks(refresh(second.value("refresh_token")));
        QCOMPARE(m_audit.events.last().interaction, u"refresh_token"_s);
    }

    void aRefreshMayNarrowTheScopeForThatTokenOnly()
    {
        const Answer first = exchange();
        const Answer narrow = refresh(first.value("refresh_token"), u"patient/Observation.rs"_s);
        expectWorks(narrow);
        QCOMPARE(narrow.value("scope"), u"patient/Observation.rs"_s);
        QVERIFY(!narrow.json.contains("id_token"_L1));
        QCOMPARE(test::decodedPart(narrow.value("access_token").toLatin1(), 1).value("scope"_L1).toString(), u"patient/Observation.rs"_s);
        // The successor still stands for the whole grant.
        const Answer full = refresh(narrow.value("refresh_token"));
        expectWorks(full);
        QCOMPARE(full.value("scope"), first.value("scope"));
    }

    void attackRefreshReuseRevokesTheGrant()
    {
        const Answer first = exchange();
        const Answer second = refresh(first.value("refresh_token"));
        expectWorks(second);
        expectError(refresh(first.value("refresh_token")), 400, "invalid_grant");
        // The legitimate successor dies with the grant, and so does every access token.
        expectGrantDead(second);
        QVERIFY(!introspect(first.value("access_token")).active());
    }

    void attackRefreshWideningScopeIsRefused()
    {
        const Answer first = exchange(u"launch/patient patient/Observation.rs offline_access"_s);
        expectError(refresh(first.value("refresh_token"), u"patient/*.rs"_s), 400, "invalid_scope");
        expectError(refresh(first.value("refresh_token"), u"patient/Observation.rs user/*.rs"_s), 400, "invalid_scope");
        expectError(refresh(first.value("refresh_token"), u"patient/Observation.rs made-up"_s), 400, "invalid_scope");
        // The refused request did not spend the token.
        expectWorks(refresh(first.value("refresh_token")));
    }

    void attackRefreshOfAnotherClientIsRefused()
    {
        const Answer first = exchange();
        FormPairs pairs{{u"grant_type"_s, u"refresh_token"_s}, {u"refresh_token"_s, first.value("refresh_token")},
                        {u"client_id"_s, f.publicClient.clientId}};
        expectError(token(pairs, {}), 400, "invalid_grant");
        // Nothing was spent or revoked: the owner goes on.
        expectWorks(refresh(first.value("refresh_token")));
    }

    void aRefreshUnderARevokedOrExpiredGrantIsRefused()
    {
        const Answer revoked = exchange();
        const QString grantId = test::decodedPart(revoked.value("access_token").toLatin1(), 1).value("grant_id"_L1).toString();
        QCOMPARE(auth::GrantStore(f.database, f.clock).revoke(grantId), QString());
        expectError(refresh(revoked.value("refresh_token")), 400, "invalid_grant");

        const Answer expiring = exchange();
        f.clock.advanceMs(auth::TokenLifetimes().refreshMs);
        expectError(refresh(expiring.value("refresh_token")), 400, "invalid_grant");
        expectError(refresh(u"never-issued"_s), 400, "invalid_grant");
    }

    // --- introspection

    void introspectionDescribesALiveAccessToken()
    {
        const Answer issued = exchange();
        const Answer answer = introspect(issued.value("access_token"));
        QCOMPARE(answer.status(), 200);
        QCOMPARE(answer.response.header("Cache-Control"), QByteArray("no-store"));
        QVERIFY(answer.active());
        QCOMPARE(answer.value("scope"), issued.value("scope"));
        QCOMPARE(answer.value("client_id"), f.confidential.clientId);
        QCOMPARE(answer.value("sub"), u"alice"_s);
        QCOMPARE(answer.value("patient"), u"p1"_s);
        QCOMPARE(answer.value("fhirUser"), u"https://paw.test/fhir/Patient/p1"_s);
        QCOMPARE(answer.value("iss"), u"https://paw.test/auth"_s);
        QCOMPARE(answer.value("token_type"), u"Bearer"_s);
        QCOMPARE(answer.json.value("exp"_L1).toInteger(), f.clock.now().toSecsSinceEpoch() + 1800);
        QCOMPARE(answer.json.value("iat"_L1).toInteger(), f.clock.now().toSecsSinceEpoch());
    }

    void introspectionDescribesALiveRefreshToken()
    {
        const Answer issued = exchange();
        const Answer answer = introspect(issued.value("refresh_token"));
        QVERIFY(answer.active());
        QCOMPARE(answer.value("token_type"), u"refresh_token"_s);
        QCOMPARE(answer.value("client_id"), f.confidential.clientId);
        QCOMPARE(answer.value("sub"), u"alice"_s);
        QCOMPARE(answer.json.value("exp"_L1).toInteger(),
                 (f.clock.nowMs() + auth::TokenLifetimes().refreshMs) / 1000);
    }

    void introspectionSaysInactiveForAnythingElse()
    {
        const Answer issued = exchange();
        QVERIFY(!introspect(u"unknown"_s).active());
        QVERIFY(!introspect(u"a.b.c"_s).active());
        QCOMPARE(introspect(u"unknown"_s).json.size(), 1); // nothing but active
        // Another client's tokens, access and refresh.
        const QByteArray owner = basic();
        FormPairs pairs{{u"token"_s, issued.value("refresh_token")}, {u"client_id"_s, f.publicClient.clientId}};
        QVERIFY(!answerOf(m_introspection->handle(test::formPost(u"/auth/introspect"_s, pairs))).active());
        pairs.first().second = issued.value("access_token");
        QVERIFY(!answerOf(m_introspection->handle(test::formPost(u"/auth/introspect"_s, pairs))).active());
        QVERIFY(introspect(issued.value("access_token"), owner).active());
        // Expired.
        f.clock.advanceMs(30 * 60 * 1000);
        QVERIFY(!introspect(issued.value("access_token")).active());
        QVERIFY(introspect(issued.value("refresh_token")).active());
    }

    void introspectionNeedsAnAuthenticatedClient()
    {
        const Answer issued = exchange();
        const Answer answer = introspect(issued.value("access_token"), test::basicAuthorization(f.confidential.clientId, u"x"_s));
        expectError(answer, 401, "invalid_client");
        expectError(answerOf(m_introspection->handle(test::formPost(u"/auth/introspect"_s, {}, basic()))), 400, "invalid_request");
    }

    // --- revocation

    void revokingARefreshTokenEndsItsGrant()
    {
        const Answer issued = exchange();
        const Answer answer = revoke(issued.value("refresh_token"));
        QCOMPARE(answer.status(), 200);
        QVERIFY(answer.response.body.isEmpty());
        QCOMPARE(m_audit.events.last().interaction, u"revoke"_s);
        QCOMPARE(m_audit.events.last().username, u"alice"_s);
        expectGrantDead(issued);
    }

    void revokingAnAccessTokenEndsItsGrant()
    {
        const Answer issued = exchange();
        QCOMPARE(revoke(issued.value("access_token")).status(), 200);
        QCOMPARE(m_audit.events.last().tokenId,
                 test::decodedPart(issued.value("access_token").toLatin1(), 1).value("jti"_L1).toString());
        expectGrantDead(issued);
    }

    void revokingAnUnknownOrAnotherClientsTokenChangesNothing()
    {
        const Answer issued = exchange();
        QCOMPARE(revoke(u"unknown"_s).status(), 200);
        FormPairs pairs{{u"token"_s, issued.value("refresh_token")}, {u"client_id"_s, f.publicClient.clientId}};
        QCOMPARE(m_revocation->handle(test::formPost(u"/auth/revoke"_s, pairs)).status, 200);
        QVERIFY(introspect(issued.value("refresh_token")).active());
        expectError(revoke(issued.value("refresh_token"), test::basicAuthorization(f.confidential.clientId, u"x"_s)), 401,
                    "invalid_client");
        QVERIFY(introspect(issued.value("refresh_token")).active());
    }

    // --- userinfo

    void userInfoAnswersWhoLoggedIn()
    {
        const Answer issued = exchange();
        const Answer answer = userInfo("Bearer " + issued.value("access_token").toLatin1());
        QCOMPARE(answer.status(), 200);
        QCOMPARE(answer.value("sub"), u"alice"_s);
        QCOMPARE(answer.value("fhirUser"), u"https://paw.test/fhir/Patient/p1"_s);
        QCOMPARE(answer.value("name"), u"Alice Member"_s);
        const Answer bare = userInfo("Bearer " + exchange(u"openid patient/*.rs"_s).value("access_token").toLatin1());
        QCOMPARE(bare.status(), 200);
        QCOMPARE(bare.json.keys(), QStringList{u"sub"_s});
    }

    void userInfoRefusesWhatIsNotALiveOpenIdToken()
    {
        const Answer none = userInfo({});
        QCOMPARE(none.status(), 401);
        QCOMPARE(none.response.header("WWW-Authenticate"), QByteArray("Bearer realm=\"paw\""));
        const Answer garbage = userInfo("Bearer not-a-token");
        QCOMPARE(garbage.status(), 401);
        QVERIFY(garbage.response.header("WWW-Authenticate").contains("error=\"invalid_token\""));
        const Answer noOpenId = userInfo("Bearer " + exchange(u"patient/*.rs"_s).value("access_token").toLatin1());
        QCOMPARE(noOpenId.status(), 403);
        QVERIFY(noOpenId.response.header("WWW-Authenticate").contains("insufficient_scope"));
        // An ID token is not an access token.
        const Answer idToken = userInfo("Bearer " + exchange().value("id_token").toLatin1());
        QCOMPARE(idToken.status(), 401);
    }
};

QTEST_GUILESS_MAIN(TestTokenEndpoint)
#include "TestTokenEndpoint.moc"
