// The authorization endpoint end to end: the real sandbox server on port 0, driven over loopback
// as a browser would: the login, patient picker and consent forms of DESIGN.md §2, cookies,
// CSRF tokens and the redirects back to the app. One named test per refusal. The server's time
// is a MockClock, which tests move instead of waiting.

#include "support/FormBody.h"
#include "support/HttpTestClient.h"

#include "auth/ClientStore.h"
#include "auth/GrantStore.h"
#include "auth/PasswordHasher.h"
#include "auth/Pkce.h"
#include "auth/PersonaStore.h"
#include "sandbox/SandboxServer.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QUrlQuery>

using namespace paw;
using test::HttpResult;
using test::HttpTestClient;
using test::formBody;

namespace {

const QString kRedirect = QStringLiteral("https://app.example/callback");
const QString kVerifier = QStringLiteral("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
const QString kScope = QStringLiteral("launch/patient openid fhirUser patient/ExplanationOfBenefit.rs patient/Coverage.rs "
                                      "sensitive/mental-health offline_access made-up/scope");

/// The value of the input named `name` in an HTML form (the pages escape values, never quotes
/// inside them).
QString inputValue(const QByteArray &html, const QString &name)
{
    const QRegularExpression re(QStringLiteral("name=\"%1\" value=\"([^\"]*)\"").arg(QRegularExpression::escape(name)));
    return re.match(QString::fromUtf8(html)).captured(1);
}

QStringList allValues(const QByteArray &html, const QString &name)
{
    QStringList out;
    const QRegularExpression re(QStringLiteral("name=\"%1\" value=\"([^\"]*)\"").arg(QRegularExpression::escape(name)));
    for (auto it = re.globalMatch(QString::fromUtf8(html)); it.hasNext();)
        out << it.next().captured(1).replace(QStringLiteral("&amp;"), QStringLiteral("&"));
    return out;
}

/// One browser: its own cookie.
struct Browser
{
    HttpTestClient client;
    QByteArray cookie;

    HttpResult send(const QByteArray &method, const QUrl &url, const QByteArray &form = {})
    {
        QList<QPair<QByteArray, QByteArray>> headers;
        if (!cookie.isEmpty())
            headers.append({QByteArray("Cookie"), cookie});
        if (method == "POST")
            headers.append({QByteArray("Content-Type"), QByteArray("application/x-www-form-urlencoded")});
        HttpResult result = client.send(method, url, headers, form);
        const QByteArray set = result.header("Set-Cookie");
        if (!set.isEmpty())
            cookie = set.split(';').value(0);
        return result;
    }
};

QUrlQuery redirectQuery(const HttpResult &result)
{
    return QUrlQuery(QUrl(QString::fromUtf8(result.header("Location"))).query(QUrl::FullyDecoded));
}

/// The claims of a JWT, unverified.
QJsonObject claimsOf(const QString &jwt)
{
    return QJsonDocument::fromJson(QByteArray::fromBase64(jwt.toLatin1().split('.').value(1), QByteArray::Base64UrlEncoding))
        .object();
}

} // namespace

class TestAuthorizeFlow : public QObject
{
    Q_OBJECT

    QTemporaryDir m_dir;
    platform::MockClock m_clock{QDateTime::currentDateTimeUtc()};
    sandbox::SandboxServer m_server{m_clock};
    QString m_root;
    QString m_clientId;
    std::unique_ptr<auth::GrantStore> m_grants;

    QUrl authorizeUrl(const QList<QPair<QString, QString>> &overrides = {}, const QStringList &without = {}) const
    {
        QList<QPair<QString, QString>> params{
            {QStringLiteral("response_type"), QStringLiteral("code")},
            {QStringLiteral("client_id"), m_clientId},
            {QStringLiteral("redirect_uri"), kRedirect},
            {QStringLiteral("scope"), kScope},
            {QStringLiteral("state"), QStringLiteral("st-123")},
            {QStringLiteral("nonce"), QStringLiteral("n-456")},
            {QStringLiteral("aud"), m_root + QStringLiteral("/fhir")},
            {QStringLiteral("code_challenge"), auth::Pkce::challengeFor(kVerifier)},
            {QStringLiteral("code_challenge_method"), QStringLiteral("S256")},
        };
        QUrlQuery query;
        for (const auto &[name, value] : params) {
            if (without.contains(name))
                continue;
            QString v = value;
            for (const auto &[oname, ovalue] : overrides) {
                if (oname == name)
                    v = ovalue;
            }
            query.addQueryItem(name, QString::fromLatin1(QUrl::toPercentEncoding(v)));
        }
        for (const auto &[oname, ovalue] : overrides) {
            if (!std::any_of(params.cbegin(), params.cend(), [&oname](const auto &p) { return p.first == oname; }))
                query.addQueryItem(oname, QString::fromLatin1(QUrl::toPercentEncoding(ovalue)));
        }
        QUrl url(m_root + QStringLiteral("/auth/authorize"));
        url.setQuery(query.toString(QUrl::FullyEncoded), QUrl::StrictMode);
        return url;
    }
    QUrl authUrl(const char *path) const { return QUrl(m_root + QStringLiteral("/auth/") + QLatin1String(path)); }

