#include "auth/DiscoveryDocuments.h"

#include <QJsonArray>
#include <QTest>

using paw::auth::DiscoveryDocuments;

namespace {

QStringList strings(const QJsonValue &value)
{
    QStringList out;
    for (const QJsonValue &item : value.toArray())
        out << item.toString();
    return out;
}

} // namespace

class TestDiscoveryDocuments : public QObject
{
    Q_OBJECT

    const DiscoveryDocuments m_documents{QStringLiteral("https://sandbox.example.org:8640/"),
                                         {QStringLiteral("openid"), QStringLiteral("patient/*.rs")}};

private Q_SLOTS:
    void smartConfigurationHasWhatTheIssueLists()
    {
        const QJsonObject smart = m_documents.smartConfiguration();
        QCOMPARE(smart.value(QStringLiteral("issuer")).toString(), QStringLiteral("https://sandbox.example.org:8640/auth"));
        QCOMPARE(smart.value(QStringLiteral("jwks_uri")).toString(), QStringLiteral("https://sandbox.example.org:8640/auth/jwks"));
        for (const char *name : {"authorization", "token", "introspection", "revocation", "userinfo"})
            QVERIFY2(smart.value(QLatin1String(name) + QStringLiteral("_endpoint")).toString().startsWith(QStringLiteral("https://sandbox.example.org:8640/auth/")), name);
        QCOMPARE(strings(smart.value(QStringLiteral("grant_types_supported"))), (QStringList{QStringLiteral("authorization_code"), QStringLiteral("refresh_token")}));
        const QStringList authMethods{QStringLiteral("client_secret_basic"), QStringLiteral("client_secret_post"),
                                      QStringLiteral("private_key_jwt"), QStringLiteral("none")};
        // Introspection and revocation say what they accept too: left out, RFC 8414 means basic alone.
        for (const char *endpoint : {"token", "introspection", "revocation"}) {
            QCOMPARE(strings(smart.value(QLatin1String(endpoint) + QStringLiteral("_endpoint_auth_methods_supported"))), authMethods);
            QCOMPARE(strings(smart.value(QLatin1String(endpoint) + QStringLiteral("_endpoint_auth_signing_alg_values_supported"))),
                     (QStringList{QStringLiteral("RS384"), QStringLiteral("ES384")}));
        }
        QCOMPARE(strings(smart.value(QStringLiteral("scopes_supported"))), (QStringList{QStringLiteral("openid"), QStringLiteral("patient/*.rs")}));
        QCOMPARE(strings(smart.value(QStringLiteral("response_types_supported"))), QStringList{QStringLiteral("code")});
        QCOMPARE(strings(smart.value(QStringLiteral("code_challenge_methods_supported"))), QStringList{QStringLiteral("S256")});
        QCOMPARE(smart.value(QStringLiteral("authorization_response_iss_parameter_supported")).toBool(), true);
        const QStringList capabilities = strings(smart.value(QStringLiteral("capabilities")));
        for (const char *capability : {"launch-standalone", "client-public", "client-confidential-symmetric", "client-confidential-asymmetric",
                                       "sso-openid-connect", "context-standalone-patient", "permission-offline", "permission-online",
                                       "permission-patient", "permission-user", "permission-v1", "permission-v2", "authorize-post"})
            QVERIFY2(capabilities.contains(QLatin1String(capability)), capability);
    }

    void openIdConfigurationHasTheSameIssuerAndEndpoints()
    {
        const QJsonObject smart = m_documents.smartConfiguration();
        const QJsonObject oidc = m_documents.openIdConfiguration();
        for (const char *name : {"issuer", "jwks_uri", "authorization_endpoint", "token_endpoint", "userinfo_endpoint"})
            QCOMPARE(oidc.value(QLatin1String(name)), smart.value(QLatin1String(name)));
        QCOMPARE(strings(oidc.value(QStringLiteral("subject_types_supported"))), QStringList{QStringLiteral("public")});
        QVERIFY(strings(oidc.value(QStringLiteral("id_token_signing_alg_values_supported"))).contains(QStringLiteral("RS256")));
        QVERIFY(!oidc.contains(QStringLiteral("capabilities")));
    }

    void restSecurityNamesTheSameEndpoints()
    {
        const QJsonObject security = m_documents.restSecurity();
        QCOMPARE(security.value(QStringLiteral("service")).toArray().at(0).toObject().value(QStringLiteral("coding")).toArray().at(0)
                     .toObject().value(QStringLiteral("code")).toString(), QStringLiteral("SMART-on-FHIR"));
        const QJsonObject oauthUris = security.value(QStringLiteral("extension")).toArray().at(0).toObject();
        QCOMPARE(oauthUris.value(QStringLiteral("url")).toString(), QStringLiteral("http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris"));
        QHash<QString, QString> uris;
        for (const QJsonValue &e : oauthUris.value(QStringLiteral("extension")).toArray())
            uris.insert(e.toObject().value(QStringLiteral("url")).toString(), e.toObject().value(QStringLiteral("valueUri")).toString());
        const QJsonObject smart = m_documents.smartConfiguration();
        QCOMPARE(uris.value(QStringLiteral("token")), smart.value(QStringLiteral("token_endpoint")).toString());
        QCOMPARE(uris.value(QStringLiteral("authorize")), smart.value(QStringLiteral("authorization_endpoint")).toString());
        QCOMPARE(uris.value(QStringLiteral("introspect")), smart.value(QStringLiteral("introspection_endpoint")).toString());
        QCOMPARE(uris.value(QStringLiteral("revoke")), smart.value(QStringLiteral("revocation_endpoint")).toString());
    }
};

QTEST_GUILESS_MAIN(TestDiscoveryDocuments)
#include "TestDiscoveryDocuments.moc"
