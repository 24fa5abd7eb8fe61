#include "auth/jose/Base64Url.h"
#include "auth/jose/Jwt.h"
#include "auth/jose/JwtClaimsCheck.h"
#include "auth/jose/JwtVerifier.h"
#include "auth/jose/KeyStore.h"
#include "auth/jose/PublicKeySet.h"
#include "auth/jose/SigningKey.h"
#include "platform/Clock.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QTemporaryDir>
#include <QTest>

#include <functional>

using namespace paw::auth;
using paw::platform::MockClock;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(paw::auth::JwsAlgorithm)

namespace {

const QList<JwsAlgorithm> kAll{JwsAlgorithm::RS256, JwsAlgorithm::RS384, JwsAlgorithm::ES384};

QByteArray part(const QJsonObject &object)
{
    return Base64Url::encode(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

// A compact JWS with whatever header and signature a test wants, signed or not.
QByteArray compact(const QJsonObject &header, const QJsonObject &claims, const QByteArray &signature)
{
    return part(header) + '.' + part(claims) + '.' + Base64Url::encode(signature);
}

PublicKeySet setOf(const QList<SigningKey> &keys)
{
    PublicKeySet set;
    for (const SigningKey &key : keys)
        (void)set.add({key.kid(), key.algorithm(), key.publicKey()}); // the tests' keys have distinct kids
    return set;
}

QString describe(const paw::Expected<DecodedJwt, JwtError> &result)
{
    return result ? u"accepted"_s : result.error().reason;
}

} // namespace

class TestJose : public QObject
{
    Q_OBJECT

    // Keys are slow to generate (RSA): one of each for the whole test.
    std::optional<SigningKey> m_rs256;
    std::optional<SigningKey> m_rs384;
    std::optional<SigningKey> m_es384;
    MockClock m_clock;
    QJsonObject m_claims;

    const SigningKey &key(JwsAlgorithm algorithm) const
    {
        return algorithm == JwsAlgorithm::RS256 ? *m_rs256 : algorithm == JwsAlgorithm::RS384 ? *m_rs384 : *m_es384;
    }

    QByteArray signedToken(const SigningKey &signer, const QJsonObject &claims) const
    {
        const auto token = Jwt::sign({{u"typ"_s, u"JWT"_s}}, claims, signer);
        return token ? token.value() : QByteArray();
    }

    // The token a refusal test starts from, checked to verify before it is spoiled.
    QByteArray validToken(const SigningKey &signer, const PublicKeySet &keys) const
    {
        const QByteArray token = signedToken(signer, m_claims);
        const auto verified = JwtVerifier::verify(token, keys, kAll);
        return verified ? token : QByteArray();
    }

    void expectRefusal(const QByteArray &token, const PublicKeySet &keys, JwtError::Kind kind, const QString &reasonPart,
                       const QList<JwsAlgorithm> &allowed = kAll)
    {
        const auto result = JwtVerifier::verify(token, keys, allowed);
        QVERIFY2(!result, "the token was accepted");
        QVERIFY2(result.error().kind == kind, qPrintable(result.error().reason));
        QVERIFY2(result.error().reason.contains(reasonPart), qPrintable(result.error().reason));
    }

    // A valid RS256 and a valid ES384 token, spoiled by `spoil` (given the three parts), must
    // fail the signature check.
    void expectSpoiledSignatureRefused(const std::function<QByteArray(const QList<QByteArray> &)> &spoil)
    {
        const PublicKeySet keys = setOf({*m_rs256, *m_es384});
        for (const SigningKey *signer : {&*m_rs256, &*m_es384}) {
            const QByteArray token = validToken(*signer, keys);
            QVERIFY(!token.isEmpty());
            expectRefusal(spoil(token.split('.')), keys, JwtError::Kind::Signature, u"signature"_s);
        }
    }

    // Opens a KeyStore in `folder` (making its first key) and gives that key's file.
    QString keyFileOfANewStore(const QString &folder) const
    {
        const auto store = KeyStore::open(folder, m_clock);
        return store ? QDir(folder).filePath(store->current().kid() + u".pem"_s) : QString();
    }

    QJsonObject claimsAt(qint64 expOffset, qint64 nbfOffset = 0) const
    {
        const qint64 now = m_clock.now().toSecsSinceEpoch();
        QJsonObject claims{{u"iss"_s, u"https://paw.example/auth"_s}, {u"aud"_s, u"https://paw.example/fhir"_s},
                           {u"sub"_s, u"alice"_s}, {u"exp"_s, now + expOffset}};
        if (nbfOffset != 0)
            claims.insert(u"nbf"_s, now + nbfOffset);
        return claims;
    }

    JwtClaimsCheck claimsCheck() const
    {
        return JwtClaimsCheck(u"https://paw.example/auth"_s, u"https://paw.example/fhir"_s, m_clock);
    }

private Q_SLOTS:
    void initTestCase()
    {
        for (const JwsAlgorithm algorithm : kAll) {
            auto generated = SigningKey::generate(algorithm);
            QVERIFY2(generated, qPrintable(generated ? QString() : generated.error()));
            (algorithm == JwsAlgorithm::RS256 ? m_rs256 : algorithm == JwsAlgorithm::RS384 ? m_rs384 : m_es384) = generated.value();
        }
        m_claims = claimsAt(300);
    }

    // --- Base64Url

    void base64UrlRoundTripsWithoutPadding()
    {
        const QByteArray bytes("\xfb\xff\xfe?>", 5);
        QCOMPARE(Base64Url::encode(bytes), QByteArray("-__-Pz4"));
        const auto decoded = Base64Url::decode("-__-Pz4");
        QVERIFY(decoded);
        QCOMPARE(decoded.value(), bytes);
        QCOMPARE(Base64Url::encode({}), QByteArray());
    }

    void base64UrlRejects_data()
    {
        QTest::addColumn<QByteArray>("text");
        QTest::newRow("rejects padding") << QByteArray("-__-Pz4=");
        QTest::newRow("rejects the standard alphabet's plus") << QByteArray("+__-Pz4");
        QTest::newRow("rejects the standard alphabet's slash") << QByteArray("/__-Pz4");
        QTest::newRow("rejects whitespace") << QByteArray("-__- Pz4");
        QTest::newRow("rejects a dot") << QByteArray("-__.Pz4");
        QTest::newRow("rejects a length no bytes encode to") << QByteArray("-__-P");
    }
    void base64UrlRejects()
    {
        QFETCH(QByteArray, text);
        QVERIFY(!Base64Url::decode(text));
    }

    // --- Keys

    void rfc7638ExampleThumbprint()
    {
        // RFC 7638 §3.1: this RSA key's thumbprint is NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs.
        const QJsonObject jwk{
            {u"kty"_s, u"RSA"_s},
            {u"n"_s, u"0vx7agoebGcQSuuPiLJXZptN9nndrQmbXEps2aiAFbWhM78LhWx4cbbfAAtVT86zwu1RK7aPFFxuhDR1L6tSoc_BJECPebWKRXjBZCiFV4n3oknjhMstn64tZ_2W-5JsGY4Hc5n9yBXArwl93lqt7_RN5w6Cf0h4QyQ5v-65YGjQR0_FDW2QvzqY368QQMicAtaSqzs8KJZgnYb9c7d0zgdAZHzu6qMQvRL5hajrn1n91CbOpbISD08qNLyrdkt-bFTWhAI4vMQFh6WeZu0fM4lFd2NcRwr3XPksINHaQ-G_xBniIqbw0Ls1jF44-csFCur-kEgU8awapJzKnqDKgw"_s},
            {u"e"_s, u"AQAB"_s},
            {u"alg"_s, u"RS256"_s},
            {u"kid"_s, u"2011-04-29"_s}};
        const auto key = PublicKey::fromJwk(jwk);
        QVERIFY2(key, qPrintable(key ? QString() : key.error()));
        QCOMPARE(key->thumbprint(), u"NzbLsXh8uDCcd-6MNwXF4W_7noWXFZAfHkxZsRGC9Xs"_s);
    }

    void publicJwkHasTheMembers_data()
    {
        QTest::addColumn<JwsAlgorithm>("algorithm");
        QTest::addColumn<QStringList>("members");
        QTest::newRow("RS256 publishes n and e") << JwsAlgorithm::RS256 << QStringList{u"alg"_s, u"e"_s, u"kid"_s, u"kty"_s, u"n"_s, u"use"_s};
        QTest::newRow("ES384 publishes crv, x and y")
            << JwsAlgorithm::ES384 << QStringList{u"alg"_s, u"crv"_s, u"kid"_s, u"kty"_s, u"use"_s, u"x"_s, u"y"_s};
    }
    void publicJwkHasTheMembers()
    {
        QFETCH(JwsAlgorithm, algorithm);
        QFETCH(QStringList, members);
        const SigningKey &signer = key(algorithm);
        const QJsonObject jwk = signer.publicJwk();
        QCOMPARE(jwk.keys(), members);
        QCOMPARE(jwk.value(u"kid"_s).toString(), signer.kid());
        QCOMPARE(jwk.value(u"use"_s).toString(), u"sig"_s);
        QCOMPARE(jwk.value(u"alg"_s).toString(), jwsAlgorithmName(algorithm));
        // The published JWK is the same key: its thumbprint is the kid.
        const auto back = PublicKey::fromJwk(jwk);
        QVERIFY(back);
        QCOMPARE(back->thumbprint(), signer.kid());
        QCOMPARE(signer.kid().size(), 43); // base64url of 32 bytes
    }

    void signingKeyPemRoundTrip()
    {
        for (const JwsAlgorithm algorithm : kAll) {
            const QByteArray pem = key(algorithm).toPem();
            QVERIFY(pem.startsWith("-----BEGIN PRIVATE KEY-----")); // PKCS#8
            const auto loaded = SigningKey::fromPem(pem, algorithm);
            QVERIFY2(loaded, qPrintable(loaded ? QString() : loaded.error()));
            QCOMPARE(loaded->kid(), key(algorithm).kid());
        }
    }

    void signingKeyFromPemRefusesAKeyOfTheWrongType()
    {
        QVERIFY(SigningKey::fromPem(m_rs256->toPem(), JwsAlgorithm::RS384)); // RSA serves either RS*
        const auto ecAsRsa = SigningKey::fromPem(m_es384->toPem(), JwsAlgorithm::RS256);
        QVERIFY(!ecAsRsa);
        QVERIFY2(ecAsRsa.error().contains(u"RSA"_s), qPrintable(ecAsRsa.error()));
        QVERIFY(!SigningKey::fromPem(m_rs256->toPem(), JwsAlgorithm::ES384));
        QVERIFY(!SigningKey::fromPem("-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n", JwsAlgorithm::RS256));
        QVERIFY(!SigningKey::fromPem(m_rs256->publicKey().pem(), JwsAlgorithm::RS256));
    }

    void keySetSkipsKeysItCannotUse()
    {
        QJsonObject noModulus = m_rs256->publicJwk();
        noModulus.remove(u"n"_s);
        noModulus.insert(u"kid"_s, u"no-n"_s);
        QJsonObject noY = m_es384->publicJwk();
        noY.remove(u"y"_s);
        QJsonObject octet{{u"kty"_s, u"oct"_s}, {u"kid"_s, u"hmac"_s}, {u"k"_s, u"c2VjcmV0"_s}};
        QJsonObject encryption = m_rs384->publicJwk();
        encryption.insert(u"use"_s, u"enc"_s);
        const QJsonArray keys{octet, noModulus, m_rs256->publicJwk(), noY, encryption, m_es384->publicJwk(), m_rs256->publicJwk()};
        const auto set = PublicKeySet::parse(QJsonDocument(QJsonObject{{u"keys"_s, keys}}).toJson());
        QVERIFY2(set, qPrintable(set ? QString() : set.error()));
        QCOMPARE(set->size(), 2);
        QVERIFY(set->find(m_rs256->kid()));
        QVERIFY(set->find(m_es384->kid()));
        QVERIFY(!set->find(u"hmac"_s));
        const QStringList skipped = set->skipped();
        QCOMPARE(skipped.size(), 5);
        QVERIFY2(skipped.at(0).contains(u"oct"_s), qPrintable(skipped.at(0)));
        QVERIFY2(skipped.at(1).contains(u"\"n\""_s), qPrintable(skipped.at(1)));
        QVERIFY2(skipped.at(2).contains(u"\"y\""_s), qPrintable(skipped.at(2)));
        QVERIFY2(skipped.at(3).contains(u"use"_s), qPrintable(skipped.at(3)));
        QVERIFY2(skipped.at(4).contains(u"same kid"_s), qPrintable(skipped.at(4)));
    }

    void keySetRefusesTextThatIsNotAKeySet()
    {
        QVERIFY(!PublicKeySet::parse("not json"));
        QVERIFY(!PublicKeySet::parse("[]"));
        QVERIFY(!PublicKeySet::parse("{\"keys\":{}}"));
        QVERIFY(PublicKeySet::parse("{\"keys\":[]}"));
    }

    void keySetToJsonParsesBack()
    {
        const PublicKeySet set = setOf({*m_rs256, *m_es384});
        const auto back = PublicKeySet::parse(set.toJson());
        QVERIFY(back);
        QCOMPARE(back->size(), 2);
        QVERIFY(back->skipped().isEmpty());
        QCOMPARE(back->toJsonObject(), set.toJsonObject());
        QCOMPARE(back->toJsonObject().value(u"keys"_s).toArray().at(0).toObject(), m_rs256->publicJwk());
    }

    // --- Sign and verify

    void signAndVerifyRoundTrip_data()
    {
        QTest::addColumn<JwsAlgorithm>("algorithm");
        QTest::newRow("RS256") << JwsAlgorithm::RS256;
        QTest::newRow("RS384") << JwsAlgorithm::RS384;
        QTest::newRow("ES384") << JwsAlgorithm::ES384;
    }
    void signAndVerifyRoundTrip()
    {
        QFETCH(JwsAlgorithm, algorithm);
        const SigningKey &signer = key(algorithm);
        const QByteArray token = signedToken(signer, m_claims);
        QCOMPARE(token.count('.'), 2);
        const auto verified = JwtVerifier::verify(token, setOf({*m_rs256, *m_rs384, *m_es384}), {algorithm});
        QVERIFY2(verified, qPrintable(describe(verified)));
        QCOMPARE(verified->claims, m_claims);
        QCOMPARE(verified->header.value(u"alg"_s).toString(), jwsAlgorithmName(algorithm));
        QCOMPARE(verified->header.value(u"kid"_s).toString(), signer.kid());
        QCOMPARE(verified->header.value(u"typ"_s).toString(), u"JWT"_s);
        const auto signature = Base64Url::decode(token.mid(token.lastIndexOf('.') + 1));
        QVERIFY(signature);
        QCOMPARE(signature->size(), algorithm == JwsAlgorithm::ES384 ? 96 : 256); // R || S, not DER
    }

    void verifiesAMissingKidWhenTheSetHasOneKey()
    {
        const QByteArray signingInput = part({{u"alg"_s, u"RS256"_s}}) + '.' + part(m_claims);
        const auto signature = m_rs256->sign(signingInput);
        QVERIFY(signature);
        const QByteArray noKid = signingInput + '.' + Base64Url::encode(signature.value());
        const auto one = JwtVerifier::verify(noKid, setOf({*m_rs256}), kAll);
        QVERIFY2(one, qPrintable(describe(one)));
        expectRefusal(noKid, setOf({*m_rs256, *m_es384}), JwtError::Kind::Key, u"no kid"_s);
    }

    void refusesAlgNone()
    {
        const PublicKeySet keys = setOf({*m_rs256});
        QVERIFY(!validToken(*m_rs256, keys).isEmpty());
        const QByteArray unsecured = compact({{u"alg"_s, u"none"_s}, {u"kid"_s, m_rs256->kid()}}, m_claims, {});
        expectRefusal(unsecured, keys, JwtError::Kind::Algorithm, u"none"_s);
        const QByteArray shouting = compact({{u"alg"_s, u"NONE"_s}, {u"kid"_s, m_rs256->kid()}}, m_claims, {});
        expectRefusal(shouting, keys, JwtError::Kind::Algorithm, u"none"_s);
    }

    void refusesHs256SignedWithThePublicKey()
    {
        // The classic confusion: the RSA public key (known to all) used as the HMAC secret.
        const PublicKeySet keys = setOf({*m_rs256});
        const QByteArray signingInput = part({{u"alg"_s, u"HS256"_s}, {u"kid"_s, m_rs256->kid()}}) + '.' + part(m_claims);
        for (const QByteArray &secret : {m_rs256->publicKey().pem(), QJsonDocument(m_rs256->publicJwk()).toJson(QJsonDocument::Compact)}) {
            const QByteArray mac = QMessageAuthenticationCode::hash(signingInput, secret, QCryptographicHash::Sha256);
            expectRefusal(signingInput + '.' + Base64Url::encode(mac), keys, JwtError::Kind::Algorithm, u"HMAC"_s);
        }
    }

    void refusesAnAlgorithmNotAllowed()
    {
        const PublicKeySet keys = setOf({*m_rs256, *m_rs384});
        const QByteArray token = validToken(*m_rs384, keys);
        QVERIFY(JwtVerifier::verify(token, keys, {JwsAlgorithm::RS384}));
        expectRefusal(token, keys, JwtError::Kind::Algorithm, u"RS384 is not allowed"_s, {JwsAlgorithm::RS256});
        const QByteArray ps256 = compact({{u"alg"_s, u"PS256"_s}, {u"kid"_s, m_rs256->kid()}}, m_claims, "x");
        expectRefusal(ps256, keys, JwtError::Kind::Algorithm, u"PS256"_s);
    }

    void refusesAnUnknownKid()
    {
        const QByteArray token = validToken(*m_rs256, setOf({*m_rs256}));
        QVERIFY(!token.isEmpty());
        expectRefusal(token, setOf({*m_rs384}), JwtError::Kind::Key, m_rs256->kid());
    }

    void refusesAWrongKeyType()
    {
        // An RS256 token whose kid names an EC key: that key must not be asked to check it.
        const QByteArray token = validToken(*m_rs256, setOf({*m_rs256}));
        QVERIFY(!token.isEmpty());
        PublicKeySet confused;
        QVERIFY(confused.add({m_rs256->kid(), std::nullopt, m_es384->publicKey()}));
        expectRefusal(token, confused, JwtError::Kind::Key, u"cannot check alg RS256"_s);
        // A key published for RS384 does not check RS256 either.
        PublicKeySet otherAlg;
        QVERIFY(otherAlg.add({m_rs256->kid(), JwsAlgorithm::RS384, m_rs256->publicKey()}));
        expectRefusal(token, otherAlg, JwtError::Kind::Key, u"is for RS384"_s);
    }

    void refusesATamperedPayload()
    {
        QJsonObject claims = m_claims;
        claims.insert(u"sub"_s, u"mallory"_s);
        expectSpoiledSignatureRefused([&claims](const QList<QByteArray> &parts) {
            return QByteArray(parts.at(0) + '.' + part(claims) + '.' + parts.at(2));
        });
    }

    void refusesATruncatedSignature()
    {
        expectSpoiledSignatureRefused([](const QList<QByteArray> &parts) {
            const QByteArray signature = Base64Url::decode(parts.at(2)).value();
            return QByteArray(parts.at(0) + '.' + parts.at(1) + '.' + Base64Url::encode(signature.chopped(1)));
        });
    }

    void refusesAnEs384SignatureInDerForm()
    {
        // What OpenSSL produces before conversion: valid ECDSA, but not the JOSE form.
        const PublicKeySet keys = setOf({*m_es384});
        const QByteArray token = validToken(*m_es384, keys);
        const auto raw = Base64Url::decode(token.mid(token.lastIndexOf('.') + 1));
        QVERIFY(raw);
        QByteArray der = "\x02\x31" + QByteArray(1, '\0') + raw->left(48) + "\x02\x31" + QByteArray(1, '\0') + raw->mid(48);
        der.prepend(char(der.size())).prepend('\x30');
        expectRefusal(token.left(token.lastIndexOf('.') + 1) + Base64Url::encode(der), keys, JwtError::Kind::Signature, u"signature"_s);
    }

    void refusesBadBase64Url_data()
    {
        QTest::addColumn<int>("partIndex");
        QTest::newRow("rejects a padded header") << 0;
        QTest::newRow("rejects a padded payload") << 1;
        QTest::newRow("rejects a padded signature") << 2;
    }
    void refusesBadBase64Url()
    {
        QFETCH(int, partIndex);
        const PublicKeySet keys = setOf({*m_rs256});
        const QByteArray token = validToken(*m_rs256, keys);
        QList<QByteArray> parts = token.split('.');
        QCOMPARE(parts.size(), 3);
        parts[partIndex].append('=');
        expectRefusal(parts.join('.'), keys, JwtError::Kind::Malformed, u"base64url"_s);
        parts[partIndex].chop(1);
        parts[partIndex].replace('-', '+').replace('_', '/').append('+');
        expectRefusal(parts.join('.'), keys, JwtError::Kind::Malformed, u"base64url"_s);
    }

    void refusesAMalformedCompactForm_data()
    {
        QTest::addColumn<QByteArray>("token");
        QTest::addColumn<QString>("reason");
        const QByteArray header = part({{u"alg"_s, u"RS256"_s}});
        const QByteArray claims = part({{u"sub"_s, u"a"_s}});
        QTest::newRow("rejects an empty token") << QByteArray() << u"three parts"_s;
        QTest::newRow("rejects two parts") << QByteArray(header + '.' + claims) << u"three parts"_s;
        QTest::newRow("rejects four parts") << QByteArray(header + '.' + claims + ".AAAA.AAAA") << u"three parts"_s;
        QTest::newRow("rejects a header that is a JSON array")
            << QByteArray(Base64Url::encode("[\"RS256\"]") + '.' + claims + ".AAAA") << u"header is not a JSON object"_s;
        QTest::newRow("rejects a header that is not JSON") << QByteArray(Base64Url::encode("alg") + '.' + claims + ".AAAA")
                                                           << u"header is not a JSON object"_s;
        QTest::newRow("rejects a header with critical extensions")
            << QByteArray(part({{u"alg"_s, u"RS256"_s}, {u"crit"_s, QJsonArray{u"exp"_s}}}) + '.' + claims + ".AAAA") << u"crit"_s;
        QTest::newRow("rejects a header without alg") << QByteArray(part({{u"typ"_s, u"JWT"_s}}) + '.' + claims + ".AAAA") << u"no alg"_s;
        QTest::newRow("rejects a token over 64 KiB") << QByteArray(header + '.' + QByteArray(70000, 'A') + ".AAAA") << u"longer"_s;
    }
    void refusesAMalformedCompactForm()
    {
        QFETCH(QByteArray, token);
        QFETCH(QString, reason);
        expectRefusal(token, setOf({*m_rs256}), JwtError::Kind::Malformed, reason);
    }

    void refusesASignedPayloadThatIsNotAnObject()
    {
        const QByteArray signingInput = part({{u"alg"_s, u"RS256"_s}, {u"kid"_s, m_rs256->kid()}}) + '.' + Base64Url::encode("[1,2]");
        const auto signature = m_rs256->sign(signingInput);
        QVERIFY(signature);
        expectRefusal(signingInput + '.' + Base64Url::encode(signature.value()), setOf({*m_rs256}), JwtError::Kind::Malformed,
                      u"payload is not a JSON object"_s);
    }

    // --- Claims

    void acceptsClaimsThatAreInOrder()
    {
        const auto error = claimsCheck().check(claimsAt(300, -10));
        QVERIFY2(!error, qPrintable(error ? error->reason : QString()));
    }

    void refusesAnExpiredTokenWithoutSkew()
    {
        QVERIFY(!claimsCheck().setSkewSeconds(0).check(claimsAt(1)));
        const auto error = claimsCheck().setSkewSeconds(0).check(claimsAt(0)); // RFC 7519: now must be before exp
        QVERIFY(error);
        QCOMPARE(error->kind, JwtError::Kind::Claims);
        QVERIFY2(error->reason.contains(u"expired"_s), qPrintable(error->reason));
    }

    void refusesAnExpiredTokenBeyondTheSkew()
    {
        // Expired 30 s ago: inside the default 60 s skew; 61 s ago: outside it.
        QVERIFY(!claimsCheck().check(claimsAt(-30)));
        QVERIFY(claimsCheck().setSkewSeconds(0).check(claimsAt(-30)));
        const auto error = claimsCheck().check(claimsAt(-61));
        QVERIFY(error);
        QVERIFY2(error->reason.contains(u"expired"_s), qPrintable(error->reason));
    }

    void refusesANotBeforeInTheFuture()
    {
        QVERIFY(!claimsCheck().check(claimsAt(600, 30))); // within the skew
        const auto error = claimsCheck().check(claimsAt(600, 120));
        QVERIFY(error);
        QVERIFY2(error->reason.contains(u"not valid before"_s), qPrintable(error->reason));
    }

    void refusesAMissingExpiry()
    {
        QJsonObject claims = claimsAt(300);
        claims.remove(u"exp"_s);
        const auto error = claimsCheck().check(claims);
        QVERIFY(error);
        QVERIFY2(error->reason.contains(u"exp"_s), qPrintable(error->reason));
        QVERIFY(!claimsCheck().setRequireExpiry(false).check(claims));
        claims.insert(u"exp"_s, u"tomorrow"_s);
        QVERIFY(claimsCheck().setRequireExpiry(false).check(claims));
    }

    void refusesAWrongIssuer()
    {
        QJsonObject claims = claimsAt(300);
        claims.insert(u"iss"_s, u"https://paw.example/auth/"_s); // a trailing slash is another issuer
        const auto error = claimsCheck().check(claims);
        QVERIFY(error);
        QVERIFY2(error->reason.contains(u"issued by"_s), qPrintable(error->reason));
        claims.remove(u"iss"_s);
        QVERIFY(claimsCheck().check(claims));
    }

    void refusesAWrongAudience()
    {
        QJsonObject claims = claimsAt(300);
        claims.insert(u"aud"_s, u"https://other.example/fhir"_s);
        const auto error = claimsCheck().check(claims);
        QVERIFY(error);
        QVERIFY2(error->reason.contains(u"aud"_s), qPrintable(error->reason));
        claims.insert(u"aud"_s, QJsonArray{u"https://other.example/fhir"_s, u"client-1"_s});
        QVERIFY(claimsCheck().check(claims));
        claims.remove(u"aud"_s);
        QVERIFY(claimsCheck().check(claims));
    }

    void acceptsAnAudienceArrayContainingTheAudience()
    {
        QJsonObject claims = claimsAt(300);
        claims.insert(u"aud"_s, QJsonArray{u"client-1"_s, u"https://paw.example/fhir"_s});
        const auto error = claimsCheck().check(claims);
        QVERIFY2(!error, qPrintable(error ? error->reason : QString()));
    }

    // --- KeyStore

    void keyStoreCreatesAnOwnerOnlyKeyFile()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        const auto store = KeyStore::open(dir.filePath(u"keys"_s), m_clock);
        QVERIFY2(store, qPrintable(store ? QString() : store.error()));
        QCOMPARE(store->current().algorithm(), JwsAlgorithm::RS256);
        const QString path = dir.filePath(u"keys/"_s + store->current().kid() + u".pem"_s);
        QVERIFY(QFile::exists(path));
        QCOMPARE(QFile::permissions(path) & ~(QFileDevice::ReadUser | QFileDevice::WriteUser),
                 QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        QFile file(path);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QVERIFY(file.readAll().startsWith("-----BEGIN PRIVATE KEY-----"));
        const PublicKeySet jwks = store->jwks();
        QCOMPARE(jwks.size(), 1);
        QVERIFY(jwks.find(store->current().kid()));
    }

    void keyStoreReloadsTheSameKid()
    {
        QTemporaryDir dir;
        const auto first = KeyStore::open(dir.path(), m_clock);
        QVERIFY(first);
        const auto token = Jwt::sign({}, m_claims, first->current());
        QVERIFY(token);
        const auto second = KeyStore::open(dir.path(), m_clock);
        QVERIFY2(second, qPrintable(second ? QString() : second.error()));
        QCOMPARE(second->current().kid(), first->current().kid());
        QVERIFY(JwtVerifier::verify(token.value(), second->jwks(), {JwsAlgorithm::RS256}));
    }

    void keyStoreRefusesAKeyFileOthersCanRead()
    {
        QTemporaryDir dir;
        const QString path = keyFileOfANewStore(dir.path());
        QVERIFY(QFile::exists(path));
        QVERIFY(QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ReadGroup
                                                | QFileDevice::ReadOther)); // 0644
        const auto reopened = KeyStore::open(dir.path(), m_clock);
        QVERIFY(!reopened);
        QVERIFY2(reopened.error().contains(u"group or others"_s), qPrintable(reopened.error()));
        QVERIFY(QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner));
        QVERIFY(KeyStore::open(dir.path(), m_clock));
    }