    HttpResult postForm(Browser &browser, const char *path, const HttpResult &page, QList<QPair<QString, QString>> fields)
    {
        fields.prepend({QStringLiteral("csrf"), inputValue(page.body, QStringLiteral("csrf"))});
        fields.prepend({QStringLiteral("pending"), inputValue(page.body, QStringLiteral("pending"))});
        return browser.send("POST", authUrl(path), formBody(fields));
    }

    HttpResult signIn(Browser &browser, const QString &username, const QUrl &authorize)
    {
        const HttpResult login = browser.send("GET", authorize);
        if (login.status != 200)
            return login;
        return postForm(browser, "authorize/login", login,
                        {{QStringLiteral("username"), username}, {QStringLiteral("password"), username + QStringLiteral("-sandbox")}});
    }

    /// The public client at the token endpoint: the JSON answer.
    QJsonObject tokenRequest(QList<QPair<QString, QString>> form)
    {
        form.append({QStringLiteral("client_id"), m_clientId});
        HttpTestClient client;
        return client.send("POST", authUrl("token"), {{QByteArray("Content-Type"), QByteArray("application/x-www-form-urlencoded")}},
                           formBody(form))
            .json();
    }

    void verifyRedirectError(const HttpResult &result, const QString &error)
    {
        QVERIFY2(result.status == 302 || result.status == 303, qPrintable(QString::number(result.status)));
        QVERIFY(result.header("Location").startsWith(QByteArray(kRedirect.toUtf8() + '?')));
        const QUrlQuery query = redirectQuery(result);
        QCOMPARE(query.queryItemValue(QStringLiteral("error")), error);
        QVERIFY(!query.hasQueryItem(QStringLiteral("code")));
        QCOMPARE(query.queryItemValue(QStringLiteral("state")), QStringLiteral("st-123"));
        QCOMPARE(query.queryItemValue(QStringLiteral("iss")), m_root + QStringLiteral("/auth"));
    }

    void verifyErrorPageWithoutRedirect(const HttpResult &result)
    {
        QCOMPARE(result.status, 400);
        QVERIFY(result.header("Location").isEmpty());
        QVERIFY(result.header("Content-Type").startsWith("text/html"));
    }

private Q_SLOTS:
    void initTestCase()
    {
        sandbox::SandboxConfig config;
        config.databaseUrl = QStringLiteral("sqlite:") + m_dir.filePath(QStringLiteral("paw.sqlite"));
        config.http.port = 0;
        config.http.threads = 2;
        config.open = true;
        const QString error = m_server.start(config);
        QVERIFY2(error.isEmpty(), qPrintable(error));
        m_root = m_server.fhirBaseUrl().chopped(5);

        auth::PersonaStore personas(m_server.database());
        const auto member = [](const char *user, const char *patient, const char *name) {
            return auth::Persona{QLatin1String(user), QLatin1String(name), auth::Persona::Kind::Member, QLatin1String(patient),
                                 QStringLiteral("sandbox")};
        };
        const auto delegation = [](const char *patient, const char *ceiling, QDate until, auth::Delegation::Status status) {
            auth::Delegation d;
            d.delegate = QStringLiteral("parent-x");
            d.patientId = QLatin1String(patient);
            d.relatedPersonId = QLatin1String(patient) + QStringLiteral("-rp");
            d.relationship = QStringLiteral("parent");
            d.validFrom = QDate(2020, 1, 1);
            d.validTo = until;
            d.status = status;
            d.ceiling = QLatin1String(ceiling);
            return d;
        };
        QVERIFY(personas.save(
                            {member("alice", "pat-a", "Alice Able"), member("kid-b", "pat-b", "Bea Able"),
                             member("kid-c", "pat-c", "Cy Able"), member("kid-d", "pat-d", "Di Able"),
                             auth::Persona{QStringLiteral("parent-x"), QStringLiteral("Pat Able"), auth::Persona::Kind::Delegate,
                                           {}, QStringLiteral("sandbox")}},
                            {delegation("pat-b", "", {}, auth::Delegation::Status::Active),
                             delegation("pat-c", "no-sensitive", {}, auth::Delegation::Status::Active),
                             delegation("pat-d", "", {}, auth::Delegation::Status::Revoked)})
                    .isEmpty());

        auth::ClientStore clients(m_server.database(), platform::Clock::system());
        auth::Client client;
        client.name = QStringLiteral("Claims <b>Viewer</b>");
        client.type = auth::Client::Type::Public;
        client.redirectUris = {kRedirect};
        const auto added = clients.add(client);
        QVERIFY2(added, qPrintable(added ? QString() : added.error()));
        m_clientId = added->client.clientId;
        m_grants = std::make_unique<auth::GrantStore>(m_server.database(), m_clock);
    }

