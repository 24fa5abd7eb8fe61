#pragma once

#include "Expected.h"
#include "auth/AuthorizationRequestCheck.h"
#include "auth/AuthorizePages.h"
#include "auth/AuthorizeState.h"
#include "auth/ClientStore.h"
#include "auth/GrantStore.h"
#include "auth/PersonaStore.h"
#include "http/Router.h"
#include "platform/Clock.h"
#include "storage/Database.h"

#include <QCoreApplication>
#include <memory>
#include <optional>

namespace paw::auth {

/// `/auth/authorize` (GET and POST) and the forms it leads to: the SMART standalone launch as
/// the user's browser sees it.
///
///   authorize ─▶ AuthorizationRequestCheck ─▶ login ─▶ (patient picker) ─▶ consent ─▶ code
///       │                                      └ skipped when this browser session is signed in
///       │                                        (within max_age, when the app sends one)
///       └ error page, or error redirect to the app                  └ deny: access_denied
///
/// One instance per worker thread (it owns that thread's stores); the state it shares with the
/// other workers is in AuthorizeState.
class AuthorizeEndpoint
{
    Q_DECLARE_TR_FUNCTIONS(paw::auth::AuthorizeEndpoint)

public:
    struct Settings
    {
        QString root;             // "http://127.0.0.1:8640": issuer root+"/auth", FHIR base root+"/fhir"
        QStringList servedTypes;  // resource types the FHIR API serves, for scope parsing
        qint64 codeLifetimeMs = 60 * 1000;
        qint64 accessLifetimeMs = 30 * 60 * 1000;
        qint64 refreshLifetimeMs = 90LL * 24 * 60 * 60 * 1000;
    };

    AuthorizeEndpoint(std::shared_ptr<storage::Database> database, const platform::Clock &clock,
                      std::shared_ptr<AuthorizeState> state, Settings settings);

    static void registerRoutes(const std::shared_ptr<AuthorizeEndpoint> &endpoint, http::Router &router);

    http::HttpResponse authorize(const http::HttpRequest &request);
    http::HttpResponse login(const http::HttpRequest &request);
    http::HttpResponse pickPatient(const http::HttpRequest &request);
    http::HttpResponse consent(const http::HttpRequest &request);

    static constexpr const char *kSessionCookie = "paw_session";

private:
    struct FormPost
    {
        QList<QPair<QString, QString>> form;
        PendingAuthorization pending;
    };
    /// The form and the pending request a post continues, if it is a form that carries the
    /// request's id and CSRF token, at this stage, from the browser session that started it;
    /// else the error page.
    Expected<FormPost, http::HttpResponse> continued(const http::HttpRequest &request, PendingAuthorization::Stage stage);
    http::HttpResponse afterLogin(PendingAuthorization pending, BrowserSessions::Session session);
    http::HttpResponse toConsent(PendingAuthorization pending, BrowserSessions::Session session);
    http::HttpResponse issueCode(const PendingAuthorization &pending, const ScopeSet &granted);
    http::HttpResponse redirectToApp(const QString &redirectUri, QList<QPair<QString, QString>> parameters,
                                     int status = 302) const;
    /// Ends `pending` with an error redirect (RFC 6749 §4.1.2.1) after a form post.
    http::HttpResponse redirectError(const PendingAuthorization &pending, const char *error, const QString &description);
    http::HttpResponse errorToApp(const QString &redirectUri, const QString &error, const QString &description,
                                  const QString &state, int status) const;
    QList<AuthorizePages::PatientChoice> patientsFor(const Persona &persona, QString *error) const;
    QString durationText(const ScopeSet &scopes) const;
    /// Whether the session's sign-in is recent enough for the request's max_age.
    bool isRecentEnough(const BrowserSessions::Session &session, const AuthorizationRequest &request) const;
    static bool isSilent(const PendingAuthorization &pending);
    QByteArray sessionCookie(const QString &id) const;
    static QString cookie(const http::HttpRequest &request, QByteArrayView name);

    std::shared_ptr<storage::Database> m_database;
    const platform::Clock &m_clock;
    std::shared_ptr<AuthorizeState> m_state;
    Settings m_settings;
    ClientStore m_clients;
    PersonaStore m_personas;
    GrantStore m_grants;
    AuthorizationRequestCheck m_check;
    AuthorizePages m_pages;
};

} // namespace paw::auth
