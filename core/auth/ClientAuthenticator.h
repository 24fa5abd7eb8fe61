#pragma once

#include "Expected.h"
#include "auth/AssertionJtiStore.h"
#include "auth/Client.h"
#include "auth/ClientAssertionVerifier.h"
#include "auth/ClientStore.h"
#include "auth/FormParameters.h"
#include "auth/OAuthError.h"
#include "http/HttpRequest.h"

namespace paw::auth {

/// Who is calling the token, introspection or revocation endpoint (RFC 6749 §2.3):
/// client_secret_basic and client_secret_post for a confidential client, private_key_jwt
/// (RFC 7523) for an asymmetric one, and a bare client_id for a public client, whose code
/// exchange PKCE protects instead. One method per request; each client only its own kind.
class ClientAuthenticator
{
public:
    enum class Method { None, SecretBasic, SecretPost, PrivateKeyJwt };
    struct Authenticated
    {
        Client client;
        Method method = Method::None;
    };

    /// `tokenEndpointUrl` is the audience client assertions must name.
    /// `jwks` fetches asymmetric clients' jwks_uri (may be null: such clients are then refused).
    ClientAuthenticator(std::shared_ptr<storage::Database> database, const platform::Clock &clock, QString tokenEndpointUrl,
                        JwksFetcher *jwks = nullptr);

    /// The client, or invalid_client (401; with `WWW-Authenticate: Basic` when the request used
    /// Basic) or invalid_request (several methods, a client_id that contradicts the credentials).
    Expected<Authenticated, OAuthError> authenticate(const http::HttpRequest &request, const FormParameters &form);

private:
    Expected<Authenticated, OAuthError> bySecret(const QString &clientId, const QString &secret, Method method);
    Expected<Authenticated, OAuthError> byAssertion(const FormParameters &form);
    Expected<Authenticated, OAuthError> asPublic(const QString &clientId);
    /// The active client with this id, or invalid_client.
    Expected<Client, OAuthError> activeClient(const QString &clientId, bool basic) const;

    ClientStore m_clients;
    AssertionJtiStore m_jtis;
    ClientAssertionVerifier m_assertions;
};

} // namespace paw::auth