    void discoveryDocumentsAgreeOnTheIssuer()
    {
        HttpTestClient client;
        const HttpResult smart = client.get(QUrl(m_root + QStringLiteral("/fhir/.well-known/smart-configuration")));
        const HttpResult openId = client.get(QUrl(m_root + QStringLiteral("/auth/.well-known/openid-configuration")));
        const HttpResult metadata = client.get(QUrl(m_root + QStringLiteral("/fhir/metadata")));
        QCOMPARE(smart.status, 200);
        QCOMPARE(openId.status, 200);
        QCOMPARE(smart.json().value(QStringLiteral("issuer")).toString(), m_root + QStringLiteral("/auth"));
        QCOMPARE(openId.json().value(QStringLiteral("issuer")), smart.json().value(QStringLiteral("issuer")));
        QCOMPARE(smart.json().value(QStringLiteral("authorization_endpoint")).toString(), m_root + QStringLiteral("/auth/authorize"));
        const QJsonObject security = metadata.json().value(QStringLiteral("rest")).toArray().at(0).toObject()
                                         .value(QStringLiteral("security")).toObject();
        QVERIFY(QJsonDocument(security).toJson().contains(QByteArray(m_root.toUtf8() + "/auth/token")));
    }

    void aMemberSignsInNarrowsTheScopesAndTheAppGetsACode()
    {
        Browser browser;
        const HttpResult login = browser.send("GET", authorizeUrl());
        QCOMPARE(login.status, 200);
        QVERIFY(login.body.contains("name=\"username\""));
        QVERIFY(login.body.contains("name=\"password\""));
        QVERIFY(login.header("Content-Security-Policy").contains("frame-ancestors 'none'"));
        QVERIFY(login.header("Content-Security-Policy").contains("form-action 'self' https://app.example"));
        QCOMPARE(login.header("Cache-Control"), QByteArray("no-store"));
        QVERIFY(browser.cookie.startsWith("paw_session="));
        QVERIFY(login.header("Set-Cookie").contains("HttpOnly"));
        // The app's name is escaped, never markup.
        QVERIFY(login.body.contains("Claims &lt;b&gt;Viewer&lt;/b&gt;"));

        const HttpResult consent = postForm(browser, "authorize/login", login,
                                            {{QStringLiteral("username"), QStringLiteral("alice")},
                                             {QStringLiteral("password"), QStringLiteral("alice-sandbox")}});
        QCOMPARE(consent.status, 200);
        const QStringList offered = allValues(consent.body, QStringLiteral("scope"));
        QCOMPARE(offered, QStringList({QStringLiteral("launch/patient"), QStringLiteral("openid"), QStringLiteral("fhirUser"),
                                       QStringLiteral("patient/ExplanationOfBenefit.rs"), QStringLiteral("patient/Coverage.rs"),
                                       QStringLiteral("sensitive/mental-health"), QStringLiteral("offline_access")}));
        // Sensitive scopes are opt-in: unticked; the rest pre-ticked.
        QVERIFY(consent.body.contains("value=\"sensitive/mental-health\"> "));
        QVERIFY(consent.body.contains("value=\"patient/Coverage.rs\" checked"));
        QVERIFY(consent.body.contains("name=\"decision\" value=\"allow\""));
        QVERIFY(consent.body.contains("name=\"decision\" value=\"deny\""));

        // The member unticks Coverage, and tries to add a scope the app never asked for.
        const HttpResult redirect = postForm(browser, "authorize/consent", consent,
                                             {{QStringLiteral("scope"), QStringLiteral("launch/patient")},
                                              {QStringLiteral("scope"), QStringLiteral("openid")},
                                              {QStringLiteral("scope"), QStringLiteral("fhirUser")},
                                              {QStringLiteral("scope"), QStringLiteral("patient/ExplanationOfBenefit.rs")},
                                              {QStringLiteral("scope"), QStringLiteral("patient/Patient.rs")},
                                              {QStringLiteral("scope"), QStringLiteral("offline_access")},
                                              {QStringLiteral("decision"), QStringLiteral("allow")}});
        QCOMPARE(redirect.status, 303);
        const QUrlQuery query = redirectQuery(redirect);
        QCOMPARE(query.queryItemValue(QStringLiteral("state")), QStringLiteral("st-123"));
        QCOMPARE(query.queryItemValue(QStringLiteral("iss")), m_root + QStringLiteral("/auth"));
        const QString code = query.queryItemValue(QStringLiteral("code"));
        QVERIFY(QRegularExpression(QStringLiteral("^[A-Za-z0-9_-]{43,}$")).match(code).hasMatch());

        const auto redeemed = m_grants->redeem(code, auth::GrantStore::newGrantId());
        QVERIFY(redeemed);
        QCOMPARE(redeemed->clientId, m_clientId);
        QCOMPARE(redeemed->redirectUri, kRedirect);
        QCOMPARE(redeemed->username, QStringLiteral("alice"));
        QCOMPARE(redeemed->patientId, QStringLiteral("pat-a"));
        QCOMPARE(redeemed->nonce, QStringLiteral("n-456"));
        QCOMPARE(redeemed->codeChallenge, auth::Pkce::challengeFor(kVerifier));
        QCOMPARE(redeemed->scope, QStringLiteral("launch/patient openid fhirUser patient/ExplanationOfBenefit.rs offline_access"));
    }