    void keyStoreRefusesAKeyFileThatIsNotAKey()
    {
        QTemporaryDir dir;
        QFile file(keyFileOfANewStore(dir.path()));
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write("-----BEGIN PRIVATE KEY-----\nnot a key\n-----END PRIVATE KEY-----\n");
        file.close();
        const auto reopened = KeyStore::open(dir.path(), m_clock);
        QVERIFY(!reopened);
        QVERIFY2(reopened.error().contains(u"PEM"_s), qPrintable(reopened.error()));
    }

    void keyStoreRotationKeepsTheOldKeyUntilItsRetirement()
    {
        QTemporaryDir dir;
        MockClock clock;
        auto store = KeyStore::open(dir.path(), clock);
        QVERIFY(store);
        const SigningKey old = store->current();
        const auto oldToken = Jwt::sign({}, m_claims, old);
        QVERIFY(oldToken);
        const auto rotated = store->rotate(clock.now().addSecs(3600));
        QVERIFY2(rotated, qPrintable(rotated ? QString() : rotated.error()));
        QVERIFY(rotated->kid() != old.kid());
        QCOMPARE(store->current().kid(), rotated->kid());
        QCOMPARE(store->jwks().size(), 2);
        QVERIFY(JwtVerifier::verify(oldToken.value(), store->jwks(), {JwsAlgorithm::RS256}));

        // A restart keeps both and the retirement time.
        auto reopened = KeyStore::open(dir.path(), clock);
        QVERIFY2(reopened, qPrintable(reopened ? QString() : reopened.error()));
        QCOMPARE(reopened->current().kid(), rotated->kid());
        QVERIFY(reopened->jwks().find(old.kid()));

        clock.advanceSecond(3599);
        QVERIFY(reopened->jwks().find(old.kid()));
        clock.advanceSecond(1);
        QCOMPARE(reopened->jwks().size(), 1);
        QVERIFY(!reopened->jwks().find(old.kid()));
        QVERIFY(reopened->jwks().find(rotated->kid()));
        expectRefusal(oldToken.value(), reopened->jwks(), JwtError::Kind::Key, old.kid());

        // The next rotation deletes the expired key's file.
        const QString oldPath = QDir(dir.path()).filePath(old.kid() + u".pem"_s);
        QVERIFY(QFile::exists(oldPath));
        QVERIFY(reopened->rotate(clock.now().addSecs(60)));
        QVERIFY(!QFile::exists(oldPath));
        QCOMPARE(reopened->jwks().size(), 2);
    }

