#pragma once

#include "auth/AuthorizationRequest.h"
#include "auth/Client.h"
#include "auth/ClientStore.h"
#include "auth/ScopeSet.h"

#include <variant>

namespace paw::auth {

/// Decides what to do with an authorization request, checking in the order that keeps a bad
/// request from turning the server into an open redirector (RFC 6749 §4.1.2.1):
///
///   client known and active ─no─▶ error page
///   redirect_uri registered exactly ─no─▶ error page (never a redirect)
///   response_type=code, PKCE S256, aud = FHIR base, some scope ─no─▶ redirect with error
///   ─▶ accepted: login, patient picker, consent
class AuthorizationRequestCheck
{
public:
    /// Shown to the user; the app is never told.
    struct ErrorPage
    {
        int status = 400;
        QString message;
    };
    /// Sent back to the app at its (verified) redirect URI.
    struct RedirectError
    {
        QString redirectUri;
        QString error; // RFC 6749 §4.1.2.1 code
        QString description;
        QString state;
    };
    struct Accepted
    {
        Client client;
        AuthorizationRequest request;
        ScopeSet scopes; // what may be asked of the user: known, supported, allowed for the client
    };
    using Result = std::variant<Accepted, RedirectError, ErrorPage>;

    AuthorizationRequestCheck(const ClientStore &clients, QString fhirBase, QStringList servedTypes);

    Result check(const AuthorizationRequest &request) const;

private:
    ScopeSet allowedFor(const Client &client, const ScopeSet &requested) const;

    const ClientStore &m_clients;
    QString m_fhirBase;
    QStringList m_servedTypes;
};

} // namespace paw::auth