    void theSameBrowserSessionSkipsLoginAndConsentANewOneAsksAgain()
    {
        Browser browser;
        const HttpResult first = signIn(browser, QStringLiteral("alice"), authorizeUrl());
        QCOMPARE(first.status, 200);
        const HttpResult code = postForm(browser, "authorize/consent", first,
                                         {{QStringLiteral("scope"), QStringLiteral("patient/ExplanationOfBenefit.rs")},
                                          {QStringLiteral("scope"), QStringLiteral("patient/Coverage.rs")},
                                          {QStringLiteral("decision"), QStringLiteral("allow")}});
        QCOMPARE(code.status, 303);
        // Asking again for no more than was granted: straight back with a code.
        const HttpResult again = browser.send("GET", authorizeUrl({{QStringLiteral("scope"), QStringLiteral("patient/Coverage.rs")}}));
        QCOMPARE(again.status, 302 + 1);
        QVERIFY(redirectQuery(again).hasQueryItem(QStringLiteral("code")));
        // Asking for more: the consent page again, without a login.
        const HttpResult more = browser.send("GET", authorizeUrl());
        QCOMPARE(more.status, 200);
        QVERIFY(more.body.contains("name=\"decision\""));
        // prompt=login forces the login page.
        const HttpResult forced = browser.send("GET", authorizeUrl({{QStringLiteral("prompt"), QStringLiteral("login")}}));
        QVERIFY(forced.body.contains("name=\"password\""));
        // A new browser session starts over.
        Browser other;
        const HttpResult fresh = other.send("GET", authorizeUrl({{QStringLiteral("scope"), QStringLiteral("patient/Coverage.rs")}}));
        QCOMPARE(fresh.status, 200);
        QVERIFY(fresh.body.contains("name=\"password\""));
    }

    void pagesAreNotSharedWithOtherOriginsButDiscoveryIs()
    {
        HttpTestClient client;
        const QList<QPair<QByteArray, QByteArray>> origin{{QByteArray("Origin"), QByteArray("https://app.example")}};
        QVERIFY(client.get(authorizeUrl(), origin).header("Access-Control-Allow-Origin").isEmpty());
        QCOMPARE(client.get(QUrl(m_root + QStringLiteral("/fhir/.well-known/smart-configuration")), origin)
                     .header("Access-Control-Allow-Origin"),
                 QByteArray("*"));
    }

