#include "auth/TokenIssuer.h"
#include "auth/TokenSubject.h"
#include "auth/jose/JwtVerifier.h"
#include "support/TokenFixture.h"

#include <QTest>

#include <atomic>
#include <thread>

using namespace paw;
using namespace Qt::StringLiterals;
using auth::Grant;
using auth::ScopeSet;
using auth::TokenIssuer;
using auth::TokenSubject;

namespace {

const QString kScope = u"openid fhirUser profile launch/patient patient/*.rs offline_access"_s;

} // namespace

class TestTokenIssuer : public QObject
{
    Q_OBJECT

    test::TokenFixture f;

    Grant grant(qint64 lifetimeMs = 90LL * 24 * 3600 * 1000) const
    {
        Grant g;
        g.grantId = u"grant-1"_s;
        g.clientId = u"paw-app"_s;
        g.username = u"alice"_s;
        g.patientId = u"p1"_s;
        g.scope = kScope;
        g.createdMs = f.clock.nowMs();
        g.expiresMs = g.createdMs + lifetimeMs;
        g.authTimeMs = g.createdMs - 90 * 1000 - 250; // signed in a minute and a half before
        return g;
    }

    TokenSubject subject(const QString &username) const
    {
        const auto resolved = TokenSubject::resolve(auth::PersonaStore(f.database), username, u"p1"_s, f.clock.now().date());
        return resolved ? resolved.value() : TokenSubject{};
    }

    TokenIssuer issuer(auth::TokenLifetimes lifetimes = {}) const { return TokenIssuer(f.keys, test::kRoot, f.clock, lifetimes); }

    qint64 nowSeconds() const { return f.clock.now().toSecsSinceEpoch(); }

private Q_SLOTS:
    void initTestCase() { QCOMPARE(f.setUpKeys(), QString()); }
    void init() { QCOMPARE(f.setUpDatabase(), QString()); }
    void cleanup() { f.tearDownDatabase(); }

    void theAccessTokenCarriesEveryClaimOfTheContract()
    {
        const auto token = issuer().accessToken(grant(), subject(u"alice"_s), ScopeSet::parse(kScope));
        QVERIFY2(token, qPrintable(token ? QString() : token.error()));
        // It verifies with the published keys, RS256 only.
        const auto verified = auth::JwtVerifier::verify(token->token, f.keys->jwks(), {auth::JwsAlgorithm::RS256});
        QVERIFY2(verified, qPrintable(verified ? QString() : verified.error().reason));

        const QJsonObject header = verified->header;
        QCOMPARE(header.value("alg"_L1).toString(), u"RS256"_s);
        QCOMPARE(header.value("kid"_L1).toString(), f.keys->current().kid());
        QCOMPARE(header.value("typ"_L1).toString(), u"at+jwt"_s);

        const QJsonObject claims = verified->claims;
        QCOMPARE(claims.value("iss"_L1).toString(), u"https://paw.test/auth"_s);
        QCOMPARE(claims.value("aud"_L1).toString(), u"https://paw.test/fhir"_s);
        QCOMPARE(claims.value("sub"_L1).toString(), u"alice"_s);
        QCOMPARE(claims.value("client_id"_L1).toString(), u"paw-app"_s);
        QCOMPARE(claims.value("scope"_L1).toString(), ScopeSet::parse(kScope).toString());
        QCOMPARE(claims.value("patient"_L1).toString(), u"p1"_s);
        QCOMPARE(claims.value("fhirUser"_L1).toString(), u"https://paw.test/fhir/Patient/p1"_s);
        QCOMPARE(claims.value("grant_id"_L1).toString(), u"grant-1"_s);
        QCOMPARE(claims.value("iat"_L1).toInteger(), nowSeconds());
        QCOMPARE(claims.value("nbf"_L1).toInteger(), nowSeconds());
        QCOMPARE(claims.value("exp"_L1).toInteger(), nowSeconds() + 30 * 60);
        QCOMPARE(claims.value("jti"_L1).toString(), token->jti);
        QCOMPARE(token->jti.size(), 43); // 256 random bits, base64url
        QCOMPARE(token->expiresAt, nowSeconds() + 30 * 60);
        QVERIFY(!claims.contains("act"_L1)); // a member acts for themself
        QCOMPARE(claims.size(), 12);
    }

    void aDelegatesAccessTokenNamesTheActorAndTheRelatedPerson()
    {
        Grant g = grant();
        g.username = u"bob"_s;
        const auto token = issuer().accessToken(g, subject(u"bob"_s), ScopeSet::parse(kScope));
        QVERIFY(token);
        const QJsonObject claims = test::decodedPart(token->token, 1);
        QCOMPARE(claims.value("sub"_L1).toString(), u"bob"_s);
        QCOMPARE(claims.value("act"_L1).toObject(), QJsonObject({{u"sub"_s, u"bob"_s}}));
        QCOMPARE(claims.value("patient"_L1).toString(), u"p1"_s);
        QCOMPARE(claims.value("fhirUser"_L1).toString(), u"https://paw.test/fhir/RelatedPerson/rp-bob"_s);
    }

