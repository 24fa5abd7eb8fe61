#include "auth/ClientAuthenticator.h"

#include "auth/ClientSecret.h"

#include <QCoreApplication>

namespace paw::auth {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("ClientAuthenticator", text);
}

struct BasicCredentials
{
    QString clientId;
    QString secret;
};

// RFC 6749 §2.3.1: the client id and secret are form-urlencoded, then joined by ':' and base64
// encoded (RFC 7617). Nothing when the header is not Basic.
std::optional<Expected<BasicCredentials, OAuthError>> basicCredentials(const http::HttpRequest &request)
{
    const QByteArray header = request.header("Authorization").trimmed();
    const qsizetype space = header.indexOf(' ');
    if (space < 0 || header.first(space).compare("Basic", Qt::CaseInsensitive) != 0)
        return std::nullopt;
    const auto decoded = QByteArray::fromBase64Encoding(header.sliced(space + 1).trimmed(),
                                                        QByteArray::AbortOnBase64DecodingErrors);
    const qsizetype colon = decoded ? decoded.decoded.indexOf(':') : -1;
    if (colon < 0)
        return Expected<BasicCredentials, OAuthError>(
            OAuthError::invalidClient(tr("the Basic credentials are not base64 of client_id:client_secret"), true));
    const auto formDecoded = [](QByteArray part) {
        return QString::fromUtf8(QByteArray::fromPercentEncoding(part.replace('+', ' ')));
    };
    return Expected<BasicCredentials, OAuthError>(
        BasicCredentials{formDecoded(decoded.decoded.first(colon)), formDecoded(decoded.decoded.sliced(colon + 1))});
}

// A stored hash no secret matches: an unknown client's secret is checked against it, so that
// an unknown id takes as long to refuse as a wrong secret.
const QString kNoClientHash = QStringLiteral("sha256:0000000000000000000000000000000000000000000000000000000000000000");

} // namespace

ClientAuthenticator::ClientAuthenticator(std::shared_ptr<storage::Database> database, const platform::Clock &clock,
                                         QString tokenEndpointUrl, JwksFetcher *jwks)
    : m_clients(database, clock)
    , m_jtis(database, clock)
    , m_assertions(m_jtis, clock, std::move(tokenEndpointUrl), jwks)
{
}

Expected<ClientAuthenticator::Authenticated, OAuthError> ClientAuthenticator::authenticate(const http::HttpRequest &request,
                                                                                           const FormParameters &form)
{
    const auto basic = basicCredentials(request);
    const bool post = form.has(QStringLiteral("client_secret"));
    const bool assertion = form.has(QStringLiteral("client_assertion")) || form.has(QStringLiteral("client_assertion_type"));
    // RFC 6749 §2.3: "The client MUST NOT use more than one authentication method in each request."
    if (int(basic.has_value()) + int(post) + int(assertion) > 1)
        return OAuthError::invalidRequest(tr("the request uses more than one client authentication method"));

    const QString clientId = form.value(QStringLiteral("client_id"));
    if (basic) {
        if (!*basic)
            return basic->error();
        if (!clientId.isNull() && clientId != (*basic)->clientId)
            return OAuthError::invalidRequest(tr("client_id does not match the Basic credentials"));
        return bySecret((*basic)->clientId, (*basic)->secret, Method::SecretBasic);
    }
    if (post)
        return bySecret(clientId, form.value(QStringLiteral("client_secret")), Method::SecretPost);
    if (assertion)
        return byAssertion(form);
    return asPublic(clientId);
}

Expected<Client, OAuthError> ClientAuthenticator::activeClient(const QString &clientId, bool basic) const
{
    const auto found = clientId.isEmpty() ? Expected<std::optional<Client>, QString>(std::optional<Client>())
                                          : m_clients.find(clientId);
    if (!found)
        return OAuthError::serverError(tr("the client registry could not be read"));
    if (!found.value())
        return OAuthError::invalidClient(tr("client authentication failed"), basic);
    if ((*found)->status != Client::Status::Active)
        return OAuthError::invalidClient(tr("the client is disabled"), basic);
    return **found;
}

Expected<ClientAuthenticator::Authenticated, OAuthError> ClientAuthenticator::bySecret(const QString &clientId,
                                                                                       const QString &secret, Method method)
{
    const bool basic = method == Method::SecretBasic;
    const auto client = activeClient(clientId, basic);
    if (!client) {
        (void)ClientSecret::matches(secret, kNoClientHash);
        return client.error();
    }
    if (client->type != Client::Type::Confidential)
        return OAuthError::invalidClient(tr("this client does not authenticate with a secret"), basic);
    // Constant time wherever the secrets differ (ClientSecret::matches).
    if (!ClientSecret::matches(secret, client->secretHash))
        return OAuthError::invalidClient(tr("client authentication failed"), basic);
    return Authenticated{client.value(), method};
}

Expected<ClientAuthenticator::Authenticated, OAuthError> ClientAuthenticator::byAssertion(const FormParameters &form)
{
    const QString type = form.value(QStringLiteral("client_assertion_type"));
    const QString assertion = form.value(QStringLiteral("client_assertion"));
    if (type.isNull() || assertion.isNull())
        return OAuthError::invalidRequest(tr("client_assertion and client_assertion_type go together"));
    if (type != ClientAssertionVerifier::kAssertionType)
        return OAuthError::invalidClient(tr("client_assertion_type must be %1").arg(ClientAssertionVerifier::kAssertionType));
    const QString claimed = ClientAssertionVerifier::claimedClient(assertion.toLatin1());
    if (claimed.isEmpty())
        return OAuthError::invalidClient(tr("the client assertion is not a signed JWT naming its client (sub)"));
    // RFC 7521 §4.2: a client_id sent beside the assertion must name the same client.
    const QString clientId = form.value(QStringLiteral("client_id"));
    if (!clientId.isNull() && clientId != claimed)
        return OAuthError::invalidRequest(tr("client_id does not match the client assertion"));
    const auto client = activeClient(claimed, false);
    if (!client)
        return client.error();
    if (client->type != Client::Type::Asymmetric)
        return OAuthError::invalidClient(tr("this client does not authenticate with private_key_jwt"));
    const QString refused = m_assertions.verify(assertion.toLatin1(), client.value());
    if (!refused.isEmpty())
        return OAuthError::invalidClient(refused);
    return Authenticated{client.value(), Method::PrivateKeyJwt};
}

Expected<ClientAuthenticator::Authenticated, OAuthError> ClientAuthenticator::asPublic(const QString &clientId)
{
    if (clientId.isEmpty())
        return OAuthError::invalidClient(tr("no client authentication and no client_id"));
    const auto client = activeClient(clientId, false);
    if (!client)
        return client.error();
    if (client->type != Client::Type::Public)
        return OAuthError::invalidClient(tr("this client must authenticate (%1)")
                                             .arg(client->type == Client::Type::Confidential ? QStringLiteral("client_secret_basic or client_secret_post")
                                                                                             : QStringLiteral("private_key_jwt")));
    return Authenticated{client.value(), Method::None};
}

} // namespace paw::auth