    void aSessionIdPlantedBeforeSignInNeverBecomesSignedIn()
    {
        Browser attacker;
        attacker.send("GET", authorizeUrl()); // a real, not signed-in session id
        Browser victim;
        victim.cookie = attacker.cookie;      // planted: any page on 127.0.0.1 can set it
        const HttpResult login = victim.send("GET", authorizeUrl());
        QVERIFY(login.body.contains("name=\"password\""));
        const HttpResult consent = postForm(victim, "authorize/login", login,
                                            {{QStringLiteral("username"), QStringLiteral("alice")},
                                             {QStringLiteral("password"), QStringLiteral("alice-sandbox")}});
        QVERIFY(consent.body.contains("name=\"decision\""));
        QVERIFY(victim.cookie != attacker.cookie); // a new id at sign-in
        // The planted id is not signed in: the attacker still gets the login page.
        QVERIFY(attacker.send("GET", authorizeUrl()).body.contains("name=\"password\""));
        // And the victim's consent goes on with the new id.
        const HttpResult code = postForm(victim, "authorize/consent", consent,
                                         {{QStringLiteral("decision"), QStringLiteral("allow")},
                                          {QStringLiteral("scope"), QStringLiteral("patient/Coverage.rs")}});
        QVERIFY(redirectQuery(code).hasQueryItem(QStringLiteral("code")));
    }

    void promptNoneNeverShowsAPage()
    {
        const QPair<QString, QString> none{QStringLiteral("prompt"), QStringLiteral("none")};
        Browser browser;
        verifyRedirectError(browser.send("GET", authorizeUrl({none})), QStringLiteral("login_required"));
        verifyRedirectError(browser.send("GET", authorizeUrl({{QStringLiteral("prompt"), QStringLiteral("none login")}})),
                            QStringLiteral("invalid_request"));
        const HttpResult consent = signIn(browser, QStringLiteral("alice"), authorizeUrl());
        // Signed in, but this scope was never allowed in this session.
        verifyRedirectError(browser.send("GET", authorizeUrl({none})), QStringLiteral("consent_required"));
        postForm(browser, "authorize/consent", consent, {{QStringLiteral("decision"), QStringLiteral("allow")},
                                                         {QStringLiteral("scope"), QStringLiteral("patient/Coverage.rs")}});
        // Allowed before: a code, silently.
        const HttpResult silent = browser.send("GET", authorizeUrl({none, {QStringLiteral("scope"), QStringLiteral("patient/Coverage.rs")}}));
        QVERIFY(redirectQuery(silent).hasQueryItem(QStringLiteral("code")));
        // A delegate who must pick a member cannot do it silently.
        Browser parent;
        signIn(parent, QStringLiteral("parent-x"), authorizeUrl());
        verifyRedirectError(parent.send("GET", authorizeUrl({none})), QStringLiteral("interaction_required"));
    }

    // OpenID Connect Core §2: the ID token's auth_time is when the user signed in, carried by the
    // code, and the same in the ID token of every refresh.
    void theIdTokenSaysWhenTheUserSignedInAlsoAfterARefresh()
    {
        Browser browser;
        const qint64 signedIn = m_clock.nowMs();
        const HttpResult consent = signIn(browser, QStringLiteral("alice"), authorizeUrl());
        QCOMPARE(consent.status, 200);
        m_clock.advanceSecond(40); // the member reads the consent page
        const HttpResult redirect = postForm(browser, "authorize/consent", consent,
                                             {{QStringLiteral("scope"), QStringLiteral("openid")},
                                              {QStringLiteral("scope"), QStringLiteral("offline_access")},
                                              {QStringLiteral("scope"), QStringLiteral("patient/Coverage.rs")},
                                              {QStringLiteral("decision"), QStringLiteral("allow")}});
        const QJsonObject tokens = tokenRequest({{QStringLiteral("grant_type"), QStringLiteral("authorization_code")},
                                                 {QStringLiteral("code"), redirectQuery(redirect).queryItemValue(QStringLiteral("code"))},
                                                 {QStringLiteral("redirect_uri"), kRedirect},
                                                 {QStringLiteral("code_verifier"), kVerifier}});
        const QJsonObject id = claimsOf(tokens.value(QStringLiteral("id_token")).toString());
        QCOMPARE(id.value(QStringLiteral("auth_time")).toInteger(), signedIn / 1000);
        QCOMPARE(id.value(QStringLiteral("iat")).toInteger(), m_clock.nowMs() / 1000);

        m_clock.advanceSecond(2 * 3600);
        const QJsonObject refreshed = tokenRequest({{QStringLiteral("grant_type"), QStringLiteral("refresh_token")},
                                                    {QStringLiteral("refresh_token"), tokens.value(QStringLiteral("refresh_token")).toString()}});
        QVERIFY2(refreshed.contains(QStringLiteral("id_token")), QJsonDocument(refreshed).toJson().constData());
        QCOMPARE(claimsOf(refreshed.value(QStringLiteral("id_token")).toString()).value(QStringLiteral("auth_time")).toInteger(),
                 signedIn / 1000);
    }

