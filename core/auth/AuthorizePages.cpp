#include "auth/AuthorizePages.h"

#include "auth/RedirectUri.h"
#include "auth/ScopeDescriptions.h"
#include "platform/SecureRandom.h"

#include <QFile>
#include <QHash>
#include <QLoggingCategory>
#include <QUrl>

#include <kainjow/mustache.hpp>

#include <mutex>

Q_LOGGING_CATEGORY(lcPages, "paw.auth.pages")

namespace paw::auth {

namespace {

namespace mustache = kainjow::mustache;

std::string s(const QString &text)
{
    return text.toStdString();
}

/// The template `name` from resources/auth, read once.
const std::string &templateText(const char *name)
{
    static std::mutex mutex;
    static QHash<QByteArray, std::string> cache;
    std::lock_guard lock(mutex);
    auto it = cache.find(name);
    if (it == cache.end()) {
        QFile file(QStringLiteral(":/auth/") + QLatin1String(name));
        if (!file.open(QIODevice::ReadOnly))
            qCCritical(lcPages) << "missing page template" << name;
        it = cache.insert(name, file.readAll().toStdString());
    }
    return *it;
}

std::string render(const char *name, const mustache::data &data)
{
    mustache::mustache view(templateText(name));
    if (!view.is_valid()) {
        qCCritical(lcPages) << "broken page template" << name << QString::fromStdString(view.error_message());
        return {};
    }
    return view.render(data);
}

/// The whole page: the body template inside the layout, with the headers every page carries.
http::HttpResponse page(int status, const QString &title, const char *bodyTemplate, mustache::data data,
                        const QString &redirectUri)
{
    const QByteArray nonce = platform::SecureRandom::token(16 + 16);
    data.set("title", s(title));
    mustache::data layout;
    layout.set("lang", "en");
    layout.set("title", s(title));
    layout.set("product", s(AuthorizePages::tr("Patient Access Workbench")));
    layout.set("nonce", nonce.toStdString());
    layout.set("body", render(bodyTemplate, data));
    const std::string html = render("layout.html", layout);

    QByteArray formAction = "'self'";
    if (const QString app = RedirectUri::formActionSource(redirectUri); !app.isEmpty())
        formAction += ' ' + app.toUtf8();
    http::HttpResponse response = http::HttpResponse::withBody(status, "text/html; charset=utf-8",
                                                               QByteArray::fromStdString(html));
    // No script at all; styles only from the page's own nonce'd block; images (an app's logo)
    // over https; forms post here, and the browser may follow the redirect to the app.
    response.setHeader("Content-Security-Policy",
                       "default-src 'none'; style-src 'nonce-" + nonce + "'; img-src https: data:; form-action "
                           + formAction + "; frame-ancestors 'none'; base-uri 'none'");
    response.setHeader("X-Frame-Options", "DENY");
    response.setHeader("Cache-Control", "no-store");
    response.setHeader("Pragma", "no-cache");
    return response;
}

mustache::data formFields(const PendingAuthorization &pending, const QString &action)
{
    mustache::data data;
    data.set("action", s(action));
    data.set("pending", s(pending.id));
    data.set("csrf", s(pending.csrf));
    return data;
}

} // namespace

AuthorizePages::AuthorizePages(QString authBase)
    : m_authBase(std::move(authBase))
{
}

http::HttpResponse AuthorizePages::login(const PendingAuthorization &pending, const QString &error,
                                         const QString &username, int status) const
{
    mustache::data data = formFields(pending, m_authBase + QStringLiteral("/authorize/login"));
    data.set("intro", s(tr("%1 asks to see your health plan records. Sign in to choose what it may see.").arg(pending.client.name)));
    if (!error.isEmpty())
        data.set("error", s(error));
    data.set("username", s(username));
    data.set("usernameLabel", s(tr("Username")));
    data.set("passwordLabel", s(tr("Password")));
    data.set("submitLabel", s(tr("Sign in")));
    data.set("sandboxHint", s(tr("Sandbox: `paw persona list` shows the logins; a password is the username followed by -sandbox.")));
    return page(status, tr("Sign in"), "login.html", data, pending.request.redirectUri);
}

http::HttpResponse AuthorizePages::picker(const PendingAuthorization &pending, const QList<PatientChoice> &patients,
                                          const QString &error) const
{
    mustache::data data = formFields(pending, m_authBase + QStringLiteral("/authorize/patient"));
    data.set("intro", s(tr("You may act for more than one member. Whose records may %1 see?").arg(pending.client.name)));
    if (!error.isEmpty())
        data.set("error", s(error));
    data.set("legend", s(tr("Member")));
    data.set("continueLabel", s(tr("Continue")));
    mustache::data list{mustache::data::type::list};
    for (qsizetype i = 0; i < patients.size(); ++i) {
        mustache::data item;
        item.set("id", s(patients.at(i).id));
        item.set("name", s(patients.at(i).name));
        item.set("relationship", s(patients.at(i).relationship));
        item.set("first", i == 0);
        list.push_back(item);
    }
    data.set("patients", list);
    return page(200, tr("Choose a member"), "picker.html", data, pending.request.redirectUri);
}

http::HttpResponse AuthorizePages::consent(const PendingAuthorization &pending, const QString &patientName,
                                           const QString &duration) const
{
    mustache::data data = formFields(pending, m_authBase + QStringLiteral("/authorize/consent"));
    data.set("appName", s(pending.client.name));
    if (!pending.client.logoUri.startsWith(u"https://"))
        data.set("logo", false);
    else
        data.set("logo", s(pending.client.logoUri));
    data.set("redirectHost", s(tr("Returns to %1").arg(QUrl(pending.request.redirectUri).host().isEmpty()
                                                           ? pending.request.redirectUri
                                                           : QUrl(pending.request.redirectUri).host())));
    data.set("intro", s(tr("%1 asks for access to the records of %2. Untick anything you do not want to share.")
                            .arg(pending.client.name, patientName)));
    data.set("scopesLegend", s(tr("What the app may do")));
    const bool noSensitive = pending.ceiling == u"no-sensitive";
    mustache::data list{mustache::data::type::list};
    for (const SmartScope &scope : pending.scopes.scopes()) {
        mustache::data item;
        const bool sensitive = ScopeDescriptions::isOptIn(scope);
        item.set("value", s(scope.original()));
        item.set("description", s(ScopeDescriptions::describe(scope)));
        // Sensitive-data scopes are opt-in; a delegation that excludes them cannot give them.
        item.set("checked", !sensitive);
        item.set("disabled", sensitive && noSensitive);
        if (sensitive && noSensitive)
            item.set("note", s(tr("(not available: your delegation excludes sensitive records)")));
        else if (sensitive)
            item.set("note", s(tr("(sensitive: shared only if you tick it)")));
        list.push_back(item);
    }
    data.set("scopes", list);
    data.set("duration", s(duration));
    data.set("allowLabel", s(tr("Allow")));
    data.set("denyLabel", s(tr("Deny")));
    return page(200, tr("Allow access?"), "consent.html", data, pending.request.redirectUri);
}

http::HttpResponse AuthorizePages::error(int status, const QString &message)
{
    mustache::data data;
    data.set("message", s(message));
    data.set("advice", s(tr("Go back to the app and start again. If this keeps happening, tell the app's developer.")));
    return page(status, tr("This request cannot go on"), "error.html", data, {});
}

} // namespace paw::auth
