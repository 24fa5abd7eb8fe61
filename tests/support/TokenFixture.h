#pragma once

// The token side's tests share this: a fresh SQLite database per test with a member, two
// delegates and clients of each kind, a MockClock, one signing key ring for the whole run (RSA
// keys are slow to make), codes issued as the authorize endpoint would, and form POSTs.

#include "auth/ClientStore.h"
#include "auth/GrantStore.h"
#include "auth/PersonaStore.h"
#include "auth/Pkce.h"
#include "auth/SigningKeyRing.h"
#include "auth/TokenServiceConfig.h"
#include "auth/jose/Jwt.h"
#include "auth/jose/SigningKey.h"
#include "http/HttpRequest.h"
#include "platform/Clock.h"
#include "storage/Database.h"
#include "storage/DatabaseConfig.h"
#include "FormBody.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QUrl>

#include <memory>
#include <optional>

namespace paw::test {

inline const QString kRoot = QStringLiteral("https://paw.test");
inline const QString kTokenUrl = QStringLiteral("https://paw.test/auth/token");
inline const QString kRedirect = QStringLiteral("https://app.example/cb");
// RFC 7636 appendix B's verifier and challenge.
inline const QString kVerifier = QStringLiteral("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
inline const QString kChallenge = QStringLiteral("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM");

using FormPairs = QList<QPair<QString, QString>>;

inline http::HttpRequest formPost(const QString &path, const FormPairs &pairs, const QByteArray &authorization = {})
{
    http::HttpRequest request;
    request.method = "POST";
    request.path = path;
    request.headers.append({QByteArrayLiteral("Content-Type"), QByteArrayLiteral("application/x-www-form-urlencoded")});
    if (!authorization.isEmpty())
        request.headers.append({QByteArrayLiteral("Authorization"), authorization});
    request.body = formBody(pairs);
    return request;
}

/// RFC 6749 §2.3.1: form-urlencoded id and secret, joined by ':', base64.
inline QByteArray basicAuthorization(const QString &clientId, const QString &secret)
{
    return "Basic " + QByteArray(QUrl::toPercentEncoding(clientId) + ':' + QUrl::toPercentEncoding(secret)).toBase64();
}

inline QJsonObject decodedPart(const QByteArray &jwt, int index)
{
    return QJsonDocument::fromJson(QByteArray::fromBase64(jwt.split('.').value(index), QByteArray::Base64UrlEncoding)).object();
}

class TokenFixture
{
public:
    platform::MockClock clock;
    std::shared_ptr<storage::Database> database;
    std::shared_ptr<auth::SigningKeyRing> keys;
    auth::Client confidential;
    QString secret;
    auth::Client publicClient;
    auth::Client asymmetric;
    // The asymmetric client's keys: RS384 and ES384 registered, and an RS256 one also registered
    // (to show the algorithm, not the key, is refused).
    std::optional<auth::SigningKey> rs384;
    std::optional<auth::SigningKey> es384;
    std::optional<auth::SigningKey> rs256;

    /// Once per test program: the key ring and the client assertion keys. Empty on success.
    QString setUpKeys()
    {
        auto ring = auth::SigningKeyRing::open(m_dir.filePath(QStringLiteral("keys")), clock);
        if (!ring)
            return ring.error();
        keys = ring.value();
        for (auto [algorithm, slot] : {std::pair{auth::JwsAlgorithm::RS384, &rs384}, std::pair{auth::JwsAlgorithm::ES384, &es384},
                                       std::pair{auth::JwsAlgorithm::RS256, &rs256}}) {
            auto key = auth::SigningKey::generate(algorithm);
            if (!key)
                return key.error();
            *slot = key.value();
        }
        return {};
    }

    /// A fresh, empty database (every schema step). Empty on success.
    QString openDatabase()
    {
        storage::DatabaseConfig config;
        config.path = m_dir.filePath(QStringLiteral("token-%1.sqlite").arg(++m_counter));
        auto opened = storage::Database::open(config);
        if (!opened)
            return opened.error();
        database = opened.value();
        return {};
    }

    /// Per test: a fresh database with the personas and clients (after setUpKeys). Empty on success.
    QString setUpDatabase()
    {
        if (const QString error = openDatabase(); !error.isEmpty())
            return error;

        auth::Persona alice{QStringLiteral("alice"), QStringLiteral("Alice Member"), auth::Persona::Kind::Member,
                            QStringLiteral("p1"), QStringLiteral("sandbox")};
        auth::Persona bob{QStringLiteral("bob"), QStringLiteral("Bob Parent"), auth::Persona::Kind::Delegate, {},
                          QStringLiteral("sandbox")};
        auth::Persona eve{QStringLiteral("eve"), QStringLiteral("Eve Former"), auth::Persona::Kind::Delegate, {},
                          QStringLiteral("sandbox")};
        auth::Delegation bobForAlice{QStringLiteral("bob"), QStringLiteral("p1"), QStringLiteral("rp-bob"), QStringLiteral("parent"),
                                     QDate(2025, 1, 1), {}, auth::Delegation::Status::Active, {}};
        auth::Delegation eveForAlice{QStringLiteral("eve"), QStringLiteral("p1"), QStringLiteral("rp-eve"), QStringLiteral("spouse"),
                                     QDate(2025, 1, 1), {}, auth::Delegation::Status::Revoked, {}};
        if (const QString error = auth::PersonaStore(database).save({alice, bob, eve}, {bobForAlice, eveForAlice}); !error.isEmpty())
            return error;

        auth::ClientStore clients(database, clock);
        auto added = clients.add(draft(auth::Client::Type::Confidential, {}));
        if (!added)
            return added.error();
        confidential = added->client;
        secret = added->secret;
        added = clients.add(draft(auth::Client::Type::Public, {}));
        if (!added)
            return added.error();
        publicClient = added->client;
        added = clients.add(draft(auth::Client::Type::Asymmetric, jwksOf({&*rs384, &*es384, &*rs256})));
        if (!added)
            return added.error();
        asymmetric = added->client;
        return {};
    }

    void tearDownDatabase() { database.reset(); }

    auth::TokenServiceConfig config(access::AuditSink *audit = nullptr) const
    {
        auth::TokenServiceConfig c;
        c.database = database;
        c.keys = keys;
        c.clock = &clock;
        c.root = kRoot;
        c.audit = audit;
        return c;
    }

    static QString jwksOf(const QList<const auth::SigningKey *> &signers)
    {
        QJsonArray array;
        for (const auth::SigningKey *key : signers)
            array.append(key->publicJwk());
        return QString::fromUtf8(QJsonDocument(QJsonObject{{QStringLiteral("keys"), array}}).toJson(QJsonDocument::Compact));
    }

    static auth::Client draft(auth::Client::Type type, const QString &jwks)
    {
        auth::Client c;
        c.name = QStringLiteral("Test App");
        c.type = type;
        c.redirectUris = {kRedirect};
        c.jwks = jwks;
        return c;
    }

    /// A code as the authorize endpoint issues it, for `username` acting for p1, who signed in
    /// `signedInMsAgo` before now.
    QString issueCode(const QString &clientId, const QString &scope, const QString &username = QStringLiteral("alice"),
                      const QString &nonce = QStringLiteral("n-0S6_WzA2Mj"), qint64 signedInMsAgo = 0)
    {
        auth::AuthorizationCode pending;
        pending.clientId = clientId;
        pending.redirectUri = kRedirect;
        pending.codeChallenge = kChallenge;
        pending.nonce = nonce;
        pending.username = username;
        pending.patientId = QStringLiteral("p1");
        pending.scope = scope;
        pending.authTimeMs = clock.nowMs() - signedInMsAgo;
        pending.expiresMs = clock.nowMs() + 60 * 1000;
        const auto issued = auth::GrantStore(database, clock).issueCode(pending);
        return issued ? issued->code : QString();
    }

    /// A private_key_jwt assertion for the asymmetric client; `changes` replaces claims (a null
    /// value removes one).
    QByteArray assertion(const auth::SigningKey &key, const QJsonObject &changes = {}) const
    {
        const qint64 now = clock.now().toSecsSinceEpoch();
        QJsonObject claims{{QStringLiteral("iss"), asymmetric.clientId}, {QStringLiteral("sub"), asymmetric.clientId},
                           {QStringLiteral("aud"), kTokenUrl}, {QStringLiteral("exp"), now + 240},
                           {QStringLiteral("iat"), now}, {QStringLiteral("jti"), QStringLiteral("jti-%1").arg(++m_jti)}};
        for (auto it = changes.begin(); it != changes.end(); ++it) {
            if (it.value().isNull())
                claims.remove(it.key());
            else
                claims.insert(it.key(), it.value());
        }
        const auto token = auth::Jwt::sign({{QStringLiteral("typ"), QStringLiteral("JWT")}}, claims, key);
        return token ? token.value() : QByteArray();
    }

    FormPairs assertionPairs(const QByteArray &jwt) const
    {
        return {{QStringLiteral("client_assertion_type"), QStringLiteral("urn:ietf:params:oauth:client-assertion-type:jwt-bearer")},
                {QStringLiteral("client_assertion"), QString::fromLatin1(jwt)}};
    }

private:
    QTemporaryDir m_dir;
    int m_counter = 0;
    mutable int m_jti = 0;
};

} // namespace paw::test