    // OpenID Connect Core §3.1.2.1 max_age: a sign-in that old must be made again (silently:
    // login_required); max_age=0 always asks, like prompt=login.
    void maxAgeAsksForANewSignInOnceTheSignInIsThatOld()
    {
        const QPair<QString, QString> coverage{QStringLiteral("scope"), QStringLiteral("patient/Coverage.rs")};
        const QPair<QString, QString> tenMinutes{QStringLiteral("max_age"), QStringLiteral("600")};
        Browser browser;
        const HttpResult consent = signIn(browser, QStringLiteral("alice"), authorizeUrl({coverage, tenMinutes}));
        const HttpResult first = postForm(browser, "authorize/consent", consent,
                                          {coverage, {QStringLiteral("decision"), QStringLiteral("allow")}});
        QVERIFY(redirectQuery(first).hasQueryItem(QStringLiteral("code")));

        m_clock.advanceSecond(599);
        QVERIFY(redirectQuery(browser.send("GET", authorizeUrl({coverage, tenMinutes}))).hasQueryItem(QStringLiteral("code")));
        m_clock.advanceSecond(1);
        QVERIFY(browser.send("GET", authorizeUrl({coverage, tenMinutes})).body.contains("name=\"password\""));
        verifyRedirectError(browser.send("GET", authorizeUrl({coverage, tenMinutes, {QStringLiteral("prompt"), QStringLiteral("none")}})),
                            QStringLiteral("login_required"));
        QVERIFY(browser.send("GET", authorizeUrl({coverage, {QStringLiteral("max_age"), QStringLiteral("0")}}))
                    .body.contains("name=\"password\""));
        // Without max_age the session's sign-in still counts.
        QVERIFY(redirectQuery(browser.send("GET", authorizeUrl({coverage}))).hasQueryItem(QStringLiteral("code")));

        // Signed in again: the consent given in this session stands, and the code carries the new time.
        const HttpResult again = signIn(browser, QStringLiteral("alice"), authorizeUrl({coverage, tenMinutes}));
        const auto redeemed = m_grants->redeem(redirectQuery(again).queryItemValue(QStringLiteral("code")), auth::GrantStore::newGrantId());
        QVERIFY(redeemed);
        QCOMPARE(redeemed->authTimeMs, m_clock.nowMs());
        QVERIFY(redirectQuery(browser.send("GET", authorizeUrl({coverage, tenMinutes}))).hasQueryItem(QStringLiteral("code")));
    }

    void aMaxAgeThatIsNotANumberOfSecondsIsRefused()
    {
        Browser browser;
        for (const QString &bad : {QStringLiteral("-5"), QStringLiteral("ten"), QStringLiteral("1.5")})
            verifyRedirectError(browser.send("GET", authorizeUrl({{QStringLiteral("max_age"), bad}})), QStringLiteral("invalid_request"));
    }

    void authorizeByPostWorksLikeGet()
    {
        Browser browser;
        const HttpResult login = browser.send("POST", authUrl("authorize"), authorizeUrl().query(QUrl::FullyEncoded).toUtf8());
        QCOMPARE(login.status, 200);
        QVERIFY(login.body.contains("name=\"password\""));
    }

    void denyReturnsAccessDeniedWithState()
    {
        Browser browser;
        const HttpResult consent = signIn(browser, QStringLiteral("alice"), authorizeUrl());
        const HttpResult denied = postForm(browser, "authorize/consent", consent, {{QStringLiteral("decision"), QStringLiteral("deny")}});
        verifyRedirectError(denied, QStringLiteral("access_denied"));
        // The pending request is spent: its form cannot be posted again.
        const HttpResult replay = postForm(browser, "authorize/consent", consent, {{QStringLiteral("decision"), QStringLiteral("allow")}});
        verifyErrorPageWithoutRedirect(replay);
    }

