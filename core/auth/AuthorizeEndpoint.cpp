#include "auth/AuthorizeEndpoint.h"

#include "auth/PersonaLogin.h"
#include "auth/RedirectUri.h"
#include "auth/ScopeDescriptions.h"

#include <QLoggingCategory>
#include <openssl/crypto.h>

Q_LOGGING_CATEGORY(lcAuthorize, "paw.auth.authorize")

namespace paw::auth {

namespace {

bool isFormPost(const http::HttpRequest &request)
{
    return request.header("Content-Type").split(';').value(0).trimmed().toLower() == "application/x-www-form-urlencoded";
}

QString field(const QList<QPair<QString, QString>> &form, QLatin1String name)
{
    for (const auto &[key, value] : form) {
        if (key == name)
            return value;
    }
    return {};
}

bool equalInConstantTime(const QString &a, const QString &b)
{
    const QByteArray x = a.toUtf8();
    const QByteArray y = b.toUtf8();
    return x.size() == y.size() && CRYPTO_memcmp(x.constData(), y.constData(), size_t(x.size())) == 0;
}

QString expiredMessage()
{
    return AuthorizePages::tr("This page has expired or was not opened in this browser.");
}

} // namespace

AuthorizeEndpoint::AuthorizeEndpoint(std::shared_ptr<storage::Database> database, const platform::Clock &clock,
                                     std::shared_ptr<AuthorizeState> state, Settings settings)
    : m_database(database)
    , m_clock(clock)
    , m_state(std::move(state))
    , m_settings(std::move(settings))
    , m_clients(database, clock)
    , m_personas(database)
    , m_grants(database, clock)
    , m_check(m_clients, m_settings.root + QStringLiteral("/fhir"), m_settings.servedTypes)
    , m_pages(m_settings.root + QStringLiteral("/auth"))
{
}

void AuthorizeEndpoint::registerRoutes(const std::shared_ptr<AuthorizeEndpoint> &endpoint, http::Router &router)
{
    router.route({"GET", "POST"}, QStringLiteral("/auth/authorize"),
                 [endpoint](const http::HttpRequest &request, const QStringList &) { return endpoint->authorize(request); });
    router.route({"POST"}, QStringLiteral("/auth/authorize/login"),
                 [endpoint](const http::HttpRequest &request, const QStringList &) { return endpoint->login(request); });
    router.route({"POST"}, QStringLiteral("/auth/authorize/patient"),
                 [endpoint](const http::HttpRequest &request, const QStringList &) { return endpoint->pickPatient(request); });
    router.route({"POST"}, QStringLiteral("/auth/authorize/consent"),
                 [endpoint](const http::HttpRequest &request, const QStringList &) { return endpoint->consent(request); });
}

http::HttpResponse AuthorizeEndpoint::authorize(const http::HttpRequest &request)
{
    QList<QPair<QString, QString>> parameters = request.query;
    if (request.method == "POST") {
        // SMART "authorize-post": the same parameters as a form body.
        if (!isFormPost(request))
            return AuthorizePages::error(415, tr("An authorization request sent by POST must be a form (application/x-www-form-urlencoded)."));
        parameters = http::decodeFormUrlEncoded(request.body);
    }
    const auto result = m_check.check(AuthorizationRequest::fromParameters(parameters));
    if (const auto *page = std::get_if<AuthorizationRequestCheck::ErrorPage>(&result)) {
        qCInfo(lcAuthorize) << "authorization request refused:" << page->message;
        return AuthorizePages::error(page->status, page->message);
    }
    if (const auto *refused = std::get_if<AuthorizationRequestCheck::RedirectError>(&result)) {
        qCInfo(lcAuthorize) << "authorization request refused with" << refused->error << refused->description;
        return errorToApp(refused->redirectUri, refused->error, refused->description, refused->state, 302);
    }
    const auto &accepted = std::get<AuthorizationRequestCheck::Accepted>(result);

    auto session = m_state->sessions.find(cookie(request, kSessionCookie));
    const bool newSession = !session;
    if (!session)
        session = m_state->sessions.create();
    PendingAuthorization pending;
    pending.sessionId = session->id;
    pending.client = accepted.client;
    pending.request = accepted.request;
    pending.scopes = accepted.scopes;
    pending = m_state->pending.add(pending);

    http::HttpResponse response;
    const QStringList prompts = accepted.request.prompt.split(u' ', Qt::SkipEmptyParts);
    const bool signedIn = !session->username.isEmpty();
    if (prompts.contains(QLatin1String("none")) && prompts.size() > 1) {
        // OpenID Connect Core §3.1.2.1: "none" with any other value is an error.
        response = redirectError(pending, "invalid_request", QStringLiteral("prompt=none cannot be combined with other values"));
    } else if (signedIn && !prompts.contains(QLatin1String("login")) && isRecentEnough(*session, accepted.request)) {
        pending.username = session->username;
        pending.authTimeMs = session->authTimeMs;
        response = afterLogin(pending, *session);
    } else if (isSilent(pending)) {
        response = redirectError(pending, "login_required",
                                 signedIn ? QStringLiteral("prompt=none, and the sign-in is older than max_age")
                                          : QStringLiteral("prompt=none, and nobody is signed in"));
    } else {
        response = m_pages.login(pending);
    }
    if (newSession)
        response.headers.append({"Set-Cookie", sessionCookie(session->id)});
    return response;
}

http::HttpResponse AuthorizeEndpoint::login(const http::HttpRequest &request)
{
    auto post = continued(request, PendingAuthorization::Stage::Login);
    if (!post)
        return post.error();
    const auto &form = post->form;
    PendingAuthorization &pending = post->pending;
    const QString username = field(form, QLatin1String("username")).trimmed();
    PersonaLogin check(m_personas, m_state->throttle);
    const auto persona = check.check(username, field(form, QLatin1String("password")));
    if (!persona) {
        switch (persona.error().kind) {
        case PersonaLogin::Failure::Kind::Throttled: {
            const qint64 seconds = (persona.error().retryAfterMs + 999) / 1000;
            http::HttpResponse page = m_pages.login(pending, tr("Too many failed sign-ins. Wait %1 s and try again.").arg(seconds),
                                                    username, 429);
            page.setHeader("Retry-After", QByteArray::number(seconds));
            return page;
        }
        case PersonaLogin::Failure::Kind::WrongCredentials:
            qCInfo(lcAuthorize) << "failed sign-in for client" << pending.client.clientId;
            return m_pages.login(pending, tr("The username or password is wrong."), username);
        case PersonaLogin::Failure::Kind::Unavailable:
            return AuthorizePages::error(503, tr("Sign-in is not available right now: the login store cannot be read."));
        }
    }
    const auto previous = m_state->sessions.find(pending.sessionId);
    if (!previous)
        return AuthorizePages::error(400, expiredMessage());
    // A sign-in gets a new session id, so that an id planted before it (any page on this host
    // can set a cookie for it, whatever its port) never becomes a signed-in session.
    BrowserSessions::Session session = m_state->sessions.create();
    if (previous->username == persona->username)
        session.consents = previous->consents; // a new sign-in forgets what another user allowed
    m_state->sessions.remove(previous->id);
    session.username = persona->username;
    session.authTimeMs = m_clock.now().toMSecsSinceEpoch();
    m_state->sessions.update(session);
    pending.sessionId = session.id;
    pending.username = persona->username;
    pending.authTimeMs = session.authTimeMs;
    qCInfo(lcAuthorize) << "signed in" << persona->username << "for client" << pending.client.clientId;
    http::HttpResponse response = afterLogin(pending, session);
    response.headers.append({"Set-Cookie", sessionCookie(session.id)});
    return response;
}

http::HttpResponse AuthorizeEndpoint::afterLogin(PendingAuthorization pending, BrowserSessions::Session session)
{
    const auto persona = m_personas.find(pending.username);
    if (!persona || !persona->has_value())
        return AuthorizePages::error(503, tr("Sign-in is not available right now: the login store cannot be read."));
    QString error;
    const QList<AuthorizePages::PatientChoice> patients = patientsFor(**persona, &error);
    if (!error.isEmpty())
        return AuthorizePages::error(503, error);
    if (patients.isEmpty())
        return redirectError(pending, "access_denied", QStringLiteral("this user may not act for any member"));
    if (patients.size() == 1) {
        pending.patientId = patients.constFirst().id;
        return toConsent(pending, session);
    }
    if (isSilent(pending))
        return redirectError(pending, "interaction_required", QStringLiteral("prompt=none, and the user must choose a member"));
    pending.stage = PendingAuthorization::Stage::PickPatient;
    m_state->pending.update(pending);
    return m_pages.picker(pending, patients);
}

http::HttpResponse AuthorizeEndpoint::pickPatient(const http::HttpRequest &request)
{
    auto post = continued(request, PendingAuthorization::Stage::PickPatient);
    if (!post)
        return post.error();
    const auto &form = post->form;
    PendingAuthorization &pending = post->pending;
    auto session = m_state->sessions.find(pending.sessionId);
    const auto persona = m_personas.find(pending.username);
    if (!session || !persona || !persona->has_value())
        return AuthorizePages::error(400, expiredMessage());
    QString error;
    const QList<AuthorizePages::PatientChoice> patients = patientsFor(**persona, &error);
    if (!error.isEmpty())
        return AuthorizePages::error(503, error);
    const QString chosen = field(form, QLatin1String("patient"));
    // Only a member this user may act for today: the form's value is the browser's word.
    const bool allowed = std::any_of(patients.cbegin(), patients.cend(),
                                     [&chosen](const AuthorizePages::PatientChoice &p) { return p.id == chosen; });
    if (!allowed)
        return m_pages.picker(pending, patients, tr("Choose one of the members listed."));
    pending.patientId = chosen;
    return toConsent(pending, *session);
}

http::HttpResponse AuthorizeEndpoint::toConsent(PendingAuthorization pending, BrowserSessions::Session session)
{
    pending.ceiling.clear();
    if (const auto persona = m_personas.find(pending.username); persona && persona->has_value()
        && (*persona)->patientId != pending.patientId) {
        const auto delegation = m_personas.delegation(pending.username, pending.patientId);
        if (!delegation || !delegation->has_value())
            return redirectError(pending, "access_denied", QStringLiteral("this user may not act for that member"));
        pending.ceiling = (*delegation)->ceiling;
    }
    const QStringList prompts = pending.request.prompt.split(u' ', Qt::SkipEmptyParts);
    const QString remembered = session.consents.value(BrowserSessions::consentKey(pending.client.clientId, pending.patientId));
    // Consent given earlier in this browser session covers a request for no more than it granted.
    if (!remembered.isEmpty() && !prompts.contains(QLatin1String("consent"))
        && pending.scopes.isNarrowingOf(ScopeSet::parse(remembered, m_settings.servedTypes))) {
        m_state->pending.remove(pending.id);
        return issueCode(pending, pending.scopes);
    }
    if (isSilent(pending))
        return redirectError(pending, "consent_required", QStringLiteral("prompt=none, and this request needs the user's consent"));
    pending.stage = PendingAuthorization::Stage::Consent;
    m_state->pending.update(pending);
    QString patientName = pending.patientId;
    if (const auto member = m_personas.findMember(pending.patientId); member && member->has_value())
        patientName = (*member)->displayName;
    return m_pages.consent(pending, patientName, durationText(pending.scopes));
}

http::HttpResponse AuthorizeEndpoint::consent(const http::HttpRequest &request)
{
    auto post = continued(request, PendingAuthorization::Stage::Consent);
    if (!post)
        return post.error();
    const auto &form = post->form;
    PendingAuthorization &pending = post->pending;
    m_state->pending.remove(pending.id); // one answer per request, whatever it is
    if (field(form, QLatin1String("decision")) != u"allow")
        return redirectError(pending, "access_denied", QStringLiteral("the user denied access"));
    QStringList ticked;
    for (const auto &[name, value] : form) {
        if (name == u"scope")
            ticked.append(value);
    }
    // The member may narrow what is granted, never widen it: only requested scopes count, and
    // sensitive ones only where the delegation allows them.
    QStringList granted;
    for (const SmartScope &scope : pending.scopes.scopes()) {
        if (!ticked.contains(scope.original()) && !ticked.contains(scope.canonical()))
            continue;
        if (ScopeDescriptions::isOptIn(scope) && pending.ceiling == u"no-sensitive")
            continue;
        granted.append(scope.canonical());
    }
    const ScopeSet grantedSet = ScopeSet::parse(granted.join(u' '), m_settings.servedTypes);
    if (grantedSet.isEmpty())
        return redirectError(pending, "access_denied", QStringLiteral("the user allowed nothing"));
    if (auto session = m_state->sessions.find(pending.sessionId)) {
        session->consents.insert(BrowserSessions::consentKey(pending.client.clientId, pending.patientId), grantedSet.toString());
        m_state->sessions.update(*session);
    }
    return issueCode(pending, grantedSet);
}

http::HttpResponse AuthorizeEndpoint::issueCode(const PendingAuthorization &pending, const ScopeSet &granted)
{
    AuthorizationCode code;
    code.clientId = pending.client.clientId;
    code.redirectUri = pending.request.redirectUri;
    code.codeChallenge = pending.request.codeChallenge;
    code.nonce = pending.request.nonce;
    code.username = pending.username;
    code.patientId = pending.patientId;
    code.scope = granted.toString();
    code.authTimeMs = pending.authTimeMs;
    code.expiresMs = m_clock.now().toMSecsSinceEpoch() + m_settings.codeLifetimeMs;
    const auto issued = m_grants.issueCode(code);
    if (!issued) {
        qCWarning(lcAuthorize) << "could not store an authorization code:" << issued.error();
        return redirectError(pending, "server_error", QStringLiteral("the authorization could not be stored"));
    }
    qCInfo(lcAuthorize) << "code issued to client" << pending.client.clientId << "for" << pending.username;
    QList<QPair<QString, QString>> parameters{{QStringLiteral("code"), issued->code}};
    if (!pending.request.state.isEmpty())
        parameters.append({QStringLiteral("state"), pending.request.state});
    return redirectToApp(pending.request.redirectUri, parameters, 303);
}

http::HttpResponse AuthorizeEndpoint::redirectError(const PendingAuthorization &pending, const char *error,
                                                    const QString &description)
{
    m_state->pending.remove(pending.id);
    return errorToApp(pending.request.redirectUri, QLatin1String(error), description, pending.request.state, 303);
}

http::HttpResponse AuthorizeEndpoint::errorToApp(const QString &redirectUri, const QString &error, const QString &description,
                                                 const QString &state, int status) const
{
    QList<QPair<QString, QString>> parameters{{QStringLiteral("error"), error},
                                              {QStringLiteral("error_description"), description}};
    if (!state.isEmpty())
        parameters.append({QStringLiteral("state"), state});
    return redirectToApp(redirectUri, parameters, status);
}

http::HttpResponse AuthorizeEndpoint::redirectToApp(const QString &redirectUri, QList<QPair<QString, QString>> parameters,
                                                    int status) const
{
    // RFC 9207: the issuer on every authorization response, so the app can tell servers apart.
    parameters.append({QStringLiteral("iss"), m_settings.root + QStringLiteral("/auth")});
    http::HttpResponse response;
    response.status = status;
    response.setHeader("Location", RedirectUri::withParameters(redirectUri, parameters).toUtf8());
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("Pragma", "no-cache");
    return response;
}

Expected<AuthorizeEndpoint::FormPost, http::HttpResponse> AuthorizeEndpoint::continued(const http::HttpRequest &request,
                                                                                     PendingAuthorization::Stage stage)
{
    if (!isFormPost(request))
        return AuthorizePages::error(415, tr("The form must be posted as a form (application/x-www-form-urlencoded)."));
    FormPost post;
    post.form = http::decodeFormUrlEncoded(request.body);
    auto pending = m_state->pending.find(field(post.form, QLatin1String("pending")));
    if (!pending)
        return AuthorizePages::error(400, expiredMessage());
    // CSRF: the token in the form must be the one this request's page carried, and the post
    // must come from the browser session that started the request.
    if (!equalInConstantTime(field(post.form, QLatin1String("csrf")), pending->csrf)
        || !equalInConstantTime(cookie(request, kSessionCookie), pending->sessionId) || pending->stage != stage) {
        qCInfo(lcAuthorize) << "form post refused: CSRF token, session or step does not match";
        return AuthorizePages::error(400, expiredMessage());
    }
    post.pending = *pending;
    return post;
}

QList<AuthorizePages::PatientChoice> AuthorizeEndpoint::patientsFor(const Persona &persona, QString *error) const
{
    QList<AuthorizePages::PatientChoice> out;
    if (persona.kind == Persona::Kind::Member && !persona.patientId.isEmpty())
        out.append({persona.patientId, persona.displayName, tr("yourself")});
    const auto delegations = m_personas.delegationsOf(persona.username);
    if (!delegations) {
        *error = tr("Sign-in is not available right now: the login store cannot be read.");
        return {};
    }
    const QDate today = m_clock.now().toUTC().date();
    for (const Delegation &d : *delegations) {
        if (!d.allows(today))
            continue;
        QString name = d.patientId;
        if (const auto member = m_personas.findMember(d.patientId); member && member->has_value())
            name = (*member)->displayName;
        out.append({d.patientId, name, tr("you act as their %1").arg(d.relationship)});
    }
    return out;
}

bool AuthorizeEndpoint::isRecentEnough(const BrowserSessions::Session &session, const AuthorizationRequest &request) const
{
    // OpenID Connect Core §3.1.2.1, max_age: "If the elapsed time is greater than this value, the
    // OP MUST attempt to actively re-authenticate the End-User." At equal, too: max_age=0 then
    // always asks, as the spec's note makes it equivalent to prompt=login.
    const auto maxAgeMs = request.maxAgeMs();
    return !maxAgeMs || m_clock.now().toMSecsSinceEpoch() - session.authTimeMs < *maxAgeMs;
}

bool AuthorizeEndpoint::isSilent(const PendingAuthorization &pending)
{
    // OpenID Connect Core §3.1.2.1, prompt=none: "The Authorization Server MUST NOT display any
    // authentication or consent user interface pages."
    return pending.request.prompt.split(u' ', Qt::SkipEmptyParts).contains(QLatin1String("none"));
}

QString AuthorizeEndpoint::durationText(const ScopeSet &scopes) const
{
    const qint64 days = m_settings.refreshLifetimeMs / (24 * 60 * 60 * 1000);
    if (scopes.offline())
        return tr("Access lasts until you revoke it (at most %1 days), even when you are not using the app.").arg(days);
    if (scopes.online())
        return tr("Access lasts while you use the app (at most %1 days).").arg(days);
    return tr("Access lasts %1 minutes.").arg(m_settings.accessLifetimeMs / 60000);
}

QByteArray AuthorizeEndpoint::sessionCookie(const QString &id) const
{
    // HttpOnly: no script reads it; SameSite=Lax: sent on the app's top-level redirect here,
    // not on cross-site posts; Secure whenever the server speaks https.
    QByteArray cookie = QByteArray(kSessionCookie) + '=' + id.toLatin1() + "; Path=/auth; HttpOnly; SameSite=Lax";
    if (m_settings.root.startsWith(u"https://"))
        cookie += "; Secure";
    return cookie;
}

QString AuthorizeEndpoint::cookie(const http::HttpRequest &request, QByteArrayView name)
{
    for (const auto &[header, value] : request.headers) {
        if (header.compare("cookie", Qt::CaseInsensitive) != 0)
            continue;
        for (const QByteArray &pair : value.split(';')) {
            const QByteArray trimmed = pair.trimmed();
            const qsizetype eq = trimmed.indexOf('=');
            if (eq > 0 && QByteArrayView(trimmed).first(eq) == name)
                return QString::fromLatin1(trimmed.mid(eq + 1));
        }
    }
    return {};
}

} // namespace paw::auth