    // What `paw key list` shows: each key's kid, algorithm, creation and retirement.
    void keyStoreListsTheCurrentKeyThenTheRetiredOnes()
    {
        QTemporaryDir dir;
        MockClock clock;
        auto store = KeyStore::open(dir.path(), clock);
        QVERIFY(store);
        const QDateTime firstMade = clock.now();
        QCOMPARE(store->list().size(), 1);
        QCOMPARE(store->list().constFirst().created, firstMade);
        QVERIFY(!store->list().constFirst().isRetired());
        const QString first = store->current().kid();

        clock.advanceSecond(600);
        const QDateTime until = clock.now().addSecs(1860);
        const auto rotated = store->rotate(until);
        QVERIFY2(rotated, qPrintable(rotated ? QString() : rotated.error()));
        // The new private key is owner-only like the first.
        QCOMPARE(QFile::permissions(QDir(dir.path()).filePath(rotated->kid() + u".pem"_s))
                     & ~(QFileDevice::ReadUser | QFileDevice::WriteUser),
                 QFileDevice::ReadOwner | QFileDevice::WriteOwner);
        clock.advanceSecond(60);
        QVERIFY(store->rotate(clock.now().addSecs(1860)));

        const auto reopened = KeyStore::open(dir.path(), clock);
        QVERIFY2(reopened, qPrintable(reopened ? QString() : reopened.error()));
        const QList<KeyIndex::Entry> keys = reopened->list();
        QCOMPARE(keys.size(), 3);
        QCOMPARE(keys.at(0).kid, reopened->current().kid());
        QCOMPARE(keys.at(0).created, clock.now());
        QCOMPARE(keys.at(1).kid, rotated->kid()); // most recently retired first
        QCOMPARE(keys.at(1).until, clock.now().addSecs(1860));
        QCOMPARE(keys.at(2).kid, first);
        QCOMPARE(keys.at(2).created, firstMade);
        QCOMPARE(keys.at(2).until, until);
        QCOMPARE(keys.at(2).algorithm, JwsAlgorithm::RS256);
    }