    void aDelegatePicksOneOfTheMembersTheyMayActFor()
    {
        Browser browser;
        const HttpResult picker = signIn(browser, QStringLiteral("parent-x"), authorizeUrl());
        QCOMPARE(picker.status, 200);
        // Bea and Cy; not Di, whose delegation is revoked.
        QCOMPARE(allValues(picker.body, QStringLiteral("patient")), QStringList({QStringLiteral("pat-b"), QStringLiteral("pat-c")}));
        const HttpResult refused = postForm(browser, "authorize/patient", picker, {{QStringLiteral("patient"), QStringLiteral("pat-d")}});
        QCOMPARE(refused.status, 200);
        QVERIFY(refused.body.contains("class=\"error\""));
        const HttpResult consent = postForm(browser, "authorize/patient", refused, {{QStringLiteral("patient"), QStringLiteral("pat-b")}});
        QVERIFY(consent.body.contains("Bea Able"));
        const HttpResult redirect = postForm(browser, "authorize/consent", consent,
                                             {{QStringLiteral("scope"), QStringLiteral("patient/ExplanationOfBenefit.rs")},
                                              {QStringLiteral("decision"), QStringLiteral("allow")}});
        const auto redeemed = m_grants->redeem(redirectQuery(redirect).queryItemValue(QStringLiteral("code")), auth::GrantStore::newGrantId());
        QVERIFY(redeemed);
        QCOMPARE(redeemed->username, QStringLiteral("parent-x"));
        QCOMPARE(redeemed->patientId, QStringLiteral("pat-b"));
    }

    void aDelegationCeilingKeepsSensitiveScopesOut()
    {
        Browser browser;
        const HttpResult picker = signIn(browser, QStringLiteral("parent-x"), authorizeUrl());
        const HttpResult consent = postForm(browser, "authorize/patient", picker, {{QStringLiteral("patient"), QStringLiteral("pat-c")}});
        QVERIFY(consent.body.contains("value=\"sensitive/mental-health\" disabled"));
        // Posting it anyway grants nothing sensitive.
        const HttpResult redirect = postForm(browser, "authorize/consent", consent,
                                             {{QStringLiteral("scope"), QStringLiteral("sensitive/mental-health")},
                                              {QStringLiteral("scope"), QStringLiteral("patient/ExplanationOfBenefit.rs")},
                                              {QStringLiteral("decision"), QStringLiteral("allow")}});
        const auto redeemed = m_grants->redeem(redirectQuery(redirect).queryItemValue(QStringLiteral("code")), auth::GrantStore::newGrantId());
        QVERIFY(redeemed);
        QCOMPARE(redeemed->scope, QStringLiteral("patient/ExplanationOfBenefit.rs"));
    }

    void aWrongPasswordShowsTheLoginAgainAndRepeatedFailuresAreThrottled()
    {
        Browser browser;
        HttpResult page = browser.send("GET", authorizeUrl());
        for (int attempt = 1; attempt <= 3; ++attempt) {
            page = postForm(browser, "authorize/login", page,
                            {{QStringLiteral("username"), QStringLiteral("kid-b")}, {QStringLiteral("password"), QStringLiteral("guess")}});
            QCOMPARE(page.status, 200);
            QVERIFY(page.body.contains("class=\"error\""));
            QVERIFY(page.body.contains("value=\"kid-b\""));
        }
        page = postForm(browser, "authorize/login", page,
                        {{QStringLiteral("username"), QStringLiteral("kid-b")}, {QStringLiteral("password"), QStringLiteral("kid-b-sandbox")}});
        // The fourth try is not even checked while the delay runs, right password or not.
        QCOMPARE(page.status, 429);
        QVERIFY(page.header("Retry-After").toInt() >= 1);
    }

    void aMemberWithAPasswordOfTheirOwnSignsInWithItAndNotTheSandboxOne()
    {
        auth::PersonaStore personas(m_server.database());
        QVERIFY(personas.setCredential(QStringLiteral("kid-d"), auth::PasswordHasher::hash(QStringLiteral("a long passphrase"))).isEmpty());
        Browser browser;
        const HttpResult login = browser.send("GET", authorizeUrl());
        const HttpResult refused = postForm(browser, "authorize/login", login,
                                            {{QStringLiteral("username"), QStringLiteral("kid-d")},
                                             {QStringLiteral("password"), QStringLiteral("kid-d-sandbox")}});
        QVERIFY(refused.body.contains("class=\"error\""));
        const HttpResult consent = postForm(browser, "authorize/login", refused,
                                            {{QStringLiteral("username"), QStringLiteral("kid-d")},
                                             {QStringLiteral("password"), QStringLiteral("a long passphrase")}});
        QCOMPARE(consent.status, 200);
        QVERIFY(consent.body.contains("name=\"decision\""));
    }

    // ---- refusals: the request itself ----

