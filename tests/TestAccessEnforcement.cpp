// The FHIR API behind access::FhirAccessGuard, driven through the router as the server drives it.
// Each attack is a test of its own and expects a refusal; the positive tests show that the same
// set-up does answer what the token allows.

#include "support/AccessFixture.h"

#include <QMessageAuthenticationCode>
#include <QTest>

using namespace paw;
using namespace Qt::StringLiterals;
using test::AccessFixture;
using test::bodyOf;
using test::entries;

namespace {

const QString kLab = u"http://terminology.hl7.org/CodeSystem/observation-category|laboratory"_s;
const QString kVital = u"http://terminology.hl7.org/CodeSystem/observation-category|vital-signs"_s;

std::optional<auth::SigningKey> s_key;

QByteArray part(const QJsonObject &object)
{
    return auth::Base64Url::encode(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

} // namespace

class TestAccessEnforcement : public QObject
{
    Q_OBJECT

    std::unique_ptr<AccessFixture> f;

    // A 401 invalid_token with its challenge and an OperationOutcome.
    static void verifyInvalidToken(const http::HttpResponse &response)
    {
        QCOMPARE(response.status, 401);
        const QByteArray challenge = response.header("WWW-Authenticate");
        QVERIFY2(challenge.startsWith("Bearer realm=\"http://paw.test/fhir\""), challenge.constData());
        QVERIFY2(challenge.contains("error=\"invalid_token\""), challenge.constData());
        QVERIFY2(challenge.contains("error_description=\""), challenge.constData());
        QCOMPARE(bodyOf(response).value(u"resourceType"_s).toString(), u"OperationOutcome"_s);
    }

    static void verifyNotFound(const http::HttpResponse &response)
    {
        QCOMPARE(response.status, 404);
        QCOMPARE(bodyOf(response).value(u"resourceType"_s).toString(), u"OperationOutcome"_s);
    }

    // Alice's token for pa with one claim set to `value` (removed when undefined) is refused.
    void verifyRefusedWithClaim(const QString &name, const QJsonValue &value)
    {
        QJsonObject claims = f->claimsFor(f->grant(u"alice"_s, u"pa"_s, u"patient/*.rs"_s));
        if (value.isUndefined())
            claims.remove(name);
        else
            claims.insert(name, value);
        verifyInvalidToken(f->get(u"Patient/pa"_s, f->sign(claims)));
    }

    // A search answered with exactly these matches and included resources.
    void verifySearch(const QString &query, const QByteArray &token, const QStringList &matches,
                      const QStringList &included)
    {
        const auto response = f->get(query, token);
        QCOMPARE(response.status, 200);
        QCOMPARE(entries(response), matches);
        QCOMPARE(entries(response, u"include"_s), included);
    }

    // The delegation as an admin leaves it after revoking or suspending it.
    void setDelegationStatus(const QString &delegateName, const QString &patientId, auth::Delegation::Status status)
    {
        auth::Delegation changed = test::delegation(delegateName, patientId);
        changed.status = status;
        QVERIFY(f->personas.save({}, {changed}).isEmpty());
    }

    static int totalOf(const http::HttpResponse &response)
    {
        return bodyOf(response).value(u"total"_s).toInt(-1);
    }

private Q_SLOTS:
    void initTestCase()
    {
        auto key = auth::SigningKey::generate(auth::JwsAlgorithm::RS256);
        QVERIFY2(key, qPrintable(key ? QString() : key.error()));
        s_key = *key;
    }

    void init()
    {
        f = std::make_unique<AccessFixture>(*s_key);
        QVERIFY2(f->ok(), qPrintable(f->error));
        const QString written = f->writeExampleRecords();
        QVERIFY2(written.isEmpty(), qPrintable(written));
    }

    void cleanup() { f.reset(); }

    // ---- Without a token

    void metadataNeedsNoToken()
    {
        const auto response = f->get(u"metadata"_s);
        QCOMPARE(response.status, 200);
        QCOMPARE(bodyOf(response).value(u"resourceType"_s).toString(), u"CapabilityStatement"_s);
    }

    void aRequestWithoutATokenIs401WithoutAnErrorCode()
    {
        for (const QString &path : {u"Patient/pa"_s, u"Observation?patient=pa"_s, u"Patient/pa/_history"_s}) {
            const auto response = f->get(path);
            QCOMPARE(response.status, 401);
            // RFC 6750 §3.1: no credentials, no error code.
            QCOMPARE(response.header("WWW-Authenticate"), QByteArray("Bearer realm=\"http://paw.test/fhir\""));
            QCOMPARE(bodyOf(response).value(u"resourceType"_s).toString(), u"OperationOutcome"_s);
        }
    }

    void anotherAuthenticationSchemeCountsAsNoToken()
    {
        const auto response = f->get(u"Patient/pa"_s, {}, "Basic YWxpY2U6YWxpY2Utc2FuZGJveA==");
        QCOMPARE(response.status, 401);
        QVERIFY(!response.header("WWW-Authenticate").contains("error="));
    }

    // ---- Positive: what a token allows is answered

    void aMemberReadsAndSearchesTheirOwnRecord()
    {
        const QByteArray token = f->token(u"alice"_s, u"pa"_s, u"launch/patient patient/*.rs"_s);
        QCOMPARE(f->get(u"Patient/pa"_s, token).status, 200);
        QCOMPARE(f->get(u"ExplanationOfBenefit/eob-a"_s, token).status, 200);
        const auto search = f->get(u"Observation?patient=pa"_s, token);
        QCOMPARE(search.status, 200);
        // hiv-a is labelled HIV and the token has no sensitive scope.
        QCOMPARE(entries(search), QStringList({u"Observation/lab-a1"_s, u"Observation/lab-a2"_s,
                                               u"Observation/social-a"_s, u"Observation/vital-a"_s}));
        QCOMPARE(totalOf(search), 4);
    }

    void aSearchWithoutPatientIsConfinedToTheTokensPatient()
    {
        const QByteArray token = f->token(u"alice"_s, u"pa"_s, u"patient/*.rs"_s);
        QCOMPARE(entries(f->get(u"Patient"_s, token)), QStringList{u"Patient/pa"_s});
        QCOMPARE(entries(f->get(u"ExplanationOfBenefit"_s, token)), QStringList{u"ExplanationOfBenefit/eob-a"_s});
        QCOMPARE(entries(f->get(u"Condition"_s, token)), QStringList{u"Condition/cond-a"_s});
    }

    // ---- Patient A's token and patient B's records

    void patientAReadingPatientBByReadIsNotFound()
    {
        const QByteArray token = f->token(u"alice"_s, u"pa"_s, u"patient/*.rs"_s);
        verifyNotFound(f->get(u"Patient/pb"_s, token));
        verifyNotFound(f->get(u"ExplanationOfBenefit/eob-b"_s, token));
        verifyNotFound(f->get(u"Observation/lab-b"_s, token));
        verifyNotFound(f->get(u"Observation/lab-b/_history"_s, token));
        verifyNotFound(f->get(u"Observation/lab-b/_history/1"_s, token));
        // The answer is the one for an id that does not exist: it tells nothing.
        const auto diagnostics = [](const http::HttpResponse &response) {
            return bodyOf(response).value(u"issue"_s).toArray().at(0).toObject().value(u"diagnostics"_s).toString();
        };
        QCOMPARE(diagnostics(f->get(u"Observation/lab-b"_s, token)), u"Observation/lab-b is not known"_s);
        QCOMPARE(diagnostics(f->get(u"Observation/lab-x"_s, token)), u"Observation/lab-x is not known"_s);
        QCOMPARE(diagnostics(f->get(u"Observation/lab-b/_history/1"_s, token)), u"Observation/lab-b has no version 1"_s);
        QCOMPARE(diagnostics(f->get(u"Observation/lab-x/_history/1"_s, token)), u"Observation/lab-x has no version 1"_s);
    }

    void patientAReadingPatientBBySearchFindsNothing()
    {
        const QByteArray token = f->token(u"alice"_s, u"pa"_s, u"patient/*.rs"_s);
        for (const QString &query : {u"Observation?patient=pb"_s, u"Observation?patient=Patient/pb"_s,
                                     u"Observation?patient=http://paw.test/fhir/Patient/pb"_s, u"Patient?_id=pb"_s,
                                     u"ExplanationOfBenefit?patient=pb"_s, u"Observation?_id=lab-b"_s}) {
            const auto response = f->get(query, token);
            QCOMPARE(response.status, 200);
            QVERIFY2(entries(response).isEmpty(), qPrintable(query + u": "_s + entries(response).join(u", ")));
            QCOMPARE(totalOf(response), 0);
        }
    }

    void patientAReadingPatientBByIncludeLeaksNothing()
    {
        // eob-a names Patient/pb as its payee: following that reference must not reach pb.
        const QByteArray token = f->token(u"alice"_s, u"pa"_s, u"patient/*.rs"_s);
        verifySearch(u"ExplanationOfBenefit?_include=ExplanationOfBenefit:payee&_include=ExplanationOfBenefit:patient"_s,
                     token, {u"ExplanationOfBenefit/eob-a"_s}, {u"Patient/pa"_s});
        // Nor does :iterate from there (pb's Patient, then pb's claims).
        verifySearch(u"ExplanationOfBenefit?_include=ExplanationOfBenefit:payee"
                     "&_revinclude:iterate=ExplanationOfBenefit:patient"_s,
                     token, {u"ExplanationOfBenefit/eob-a"_s}, {});
    }

    void patientAReadingPatientBByRevincludeLeaksNothing()
    {
        // eob-b (pb's claim) names Patient/pa as its payee: a reverse include from pa finds it
        // in the index, and must not return it.
        verifySearch(u"Patient?_id=pa&_revinclude=ExplanationOfBenefit:payee&_revinclude=ExplanationOfBenefit:patient"_s,
                     f->token(u"alice"_s, u"pa"_s, u"patient/*.rs"_s), {u"Patient/pa"_s},
                     {u"ExplanationOfBenefit/eob-a"_s});
    }

    void aSearchNamingAnotherPatientAmongOthersKeepsOnlyTheTokensPatient()
    {
        const QByteArray token = f->token(u"alice"_s, u"pa"_s, u"patient/Observation.rs"_s);
        const auto response = f->get(u"Observation?patient=pa,pb&category="_s + kLab, token);
        QCOMPARE(entries(response), QStringList({u"Observation/lab-a1"_s, u"Observation/lab-a2"_s}));
    }

    // ---- Forged, spoiled and misdirected tokens

    void algNoneIsRefused()
    {
        const auth::Grant g = f->grant(u"alice"_s, u"pa"_s, u"patient/*.rs"_s);
        const QByteArray unsecured = part({{u"alg"_s, u"none"_s}, {u"typ"_s, u"at+jwt"_s}, {u"kid"_s, s_key->kid()}})
                                     + '.' + part(f->claimsFor(g)) + '.';
        verifyInvalidToken(f->get(u"Patient/pa"_s, unsecured));
    }

    void hs256SignedWithTheServersPublicKeyIsRefused()
    {
        const auth::Grant g = f->grant(u"alice"_s, u"pa"_s, u"patient/*.rs"_s);
        const QByteArray input = part({{u"alg"_s, u"HS256"_s}, {u"typ"_s, u"at+jwt"_s}, {u"kid"_s, s_key->kid()}})
                                 + '.' + part(f->claimsFor(g));
        // The public key is public: as an HMAC secret it lets anyone sign.
        const QByteArray mac = QMessageAuthenticationCode::hash(input, s_key->publicKey().pem(), QCryptographicHash::Sha256);
        verifyInvalidToken(f->get(u"Patient/pa"_s, input + '.' + auth::Base64Url::encode(mac)));
    }

    void anExpiredTokenIsRefused()
    {
        const qint64 now = f->clock.nowMs() / 1000;
        verifyRefusedWithClaim(u"exp"_s, now - 61); // beyond the 60 s of skew
        // A token that expires while in use: accepted, then refused once its time (and the skew) passed.
        QJsonObject claims = f->claimsFor(f->grant(u"alice"_s, u"pa"_s, u"patient/*.rs"_s));
        claims.insert(u"exp"_s, now + 10);
        const QByteArray expiring = f->sign(claims);
        QCOMPARE(f->get(u"Patient/pa"_s, expiring).status, 200);
        f->clock.advanceSecond(71);
        verifyInvalidToken(f->get(u"Patient/pa"_s, expiring));
    }

    void aTokenNotYetValidIsRefused()
    {
        verifyRefusedWithClaim(u"nbf"_s, f->clock.nowMs() / 1000 + 120);
    }

    void aTamperedPayloadIsRefused()
    {
        const QByteArray token = f->token(u"alice"_s, u"pa"_s, u"patient/*.rs"_s);
        QCOMPARE(f->get(u"Patient/pa"_s, token).status, 200);
        // The same signature over claims that now name patient pb.
        const QList<QByteArray> parts = token.split('.');
        QJsonObject claims = QJsonDocument::fromJson(*auth::Base64Url::decode(parts.at(1))).object();
        claims.insert(u"patient"_s, u"pb"_s);
        const QByteArray forged = parts.at(0) + '.' + part(claims) + '.' + parts.at(2);
        verifyInvalidToken(f->get(u"Patient/pb"_s, forged));
    }

    void aTokenForAnotherAudienceIsRefused()
    {
        verifyRefusedWithClaim(u"aud"_s, u"http://elsewhere.test/fhir"_s);
        // An ID token: the same key, aud = the client id.
        verifyRefusedWithClaim(u"aud"_s, u"app-1"_s);
    }

    void aTokenFromAnotherIssuerIsRefused()
    {
        verifyRefusedWithClaim(u"iss"_s, u"http://evil.test/auth"_s);
    }

    void aTokenSignedByAnUnknownKeyIsRefused()
    {
        auto stranger = auth::SigningKey::generate(auth::JwsAlgorithm::RS256);
        QVERIFY(stranger);
        const QJsonObject claims = f->claimsFor(f->grant(u"alice"_s, u"pa"_s, u"patient/*.rs"_s));
        auto token = auth::Jwt::sign({{u"typ"_s, u"at+jwt"_s}}, claims, *stranger);
        QVERIFY(token);
        verifyInvalidToken(f->get(u"Patient/pa"_s, *token));
    }

    void anIdTokenIsNotAnAccessToken()
    {
        const QJsonObject claims = f->claimsFor(f->grant(u"alice"_s, u"pa"_s, u"patient/*.rs"_s));
        verifyInvalidToken(f->get(u"Patient/pa"_s, f->sign(claims, {{u"typ"_s, u"JWT"_s}})));
    }

    void aTokenWithoutAGrantIsRefused()
    {
        verifyRefusedWithClaim(u"grant_id"_s, u"no-such-grant"_s);
        verifyRefusedWithClaim(u"grant_id"_s, QJsonValue(QJsonValue::Undefined));
    }

    void aTokenThatDisagreesWithItsGrantIsRefused()
    {
        // A signed token cannot be forged; this guards against a token minted under another grant.
        verifyRefusedWithClaim(u"client_id"_s, u"app-2"_s);
    }

    // ---- Revocation, seen within a second

    void aRevokedGrantIsRefusedWithinOneSecond()
    {
        const auth::Grant g = f->grant(u"alice"_s, u"pa"_s, u"patient/*.rs"_s);
        const QByteArray token = f->sign(f->claimsFor(g));
        QCOMPARE(f->get(u"Patient/pa"_s, token).status, 200);
        QVERIFY(f->grants.revoke(g.grantId).isEmpty());
        f->clock.advanceMs(1000);
        verifyInvalidToken(f->get(u"Patient/pa"_s, token));
        verifyInvalidToken(f->get(u"Observation?patient=pa"_s, token));
    }

    void aGrantsLastUseIsKeptToTheMinute()
    {
        const auth::Grant g = f->grant(u"alice"_s, u"pa"_s, u"patient/*.rs"_s);
        const QByteArray token = f->sign(f->claimsFor(g));
        const auto lastUsed = [&] { return f->grants.find(g.grantId).value()->lastUsedMs; };
        QCOMPARE(lastUsed(), g.createdMs);
        f->clock.advanceMs(auth::GrantStore::kLastUsedResolutionMs);
        QCOMPARE(f->get(u"Patient/pa"_s, token).status, 200);
        const qint64 firstUse = f->clock.nowMs();
        QCOMPARE(lastUsed(), firstUse);
        // Within the minute the row is not written again, whatever the number of requests.
        f->clock.advanceMs(auth::GrantStore::kLastUsedResolutionMs / 2);
        QCOMPARE(f->get(u"Patient/pa"_s, token).status, 200);
        QCOMPARE(f->get(u"Observation?patient=pa"_s, token).status, 200);
        QCOMPARE(lastUsed(), firstUse);
        f->clock.advanceMs(auth::GrantStore::kLastUsedResolutionMs / 2);
        QCOMPARE(f->get(u"Patient/pa"_s, token).status, 200);
        QCOMPARE(lastUsed(), f->clock.nowMs());
        // A refused request is no use.
        QVERIFY(f->grants.revoke(g.grantId).isEmpty());
        f->clock.advanceMs(2 * auth::GrantStore::kLastUsedResolutionMs);
        verifyInvalidToken(f->get(u"Patient/pa"_s, token));
        QCOMPARE(lastUsed(), f->clock.nowMs() - 2 * auth::GrantStore::kLastUsedResolutionMs);
    }

    void anExpiredGrantIsRefused()
    {
        const auth::Grant g = f->grant(u"alice"_s, u"pa"_s, u"patient/*.rs"_s);
        f->clock.advanceMs(test::kGrantLifetimeMs);
        QJsonObject claims = f->claimsFor(g); // a token still within its own lifetime
        verifyInvalidToken(f->get(u"Patient/pa"_s, f->sign(claims)));
    }

    void aRevokedDelegationIsRefusedWithinOneSecond()
    {
        const QByteArray token = f->token(u"caregiver"_s, u"pb"_s, u"patient/*.rs"_s);
        QCOMPARE(f->get(u"Patient/pb"_s, token).status, 200);
        setDelegationStatus(u"caregiver"_s, u"pb"_s, auth::Delegation::Status::Revoked);
        f->clock.advanceMs(1000);
        verifyInvalidToken(f->get(u"Patient/pb"_s, token));
    }

    void aSuspendedDelegationIsRefused()
    {
        const QByteArray token = f->token(u"caregiver"_s, u"pb"_s, u"patient/*.rs"_s);
        setDelegationStatus(u"caregiver"_s, u"pb"_s, auth::Delegation::Status::Suspended);
        verifyInvalidToken(f->get(u"Patient/pb"_s, token));
    }

    void anExpiredDelegationIsRefused()
    {
        // spouse's delegation for pa ended on 2025-12-31; the clock says 2026-01-01.
        verifyInvalidToken(f->get(u"Patient/pa"_s, f->token(u"spouse"_s, u"pa"_s, u"patient/*.rs"_s)));
    }

    void aDelegationIsRefusedFromTheDayAfterItsEnd()
    {
        QVERIFY(f->personas.save({}, {test::delegation(u"caregiver"_s, u"pb"_s, QDate(2026, 1, 1))}).isEmpty());
        const auth::Grant g = f->grant(u"caregiver"_s, u"pb"_s, u"patient/*.rs"_s);
        QCOMPARE(f->get(u"Patient/pb"_s, f->sign(f->claimsFor(g))).status, 200);
        f->clock.advanceSecond(24 * 3600);
        verifyInvalidToken(f->get(u"Patient/pb"_s, f->sign(f->claimsFor(g))));
    }

    void aDelegateWithoutADelegationForThePatientIsRefused()
    {
        verifyInvalidToken(f->get(u"Patient/pa"_s, f->token(u"parent"_s, u"pa"_s, u"patient/*.rs"_s)));
    }

    // ---- Sensitive records

    void aSensitiveRecordIsWithheldFromAReadWithoutItsScope()
    {
        verifyNotFound(f->get(u"Condition/psy-a"_s, f->token(u"alice"_s, u"pa"_s, u"patient/*.rs"_s)));
        // Another category's scope does not release it either.
        verifyNotFound(f->get(u"Condition/psy-a"_s, f->token(u"alice"_s, u"pa"_s, u"patient/*.rs sensitive/hiv"_s)));
        const QByteArray released = f->token(u"alice"_s, u"pa"_s, u"patient/*.rs sensitive/mental-health"_s);
        QCOMPARE(f->get(u"Condition/psy-a"_s, released).status, 200);
        verifyNotFound(f->get(u"Observation/hiv-a"_s, released));
    }

    void aSensitiveRecordIsWithheldFromASearchWithoutItsScope()
    {
        const QByteArray token = f->token(u"alice"_s, u"pa"_s, u"patient/*.rs"_s);
        auto response = f->get(u"Condition?patient=pa"_s, token);
        QCOMPARE(entries(response), QStringList{u"Condition/cond-a"_s});
        QCOMPARE(totalOf(response), 1);
        response = f->get(u"Observation?patient=pa&category="_s + kLab, token);
        QCOMPARE(entries(response), QStringList({u"Observation/lab-a1"_s, u"Observation/lab-a2"_s}));
        QCOMPARE(totalOf(response), 2);
        // Searching by the label itself finds nothing either.
        QVERIFY(entries(f->get(u"Observation?_security=HIV"_s, token)).isEmpty());

        const QByteArray released = f->token(u"alice"_s, u"pa"_s, u"patient/*.rs sensitive/*"_s);
        response = f->get(u"Observation?patient=pa&category="_s + kLab, released);
        QCOMPARE(entries(response), QStringList({u"Observation/hiv-a"_s, u"Observation/lab-a1"_s, u"Observation/lab-a2"_s}));
        QCOMPARE(totalOf(response), 3);
    }

    void pagesWithWithheldRecordsVisitEachVisibleRecordOnce()
    {
        const QByteArray token = f->token(u"alice"_s, u"pa"_s, u"patient/*.rs"_s);
        QStringList seen;
        QString next = u"Observation?patient=pa&_count=1&_sort=_id"_s;
        int pages = 0;
        while (!next.isEmpty() && pages < 10) {
            const auto response = f->get(next, token);
            QCOMPARE(response.status, 200);
            QCOMPARE(totalOf(response), 4);
            seen += entries(response);
            next.clear();
            for (const QJsonValue &link : bodyOf(response).value(u"link"_s).toArray()) {
                if (link.toObject().value(u"relation"_s).toString() == u"next")
                    next = link.toObject().value(u"url"_s).toString().mid(QStringLiteral("http://paw.test/fhir/").size());
            }
            ++pages;
        }
        QCOMPARE(seen, QStringList({u"Observation/lab-a1"_s, u"Observation/lab-a2"_s, u"Observation/social-a"_s,
                                    u"Observation/vital-a"_s}));
        QCOMPARE(pages, 4);
    }

    void aDelegationCeilingWithholdsSensitiveRecordsWhateverTheScopes()
    {
        // guardian acts for pc with the ceiling "no-sensitive"; the token holds sensitive/*.
        const QByteArray token = f->token(u"guardian"_s, u"pc"_s, u"patient/*.rs sensitive/*"_s);
        QCOMPARE(f->get(u"Observation/lab-c"_s, token).status, 200);
        verifyNotFound(f->get(u"Condition/psy-c"_s, token));
        QVERIFY(entries(f->get(u"Condition?patient=pc"_s, token)).isEmpty());
        QCOMPARE(totalOf(f->get(u"Condition"_s, token)), 0);
        // parent, without a ceiling for pc, sees it with the same scopes.
        QCOMPARE(f->get(u"Condition/psy-c"_s, f->token(u"parent"_s, u"pc"_s, u"patient/*.rs sensitive/*"_s)).status, 200);
    }

    void aSensitiveRecordIsWithheldFromIncludes()
    {
        // psy-a is reachable from pa by _revinclude=Condition:patient: it stays withheld.
        verifySearch(u"Patient?_revinclude=Condition:patient"_s, f->token(u"alice"_s, u"pa"_s, u"patient/*.rs"_s),
                     {u"Patient/pa"_s}, {u"Condition/cond-a"_s});
    }

    // ---- Scopes decide types, interactions and subsets

    void aGranularCategoryScopeReturnsExactlyTheSubset()
    {
        const QByteArray token = f->token(u"alice"_s, u"pa"_s, u"patient/Observation.rs?category="_s + kLab);
        auto response = f->get(u"Observation"_s, token);
        QCOMPARE(entries(response), QStringList({u"Observation/lab-a1"_s, u"Observation/lab-a2"_s}));
        QCOMPARE(totalOf(response), 2);
        response = f->get(u"Observation?patient=pa&category="_s + kVital.section(u'|', 1), token);
        QVERIFY(entries(response).isEmpty());
        QCOMPARE(f->get(u"Observation/lab-a1"_s, token).status, 200);
    }

    void aGranularCategoryScopeRefusesAReadOutsideIt()
    {
        const QByteArray token = f->token(u"alice"_s, u"pa"_s, u"patient/Observation.rs?category="_s + kLab);
        verifyNotFound(f->get(u"Observation/vital-a"_s, token));
        verifyNotFound(f->get(u"Observation/vital-a/_history/1"_s, token));
        // Other types are not granted at all.
        QCOMPARE(f->get(u"Condition/cond-a"_s, token).status, 403);
    }

    void severalGranularScopesForATypeAreOred()
    {
        const QByteArray token = f->token(u"alice"_s, u"pa"_s,
                                          u"patient/Observation.rs?category="_s + kLab
                                              + u" patient/Observation.rs?category="_s + kVital);
        const auto response = f->get(u"Observation"_s, token);
        QCOMPARE(entries(response), QStringList({u"Observation/lab-a1"_s, u"Observation/lab-a2"_s,
                                                 u"Observation/vital-a"_s}));
        QCOMPARE(totalOf(response), 3);
        verifyNotFound(f->get(u"Observation/social-a"_s, token));
        QCOMPARE(f->get(u"Observation/vital-a"_s, token).status, 200);
    }

    void aGranularScopeOnAnUnknownParameterGrantsNothing()
    {
        const QByteArray token = f->token(u"alice"_s, u"pa"_s, u"patient/Observation.rs?flavour=sweet"_s);
        QVERIFY(entries(f->get(u"Observation"_s, token)).isEmpty());
        verifyNotFound(f->get(u"Observation/lab-a1"_s, token));
    }

    void aV1ReadScopeAllowsReadAndSearch()
    {
        const QByteArray token = f->token(u"alice"_s, u"pa"_s, u"patient/*.read"_s);
        QCOMPARE(f->get(u"Observation/lab-a1"_s, token).status, 200);
        QCOMPARE(entries(f->get(u"ExplanationOfBenefit"_s, token)), QStringList{u"ExplanationOfBenefit/eob-a"_s});
        verifyNotFound(f->get(u"Observation/lab-b"_s, token));
    }

    void aReadOnlyScopeRefusesSearchWith403()
    {
        const QByteArray token = f->token(u"alice"_s, u"pa"_s, u"patient/Observation.r"_s);
        QCOMPARE(f->get(u"Observation/lab-a1"_s, token).status, 200);
        const auto response = f->get(u"Observation?patient=pa"_s, token);
        QCOMPARE(response.status, 403);
        const QByteArray challenge = response.header("WWW-Authenticate");
        QVERIFY2(challenge.contains("error=\"insufficient_scope\""), challenge.constData());
        QCOMPARE(bodyOf(response).value(u"resourceType"_s).toString(), u"OperationOutcome"_s);
    }

    void aTypeWithoutAScopeIs403()
    {
        const QByteArray token = f->token(u"alice"_s, u"pa"_s, u"patient/Observation.rs"_s);
        for (const QString &path : {u"Condition/cond-a"_s, u"Condition?patient=pa"_s, u"Patient/pa"_s}) {
            const auto response = f->get(path, token);
            QCOMPARE(response.status, 403);
            QVERIFY(response.header("WWW-Authenticate").contains("insufficient_scope"));
        }
        // An identity scope grants no data.
        QCOMPARE(f->get(u"Patient/pa"_s, f->token(u"alice"_s, u"pa"_s, u"openid fhirUser launch/patient"_s)).status, 403);
    }

    void aUserScopeOfADelegateCoversTheirTwoChildrenButNotAThirdPatient()
    {
        const QByteArray token = f->token(u"parent"_s, u"pc"_s, u"user/*.rs"_s);
        QCOMPARE(entries(f->get(u"Patient"_s, token)), QStringList({u"Patient/pc"_s, u"Patient/pd"_s}));
        QCOMPARE(entries(f->get(u"Observation"_s, token)), QStringList({u"Observation/lab-c"_s, u"Observation/lab-d"_s}));
        QCOMPARE(f->get(u"Observation/lab-d"_s, token).status, 200);
        verifyNotFound(f->get(u"Patient/pe"_s, token));
        verifyNotFound(f->get(u"Observation/lab-e"_s, token));
        QVERIFY(entries(f->get(u"Observation?patient=pe"_s, token)).isEmpty());
        // The same delegate with patient/ scopes: the patient in context only.
        const QByteArray patientToken = f->token(u"parent"_s, u"pc"_s, u"patient/*.rs"_s);
        QCOMPARE(entries(f->get(u"Observation"_s, patientToken)), QStringList{u"Observation/lab-c"_s});
        verifyNotFound(f->get(u"Observation/lab-d"_s, patientToken));
    }

    void aUserScopeLosesAChildWhoseDelegationIsRevoked()
    {
        const QByteArray token = f->token(u"parent"_s, u"pc"_s, u"user/*.rs"_s);
        QCOMPARE(f->get(u"Observation/lab-d"_s, token).status, 200);
        setDelegationStatus(u"parent"_s, u"pd"_s, auth::Delegation::Status::Revoked);
        f->clock.advanceMs(1000);
        verifyNotFound(f->get(u"Observation/lab-d"_s, token));
        QCOMPARE(entries(f->get(u"Observation"_s, token)), QStringList{u"Observation/lab-c"_s});
    }

    void aSharedOrganizationIsReadableWithAScopeForItsType()
    {
        const QByteArray token = f->token(u"alice"_s, u"pa"_s, u"patient/Organization.rs patient/ExplanationOfBenefit.rs"_s);
        QCOMPARE(f->get(u"Organization/org-1"_s, token).status, 200);
        QCOMPARE(entries(f->get(u"Organization"_s, token)), QStringList{u"Organization/org-1"_s});
        verifySearch(u"ExplanationOfBenefit?_include=ExplanationOfBenefit:provider"_s, token,
                     {u"ExplanationOfBenefit/eob-a"_s}, {u"Organization/org-1"_s});
    }

    void aSharedOrganizationIsRefusedWithoutAScopeForItsType()
    {
        const QByteArray token = f->token(u"alice"_s, u"pa"_s, u"patient/ExplanationOfBenefit.rs"_s);
        QCOMPARE(f->get(u"Organization/org-1"_s, token).status, 403);
        QCOMPARE(f->get(u"Organization"_s, token).status, 403);
        // Nor does an include bring it in.
        verifySearch(u"ExplanationOfBenefit?_include=ExplanationOfBenefit:provider"_s, token,
                     {u"ExplanationOfBenefit/eob-a"_s}, {});
    }

    // ---- Audit

    void everyAnsweredAndRefusedRequestIsAudited()
    {
        const QByteArray token = f->token(u"alice"_s, u"pa"_s, u"patient/Observation.rs"_s);
        f->audit.events.clear();
        QCOMPARE(f->get(u"Observation?patient=pa"_s, token).status, 200);
        QCOMPARE(f->get(u"Observation/lab-b"_s, token).status, 404);
        QCOMPARE(f->get(u"Condition/cond-a"_s, token).status, 403);
        QCOMPARE(f->get(u"Patient/pa"_s).status, 401);
        QCOMPARE(f->audit.events.size(), 4);

        const access::AuditEvent &search = f->audit.events.at(0);
        QCOMPARE(search.kind, access::AuditEvent::Kind::Fhir);
        QCOMPARE(search.timeMs, f->clock.nowMs());
        QCOMPARE(search.clientId, u"app-1"_s);
        QCOMPARE(search.username, u"alice"_s);
        QCOMPARE(search.patientId, u"pa"_s);
        QCOMPARE(search.interaction, u"search"_s);
        QCOMPARE(search.query, u"/fhir/Observation?patient=pa"_s);
        QCOMPARE(search.resultCount, 4);
        QCOMPARE(search.status, 200);
        QCOMPARE(search.outcome, u"ok"_s);
        QVERIFY(search.tokenId.startsWith(u"jti-"));

        QCOMPARE(f->audit.events.at(1).interaction, u"read"_s);
        QCOMPARE(f->audit.events.at(1).status, 404);
        QCOMPARE(f->audit.events.at(1).resultCount, 0);
        QCOMPARE(f->audit.events.at(2).outcome, u"insufficient_scope"_s);
        QCOMPARE(f->audit.events.at(2).status, 403);
        QCOMPARE(f->audit.events.at(3).status, 401);
        QVERIFY(f->audit.events.at(3).clientId.isEmpty());
        QVERIFY(f->audit.events.at(3).tokenId.isEmpty());
    }

    void aRefusedTokenIsAuditedWithoutTrustingItsClaims()
    {
        QJsonObject claims = f->claimsFor(f->grant(u"alice"_s, u"pa"_s, u"patient/*.rs"_s));
        claims.insert(u"iss"_s, u"http://evil.test/auth"_s);
        f->audit.events.clear();
        QCOMPARE(f->get(u"Patient/pa"_s, f->sign(claims)).status, 401);
        QCOMPARE(f->audit.events.size(), 1);
        QCOMPARE(f->audit.events.at(0).outcome, u"invalid_token"_s);
        QVERIFY(f->audit.events.at(0).username.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestAccessEnforcement)
#include "TestAccessEnforcement.moc"
