// access::AccessTokenValidator on its own: what it reads from a token, which claims it cannot do
// without, and how it remembers a verified token (the signature once, the times on every use).
// The forged and misdirected tokens are refused in TestAccessEnforcement, through the API.

#include "access/AccessTokenValidator.h"
#include "auth/jose/Jwt.h"
#include "auth/jose/SigningKey.h"

#include <QTest>

using namespace paw;
using namespace Qt::StringLiterals;

namespace {

const QString kIssuer = u"http://paw.test/auth"_s;
const QString kAudience = u"http://paw.test/fhir"_s;

} // namespace

class TestAccessTokenValidator : public QObject
{
    Q_OBJECT

    std::optional<auth::SigningKey> m_key;
    platform::MockClock m_clock;
    int m_keySetCalls = 0;
    bool m_keyWithdrawn = false;

    std::unique_ptr<access::AccessTokenValidator> validator()
    {
        return std::make_unique<access::AccessTokenValidator>(
            [this] {
                ++m_keySetCalls;
                auth::PublicKeySet keys;
                if (!m_keyWithdrawn)
                    (void)keys.add({m_key->kid(), m_key->algorithm(), m_key->publicKey()});
                return keys;
            },
            kIssuer, kAudience, m_clock);
    }

    QJsonObject claims() const
    {
        const qint64 now = m_clock.nowMs() / 1000;
        return {{u"iss"_s, kIssuer},       {u"aud"_s, kAudience},       {u"sub"_s, u"parent-0"_s},
                {u"client_id"_s, u"app"_s}, {u"scope"_s, u"launch/patient patient/*.rs user/Observation.read"_s},
                {u"patient"_s, u"m1"_s},   {u"grant_id"_s, u"g1"_s},    {u"jti"_s, u"j1"_s},
                {u"iat"_s, now},           {u"nbf"_s, now},             {u"exp"_s, now + 1800},
                {u"act"_s, QJsonObject{{u"sub"_s, u"parent-0"_s}}}};
    }

    QByteArray sign(const QJsonObject &claims) const
    {
        auto token = auth::Jwt::sign({{u"typ"_s, u"at+jwt"_s}}, claims, *m_key);
        if (!token)
            qFatal("%s", qPrintable(token.error()));
        return *token;
    }

private Q_SLOTS:
    void initTestCase()
    {
        auto key = auth::SigningKey::generate(auth::JwsAlgorithm::RS256);
        QVERIFY(key);
        m_key = *key;
    }

    void init()
    {
        m_keySetCalls = 0;
        m_keyWithdrawn = false;
    }

    void readsTheClaimsEnforcementUses()
    {
        const auto token = validator()->validate(sign(claims()));
        QVERIFY2(token, qPrintable(token ? QString() : token.error().description));
        const access::AccessToken &t = **token;
        QCOMPARE(t.tokenId, u"j1"_s);
        QCOMPARE(t.subject, u"parent-0"_s);
        QCOMPARE(t.actor, u"parent-0"_s);
        QCOMPARE(t.clientId, u"app"_s);
        QCOMPARE(t.patientId, u"m1"_s);
        QCOMPARE(t.grantId, u"g1"_s);
        QVERIFY(t.scopes.allows(auth::SmartScope::Context::Patient, u"Condition", auth::SmartScope::Search));
        QVERIFY(t.scopes.allows(auth::SmartScope::Context::User, u"Observation", auth::SmartScope::Read));
        QVERIFY(!t.scopes.allows(auth::SmartScope::Context::User, u"Condition", auth::SmartScope::Read));
    }

    void refusesATokenWithoutAClaimEnforcementNeeds_data()
    {
        QTest::addColumn<QString>("claim");
        for (const QString &claim : {u"grant_id"_s, u"sub"_s, u"client_id"_s, u"patient"_s, u"scope"_s, u"jti"_s})
            QTest::addRow("without %s", qPrintable(claim)) << claim;
    }

    void refusesATokenWithoutAClaimEnforcementNeeds()
    {
        QFETCH(QString, claim);
        QJsonObject c = claims();
        c.remove(claim);
        const auto missing = validator()->validate(sign(c));
        QVERIFY(!missing);
        QCOMPARE(missing.error().status, 401);
        QCOMPARE(missing.error().error, u"invalid_token"_s);
        QVERIFY2(missing.error().description.contains(claim), qPrintable(missing.error().description));
        c.insert(claim, u""_s);
        QVERIFY(!validator()->validate(sign(c)));
    }

    void checksTheSignatureOncePerToken()
    {
        auto v = validator();
        const QByteArray token = sign(claims());
        QVERIFY(v->validate(token));
        QVERIFY(v->validate(token));
        QVERIFY(v->validate(token));
        QCOMPARE(m_keySetCalls, 1);
        QJsonObject other = claims();
        other.insert(u"jti"_s, u"j2"_s);
        QVERIFY(v->validate(sign(other)));
        QCOMPARE(m_keySetCalls, 2);
    }

    void aRememberedTokenStillExpires()
    {
        auto v = validator();
        QJsonObject c = claims();
        // Expired 50 s ago: still within the skew, for 10 s more.
        c.insert(u"exp"_s, m_clock.nowMs() / 1000 - 50);
        const QByteArray token = sign(c);
        QVERIFY(v->validate(token));
        m_clock.advanceMs(9999);
        QVERIFY(v->validate(token));
        m_clock.advanceMs(1);
        QVERIFY(!v->validate(token));
        QCOMPARE(m_keySetCalls, 1); // refused on the remembered claims, no second verification
    }

    void aRememberedVerificationLastsAMinute()
    {
        auto v = validator();
        const QByteArray token = sign(claims());
        QVERIFY(v->validate(token));
        // A key withdrawn from the ring: the token is verified again within a minute, and fails.
        m_keyWithdrawn = true;
        m_clock.advanceMs(access::VerifiedTokenCache::kTrustMs - 1);
        QVERIFY(v->validate(token));
        m_clock.advanceMs(1);
        const auto refused = v->validate(token);
        QVERIFY(!refused);
        QCOMPARE(refused.error().error, u"invalid_token"_s);
        QCOMPARE(m_keySetCalls, 2);
    }

    void aTamperedCopyOfARememberedTokenIsVerifiedOnItsOwn()
    {
        auto v = validator();
        const QByteArray token = sign(claims());
        QVERIFY(v->validate(token));
        QByteArray spoiled = token;
        spoiled[spoiled.size() - 2] = spoiled.at(spoiled.size() - 2) == 'A' ? 'B' : 'A';
        QVERIFY(!v->validate(spoiled));
    }
};

QTEST_GUILESS_MAIN(TestAccessTokenValidator)
#include "TestAccessTokenValidator.moc"