    void theIdTokenCarriesTheOpenIdClaims()
    {
        const auto id = issuer().idToken(grant(), subject(u"alice"_s), ScopeSet::parse(kScope), u"n-123"_s);
        QVERIFY(id);
        const auto verified = auth::JwtVerifier::verify(id.value(), f.keys->jwks(), {auth::JwsAlgorithm::RS256});
        QVERIFY(verified);
        QCOMPARE(verified->header.value("kid"_L1).toString(), f.keys->current().kid());
        QVERIFY(verified->header.value("typ"_L1).toString() != u"at+jwt"_s); // never taken for an access token
        const QJsonObject claims = verified->claims;
        QCOMPARE(claims.value("iss"_L1).toString(), u"https://paw.test/auth"_s);
        QCOMPARE(claims.value("sub"_L1).toString(), u"alice"_s);
        QCOMPARE(claims.value("aud"_L1).toString(), u"paw-app"_s);
        QCOMPARE(claims.value("iat"_L1).toInteger(), nowSeconds());
        QCOMPARE(claims.value("exp"_L1).toInteger(), nowSeconds() + 30 * 60);
        QCOMPARE(claims.value("nonce"_L1).toString(), u"n-123"_s);
        QCOMPARE(claims.value("fhirUser"_L1).toString(), u"https://paw.test/fhir/Patient/p1"_s);
        QCOMPARE(claims.value("name"_L1).toString(), u"Alice Member"_s);
        // OpenID Connect Core §2: auth_time, whole seconds since the epoch.
        QCOMPARE(claims.value("auth_time"_L1).toInteger(), (grant().authTimeMs) / 1000);
        QCOMPARE(claims.value("auth_time"_L1).toInteger(), nowSeconds() - 91);
    }

    void theIdTokenKeepsTheSignInTimeAsTimeGoesOn()
    {
        const Grant g = grant();
        f.clock.advanceSecond(6 * 3600);
        const auto id = issuer().idToken(g, subject(u"alice"_s), ScopeSet::parse(kScope), QString());
        QVERIFY(id);
        const QJsonObject claims = test::decodedPart(id.value(), 1);
        QCOMPARE(claims.value("auth_time"_L1).toInteger(), g.authTimeMs / 1000);
        QCOMPARE(claims.value("iat"_L1).toInteger(), nowSeconds());
    }

    void aGrantFromBeforeTheSignInTimeWasKeptHasNoAuthTime()
    {
        Grant g = grant();
        g.authTimeMs = 0;
        const auto id = issuer().idToken(g, subject(u"alice"_s), ScopeSet::parse(kScope), QString());
        QVERIFY(id);
        QVERIFY(!test::decodedPart(id.value(), 1).contains("auth_time"_L1));
    }

    void theIdTokenLeavesOutWhatWasNotGranted()
    {
        const auto id = issuer().idToken(grant(), subject(u"alice"_s), ScopeSet::parse(u"openid patient/*.rs"_s), QString());
        QVERIFY(id);
        const QJsonObject claims = test::decodedPart(id.value(), 1);
        QVERIFY(!claims.contains("nonce"_L1));
        QVERIFY(!claims.contains("fhirUser"_L1));
        QVERIFY(!claims.contains("name"_L1));
    }

    void issueMakesAnIdTokenOnlyWithOpenId()
    {
        const auto with = issuer().issue(grant(), subject(u"alice"_s), ScopeSet::parse(kScope), u"n"_s);
        QVERIFY(with);
        QVERIFY(!with->idToken.isEmpty());
        QCOMPARE(with->expiresIn, 30 * 60);
        QCOMPARE(with->patientId, u"p1"_s);
        QCOMPARE(with->tokenId, test::decodedPart(with->accessToken, 1).value("jti"_L1).toString());
        const auto without = issuer().issue(grant(), subject(u"alice"_s), ScopeSet::parse(u"patient/*.rs"_s), u"n"_s);
        QVERIFY(without);
        QVERIFY(without->idToken.isEmpty());
        QVERIFY(!without->toJson().contains("id_token"_L1));
    }

    void tokensNeverOutliveTheirGrant()
    {
        const auto response = issuer().issue(grant(10 * 60 * 1000), subject(u"alice"_s), ScopeSet::parse(kScope), {});
        QVERIFY(response);
        QCOMPARE(response->expiresIn, 10 * 60);
        QCOMPARE(test::decodedPart(response->accessToken, 1).value("exp"_L1).toInteger(), nowSeconds() + 10 * 60);
        QCOMPARE(test::decodedPart(response->idToken, 1).value("exp"_L1).toInteger(), nowSeconds() + 10 * 60);
    }