    // Past its time a retired key leaves the index and the disk at the next open, not only at the
    // next rotation.
    void keyStoreOpenForgetsRetiredKeysPastTheirTime()
    {
        QTemporaryDir dir;
        MockClock clock;
        auto store = KeyStore::open(dir.path(), clock);
        QVERIFY(store);
        const QString old = store->current().kid();
        QVERIFY(store->rotate(clock.now().addSecs(60)));
        const QString oldPath = QDir(dir.path()).filePath(old + u".pem"_s);
        QVERIFY(QFile::exists(oldPath));
        clock.advanceSecond(59);
        QCOMPARE(KeyStore::open(dir.path(), clock)->list().size(), 2);
        QVERIFY(QFile::exists(oldPath));

        clock.advanceSecond(1);
        const auto reopened = KeyStore::open(dir.path(), clock);
        QVERIFY2(reopened, qPrintable(reopened ? QString() : reopened.error()));
        QCOMPARE(reopened->list().size(), 1);
        QVERIFY(!QFile::exists(oldPath));
        QFile index(QDir(dir.path()).filePath(u"keys.json"_s));
        QVERIFY(index.open(QIODevice::ReadOnly));
        QVERIFY(!index.readAll().contains(old.toLatin1()));
        // Opened again, nothing is missing.
        QVERIFY(KeyStore::open(dir.path(), clock));
    }