    void anUnknownClientGetsAnErrorPageNotARedirect()
    {
        Browser browser;
        verifyErrorPageWithoutRedirect(browser.send("GET", authorizeUrl({{QStringLiteral("client_id"), QStringLiteral("paw-unknown")}})));
    }

    void aRedirectUriMismatchGetsAnErrorPageNotARedirect()
    {
        Browser browser;
        verifyErrorPageWithoutRedirect(
            browser.send("GET", authorizeUrl({{QStringLiteral("redirect_uri"), QStringLiteral("https://app.example/callback/../evil")}})));
        verifyErrorPageWithoutRedirect(
            browser.send("GET", authorizeUrl({{QStringLiteral("redirect_uri"), QStringLiteral("https://attacker.example/callback")}})));
        verifyErrorPageWithoutRedirect(browser.send("GET", authorizeUrl({}, {QStringLiteral("redirect_uri")})));
    }

    void aMissingPkceChallengeIsRefused()
    {
        Browser browser;
        verifyRedirectError(browser.send("GET", authorizeUrl({}, {QStringLiteral("code_challenge"), QStringLiteral("code_challenge_method")})),
                            QStringLiteral("invalid_request"));
    }

    void aPlainPkceChallengeIsRefused()
    {
        Browser browser;
        verifyRedirectError(browser.send("GET", authorizeUrl({{QStringLiteral("code_challenge_method"), QStringLiteral("plain")},
                                                              {QStringLiteral("code_challenge"), kVerifier}})),
                            QStringLiteral("invalid_request"));
        verifyRedirectError(browser.send("GET", authorizeUrl({}, {QStringLiteral("code_challenge_method")})),
                            QStringLiteral("invalid_request"));
    }

    void aWrongAudienceGetsNoCode()
    {
        Browser browser;
        verifyRedirectError(browser.send("GET", authorizeUrl({{QStringLiteral("aud"), QStringLiteral("https://other.example/fhir")}})),
                            QStringLiteral("invalid_request"));
        verifyRedirectError(browser.send("GET", authorizeUrl({}, {QStringLiteral("aud")})), QStringLiteral("invalid_request"));
    }

    void onlyTheCodeResponseTypeIsSupported()
    {
        Browser browser;
        verifyRedirectError(browser.send("GET", authorizeUrl({{QStringLiteral("response_type"), QStringLiteral("token")}})),
                            QStringLiteral("unsupported_response_type"));
    }

    void noGrantableScopeIsInvalidScope()
    {
        Browser browser;
        verifyRedirectError(browser.send("GET", authorizeUrl({{QStringLiteral("scope"), QStringLiteral("made-up/scope system/*.cruds")}})),
                            QStringLiteral("invalid_scope"));
    }

    // ---- refusals: the forms ----

    void aFormPostWithAWrongCsrfTokenIsRefused()
    {
        Browser browser;
        const HttpResult login = browser.send("GET", authorizeUrl());
        const HttpResult refused = browser.send("POST", authUrl("authorize/login"),
                                                formBody({{QStringLiteral("pending"), inputValue(login.body, QStringLiteral("pending"))},
                                                          {QStringLiteral("csrf"), QStringLiteral("forged")},
                                                          {QStringLiteral("username"), QStringLiteral("alice")},
                                                          {QStringLiteral("password"), QStringLiteral("alice-sandbox")}}));
        verifyErrorPageWithoutRedirect(refused);
    }

    void aFormPostFromAnotherBrowserIsRefused()
    {
        Browser victim;
        const HttpResult login = victim.send("GET", authorizeUrl());
        Browser attacker; // has the page's tokens, not the victim's cookie
        attacker.send("GET", authorizeUrl());
        const HttpResult refused = postForm(attacker, "authorize/login", login,
                                            {{QStringLiteral("username"), QStringLiteral("alice")},
                                             {QStringLiteral("password"), QStringLiteral("alice-sandbox")}});
        verifyErrorPageWithoutRedirect(refused);
    }

    void aConsentPostBeforeLoginIsRefused()
    {
        Browser browser;
        const HttpResult login = browser.send("GET", authorizeUrl());
        const HttpResult refused = postForm(browser, "authorize/consent", login, {{QStringLiteral("decision"), QStringLiteral("allow")}});
        verifyErrorPageWithoutRedirect(refused);
    }

    void cleanupTestCase() { m_server.stop(); }
};

QTEST_GUILESS_MAIN(TestAuthorizeFlow)
#include "TestAuthorizeFlow.moc"