    void lifetimesAreConfigurable()
    {
        auth::TokenLifetimes lifetimes;
        lifetimes.accessMs = 5 * 60 * 1000;
        const auto token = issuer(lifetimes).accessToken(grant(), subject(u"alice"_s), ScopeSet::parse(kScope));
        QVERIFY(token);
        QCOMPARE(token->expiresAt, nowSeconds() + 5 * 60);
        const auth::TokenLifetimes defaults;
        QCOMPARE(defaults.accessMs, 30LL * 60 * 1000);
        QCOMPARE(defaults.refreshMs, 90LL * 24 * 3600 * 1000);
        QCOMPARE(defaults.codeMs, 60LL * 1000);
    }

    // --- who a token speaks for

    void theSubjectIsAMemberOrAnAllowedDelegate()
    {
        const TokenSubject alice = subject(u"alice"_s);
        QCOMPARE(alice.fhirUser, u"Patient/p1"_s);
        QVERIFY(!alice.delegate);
        const TokenSubject bob = subject(u"bob"_s);
        QCOMPARE(bob.fhirUser, u"RelatedPerson/rp-bob"_s);
        QVERIFY(bob.delegate);

        const auth::PersonaStore personas(f.database);
        const QDate today = f.clock.now().date();
        QVERIFY(!TokenSubject::resolve(personas, u"eve"_s, u"p1"_s, today));      // revoked delegation
        QVERIFY(!TokenSubject::resolve(personas, u"bob"_s, u"p2"_s, today));      // no delegation
        QVERIFY(!TokenSubject::resolve(personas, u"alice"_s, u"p2"_s, today));    // another member's record
        QVERIFY(!TokenSubject::resolve(personas, u"mallory"_s, u"p1"_s, today));  // nobody
        QVERIFY(!TokenSubject::resolve(personas, u"bob"_s, u"p1"_s, QDate(2024, 12, 31))); // before it began
    }

    // --- the key ring

    void rotationSignsWithTheNewKeyAndStillPublishesTheOld()
    {
        const QString oldKid = f.keys->current().kid();
        const auto before = issuer().accessToken(grant(), subject(u"alice"_s), ScopeSet::parse(kScope));
        QVERIFY(before);
        const auto rotated = f.keys->rotate(f.clock.now().addDays(1));
        QVERIFY2(rotated, qPrintable(rotated ? QString() : rotated.error()));
        QVERIFY(f.keys->current().kid() != oldKid);
        const auto after = issuer().accessToken(grant(), subject(u"alice"_s), ScopeSet::parse(kScope));
        QVERIFY(after);
        QCOMPARE(test::decodedPart(after->token, 0).value("kid"_L1).toString(), f.keys->current().kid());
        for (const QByteArray &token : {before->token, after->token})
            QVERIFY(auth::JwtVerifier::verify(token, f.keys->jwks(), {auth::JwsAlgorithm::RS256}));
        const auto published = auth::PublicKeySet::parse(f.keys->jwksJson());
        QVERIFY(published);
        QVERIFY(published->find(oldKid) && published->find(f.keys->current().kid()));
    }

    void workersSignWhileTheRingRotates()
    {
        // No timing: four threads sign while this one rotates; every token must verify.
        std::atomic<int> failures{0};
        const TokenIssuer shared = issuer();
        const Grant g = grant();
        const TokenSubject alice = subject(u"alice"_s);
        const ScopeSet scope = ScopeSet::parse(kScope);
        QList<QByteArray> tokens[4];
        std::vector<std::thread> threads;
        for (int t = 0; t < 4; ++t) {
            threads.emplace_back([&, t] {
                for (int i = 0; i < 25; ++i) {
                    const auto token = shared.accessToken(g, alice, scope);
                    if (token)
                        tokens[t].append(token->token);
                    else
                        ++failures;
                }
            });
        }
        int rotations = 0;
        for (int r = 0; r < 2; ++r)
            rotations += f.keys->rotate(f.clock.now().addDays(1)) ? 1 : 0;
        for (std::thread &thread : threads)
            thread.join();
        QCOMPARE(rotations, 2);
        QCOMPARE(failures.load(), 0);
        const auth::PublicKeySet published = f.keys->jwks();
        for (const QList<QByteArray> &list : tokens) {
            QCOMPARE(list.size(), 25);
            for (const QByteArray &token : list)
                QVERIFY(auth::JwtVerifier::verify(token, published, {auth::JwsAlgorithm::RS256}));
        }
    }
};

QTEST_GUILESS_MAIN(TestTokenIssuer)
#include "TestTokenIssuer.moc"