    // A server records how long the tokens it signs live, so that a rotation in another process
    // keeps the key published long enough; only a longer lifetime changes the record.
    void keyStoreRecordsTheLongestTokenLifetimeOfItsCurrentKey()
    {
        QTemporaryDir dir;
        MockClock clock;
        auto store = KeyStore::open(dir.path(), clock);
        QVERIFY(store);
        QCOMPARE(store->currentEntry().tokenLifetimeMs, qint64(0));
        QVERIFY(store->recordTokenLifetime(30 * 60 * 1000));
        QVERIFY(store->recordTokenLifetime(5 * 60 * 1000));
        QCOMPARE(store->currentEntry().tokenLifetimeMs, qint64(30 * 60 * 1000));
        auto other = KeyStore::open(dir.path(), clock); // as another process sees it
        QVERIFY(other);
        QCOMPARE(other->currentEntry().tokenLifetimeMs, qint64(30 * 60 * 1000));

        QVERIFY(other->rotate(clock.now().addSecs(1860)));
        QCOMPARE(other->currentEntry().tokenLifetimeMs, qint64(0));
        QCOMPARE(other->list().at(1).tokenLifetimeMs, qint64(30 * 60 * 1000));
        // The server, reading the folder again, records on the key the other process made.
        auto reloaded = KeyStore::open(dir.path(), clock);
        QVERIFY(reloaded);
        QCOMPARE(reloaded->current().kid(), other->current().kid());
        QVERIFY(reloaded->recordTokenLifetime(10 * 60 * 1000));
        QCOMPARE(KeyStore::open(dir.path(), clock)->currentEntry().tokenLifetimeMs, qint64(10 * 60 * 1000));
    }

    // A folder from before `paw key`: keys.json without creation times or lifetimes.
    void keyStoreReadsAnIndexWithoutCreationTimes()
    {
        QTemporaryDir dir;
        MockClock clock;
        QString kid;
        {
            const auto store = KeyStore::open(dir.path(), clock);
            QVERIFY(store);
            kid = store->current().kid();
        }
        QFile index(QDir(dir.path()).filePath(u"keys.json"_s));
        QVERIFY(index.open(QIODevice::WriteOnly | QIODevice::Truncate));
        index.write(QJsonDocument(QJsonObject{{u"current"_s, QJsonObject{{u"kid"_s, kid}, {u"alg"_s, u"RS256"_s}}},
                                              {u"retired"_s, QJsonArray()}})
                        .toJson());
        index.close();
        const auto store = KeyStore::open(dir.path(), clock);
        QVERIFY2(store, qPrintable(store ? QString() : store.error()));
        QCOMPARE(store->current().kid(), kid);
        // The key file's time stands in for it: written once, when the key was made.
        QVERIFY(store->currentEntry().created.isValid());
        QCOMPARE(store->currentEntry().tokenLifetimeMs, qint64(0));
    }
};

QTEST_GUILESS_MAIN(TestJose)
#include "TestJose.moc"
