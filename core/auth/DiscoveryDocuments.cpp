#include "auth/DiscoveryDocuments.h"

#include <QJsonArray>

namespace paw::auth {

namespace {

QJsonArray strings(std::initializer_list<const char *> values)
{
    QJsonArray out;
    for (const char *value : values)
        out.append(QLatin1String(value));
    return out;
}

// What ClientAuthenticator accepts, wherever it authenticates a caller.
QJsonArray clientAuthMethods()
{
    return strings({"client_secret_basic", "client_secret_post", "private_key_jwt", "none"});
}

QJsonArray clientAssertionAlgorithms()
{
    return strings({"RS384", "ES384"});
}

QJsonObject uriExtension(const char *name, const QString &url)
{
    return QJsonObject{{QStringLiteral("url"), QLatin1String(name)}, {QStringLiteral("valueUri"), url}};
}

} // namespace

DiscoveryDocuments::DiscoveryDocuments(QString root, QStringList scopesSupported)
    : m_root(std::move(root))
    , m_scopes(std::move(scopesSupported))
{
    while (m_root.endsWith(u'/'))
        m_root.chop(1);
}

QStringList DiscoveryDocuments::capabilities()
{
    return {QStringLiteral("launch-standalone"), QStringLiteral("client-public"), QStringLiteral("client-confidential-symmetric"),
            QStringLiteral("client-confidential-asymmetric"), QStringLiteral("sso-openid-connect"),
            QStringLiteral("context-standalone-patient"), QStringLiteral("permission-offline"), QStringLiteral("permission-online"),
            QStringLiteral("permission-patient"), QStringLiteral("permission-user"), QStringLiteral("permission-v1"),
            QStringLiteral("permission-v2"), QStringLiteral("authorize-post")};
}

QJsonObject DiscoveryDocuments::smartConfiguration() const
{
    return QJsonObject{
        {QStringLiteral("issuer"), issuer()},
        {QStringLiteral("jwks_uri"), endpoint("jwks")},
        {QStringLiteral("authorization_endpoint"), endpoint("authorize")},
        {QStringLiteral("token_endpoint"), endpoint("token")},
        {QStringLiteral("introspection_endpoint"), endpoint("introspect")},
        {QStringLiteral("revocation_endpoint"), endpoint("revoke")},
        {QStringLiteral("userinfo_endpoint"), endpoint("userinfo")},
        {QStringLiteral("grant_types_supported"), strings({"authorization_code", "refresh_token"})},
        // "none" is a public client (RFC 8414 §2, RFC 7591 §2): client_id in the body, PKCE required.
        // Introspection and revocation authenticate callers as the token endpoint does; left out,
        // RFC 8414 would mean client_secret_basic alone.
        {QStringLiteral("token_endpoint_auth_methods_supported"), clientAuthMethods()},
        {QStringLiteral("token_endpoint_auth_signing_alg_values_supported"), clientAssertionAlgorithms()},
        {QStringLiteral("introspection_endpoint_auth_methods_supported"), clientAuthMethods()},
        {QStringLiteral("introspection_endpoint_auth_signing_alg_values_supported"), clientAssertionAlgorithms()},
        {QStringLiteral("revocation_endpoint_auth_methods_supported"), clientAuthMethods()},
        {QStringLiteral("revocation_endpoint_auth_signing_alg_values_supported"), clientAssertionAlgorithms()},
        {QStringLiteral("scopes_supported"), QJsonArray::fromStringList(m_scopes)},
        {QStringLiteral("response_types_supported"), strings({"code"})},
        {QStringLiteral("code_challenge_methods_supported"), strings({"S256"})},
        {QStringLiteral("authorization_response_iss_parameter_supported"), true},
        {QStringLiteral("capabilities"), QJsonArray::fromStringList(capabilities())},
    };
}

QJsonObject DiscoveryDocuments::openIdConfiguration() const
{
    QJsonObject out = smartConfiguration();
    out.remove(QStringLiteral("capabilities")); // SMART's, not OpenID's
    out.insert(QStringLiteral("subject_types_supported"), strings({"public"}));
    out.insert(QStringLiteral("id_token_signing_alg_values_supported"), strings({"RS256"}));
    out.insert(QStringLiteral("response_modes_supported"), strings({"query"}));
    out.insert(QStringLiteral("claims_supported"), strings({"iss", "sub", "aud", "exp", "iat", "nonce", "fhirUser", "name"}));
    return out;
}

QJsonObject DiscoveryDocuments::restSecurity() const
{
    const QJsonObject smartService{
        {QStringLiteral("coding"), QJsonArray{QJsonObject{{QStringLiteral("system"), QStringLiteral("http://terminology.hl7.org/CodeSystem/restful-security-service")},
                                                          {QStringLiteral("code"), QStringLiteral("SMART-on-FHIR")}}}},
        {QStringLiteral("text"), QStringLiteral("OAuth2 using SMART-on-FHIR profile (see http://docs.smarthealthit.org)")}};
    const QJsonObject oauthUris{
        {QStringLiteral("url"), QStringLiteral("http://fhir-registry.smarthealthit.org/StructureDefinition/oauth-uris")},
        {QStringLiteral("extension"), QJsonArray{uriExtension("token", endpoint("token")), uriExtension("authorize", endpoint("authorize")),
                                                 uriExtension("introspect", endpoint("introspect")), uriExtension("revoke", endpoint("revoke"))}}};
    return QJsonObject{{QStringLiteral("cors"), true},
                       {QStringLiteral("service"), QJsonArray{smartService}},
                       {QStringLiteral("extension"), QJsonArray{oauthUris}}};
}

} // namespace paw::auth
