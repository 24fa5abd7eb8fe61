#include "CommonOptions.h"

#include "auth/ClientStore.h"
#include "platform/Clock.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace paw::app {

namespace {

const char *const kUsage =
    "usage: paw client add --name N --redirect-uri U [--redirect-uri U2] --type confidential|public|asymmetric\n"
    "                      [--jwks-uri U | --jwks-file F] [--scope S]... [--logo-uri U] [--contact C]... [--json]\n"
    "       paw client list|show ID|remove ID|rotate-secret ID|disable ID|enable ID [--json]";

QJsonObject toJson(const auth::Client &c, const QString &secret = {})
{
    QJsonObject out{{QStringLiteral("client_id"), c.clientId},
                    {QStringLiteral("client_name"), c.name},
                    {QStringLiteral("type"), auth::Client::typeName(c.type)},
                    {QStringLiteral("redirect_uris"), QJsonArray::fromStringList(c.redirectUris)},
                    {QStringLiteral("scope"), c.allowedScopes.join(u' ')},
                    {QStringLiteral("status"), auth::Client::statusName(c.status)},
                    {QStringLiteral("created"), c.created.toString(Qt::ISODate)}};
    if (!c.jwksUri.isEmpty())
        out.insert(QStringLiteral("jwks_uri"), c.jwksUri);
    if (!c.jwks.isEmpty())
        out.insert(QStringLiteral("jwks"), QJsonDocument::fromJson(c.jwks.toUtf8()).object());
    if (!c.logoUri.isEmpty())
        out.insert(QStringLiteral("logo_uri"), c.logoUri);
    if (!c.contacts.isEmpty())
        out.insert(QStringLiteral("contacts"), QJsonArray::fromStringList(c.contacts));
    if (!secret.isEmpty())
        out.insert(QStringLiteral("client_secret"), secret);
    return out;
}

void print(const QCommandLineParser &parser, const CommonOptions &options, const auth::Client &client, const QString &secret = {})
{
    if (options.json(parser)) {
        printOut(QString::fromUtf8(QJsonDocument(toJson(client, secret)).toJson(QJsonDocument::Indented)));
        return;
    }
    QString text = QStringLiteral("Client Name:   %1\nClient ID:     %2\nType:          %3\nRedirect URIs: %4\nScopes:        %5\nStatus:        %6\n")
                       .arg(client.name, client.clientId, auth::Client::typeName(client.type), client.redirectUris.join(QStringLiteral(" ")),
                            client.allowedScopes.isEmpty() ? QStringLiteral("(any supported)") : client.allowedScopes.join(u' '),
                            auth::Client::statusName(client.status));
    if (!secret.isEmpty())
        text += QStringLiteral("Client Secret: %1\n               (shown once: PAW keeps only its hash)\n").arg(secret);
    printOut(text);
}

} // namespace

int runClient(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Registers and manages the apps (OAuth clients) that may use the sandbox."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("action"), QStringLiteral("add, list, show, remove, rotate-secret, disable or enable."));
    parser.addPositionalArgument(QStringLiteral("id"), QStringLiteral("The client id (all actions but add and list)."), QStringLiteral("[id]"));
    const QCommandLineOption name(QStringLiteral("name"), QStringLiteral("The app's name, shown on the consent page."), QStringLiteral("name"));
    const QCommandLineOption redirect(QStringLiteral("redirect-uri"), QStringLiteral("A redirect URI (repeat for more): https, or http to 127.0.0.1/[::1]."), QStringLiteral("uri"));
    const QCommandLineOption type(QStringLiteral("type"), QStringLiteral("confidential (a secret), public (PKCE only) or asymmetric (private_key_jwt)."), QStringLiteral("type"));
    const QCommandLineOption jwksUri(QStringLiteral("jwks-uri"), QStringLiteral("Asymmetric: the https URL of the app's public keys."), QStringLiteral("url"));
    const QCommandLineOption jwksFile(QStringLiteral("jwks-file"), QStringLiteral("Asymmetric: a file holding the app's JWKS."), QStringLiteral("file"));
    const QCommandLineOption scope(QStringLiteral("scope"), QStringLiteral("Scopes the app may ask for (repeat, or space-separated; default any supported)."), QStringLiteral("scope"));
    const QCommandLineOption logo(QStringLiteral("logo-uri"), QStringLiteral("The app's logo, shown on the consent page."), QStringLiteral("url"));
    const QCommandLineOption contact(QStringLiteral("contact"), QStringLiteral("A contact (repeat for more)."), QStringLiteral("email"));
    parser.addOptions({name, redirect, type, jwksUri, jwksFile, scope, logo, contact});
    CommonOptions options;
    options.addTo(parser, false);
    if (const auto exit = parseOrExit(parser, arguments))
        return *exit;

    const QStringList positional = parser.positionalArguments();
    const QString action = positional.value(0);
    const bool takesId = action == QLatin1String("show") || action == QLatin1String("remove") || action == QLatin1String("rotate-secret")
                         || action == QLatin1String("disable") || action == QLatin1String("enable");
    const bool takesNothing = action == QLatin1String("add") || action == QLatin1String("list");
    if ((takesId && positional.size() != 2) || (takesNothing && positional.size() != 1) || (!takesId && !takesNothing)) {
        printError(QString::fromLatin1(kUsage));
        return BadUsage;
    }

    auth::Client draft;
    if (action == QLatin1String("add")) {
        if (!parser.isSet(type) || !auth::Client::typeFromName(parser.value(type), draft.type)) {
            printError(QStringLiteral("--type must be confidential, public or asymmetric"));
            return BadUsage;
        }
        draft.name = parser.value(name);
        draft.redirectUris = parser.values(redirect);
        for (const QString &value : parser.values(scope))
            draft.allowedScopes += value.split(u' ', Qt::SkipEmptyParts);
        draft.jwksUri = parser.value(jwksUri);
        draft.logoUri = parser.value(logo);
        draft.contacts = parser.values(contact);
        if (parser.isSet(jwksFile)) {
            QFile file(parser.value(jwksFile));
            if (!file.open(QIODevice::ReadOnly)) {
                printError(QStringLiteral("cannot read %1: %2").arg(file.fileName(), file.errorString()));
                return Failure;
            }
            draft.jwks = QString::fromUtf8(file.readAll()).trimmed();
        }
        // Problems with the registration itself are bad usage, before any database is touched.
        if (const QString problems = auth::ClientStore::check(draft); !problems.isEmpty()) {
            printError(problems);
            return BadUsage;
        }
    }

    const auto database = openDatabase(options.databaseUrl(parser));
    if (!database)
        return Failure;
    auth::ClientStore store(database, platform::Clock::system());
    const QString id = positional.value(1);

    if (action == QLatin1String("add") || action == QLatin1String("rotate-secret")) {
        const auto registered = action == QLatin1String("add") ? store.add(draft) : store.rotateSecret(id);
        if (!registered) {
            printError(registered.error());
            return Failure;
        }
        print(parser, options, registered->client, registered->secret);
        return Success;
    }
    if (action == QLatin1String("list")) {
        const auto clients = store.list();
        if (!clients) {
            printError(clients.error());
            return Failure;
        }
        if (options.json(parser)) {
            QJsonArray out;
            for (const auth::Client &c : *clients)
                out.append(toJson(c));
            printOut(QString::fromUtf8(QJsonDocument(out).toJson(QJsonDocument::Indented)));
            return Success;
        }
        for (const auth::Client &c : *clients)
            printOut(QStringLiteral("%1  %2  %3  %4\n").arg(c.clientId, auth::Client::typeName(c.type), auth::Client::statusName(c.status), c.name));
        return Success;
    }
    if (action == QLatin1String("show")) {
        const auto found = store.find(id);
        if (!found || !*found) {
            printError(found ? QStringLiteral("no client has the id %1").arg(id) : found.error());
            return Failure;
        }
        print(parser, options, **found);
        return Success;
    }
    const QString error = action == QLatin1String("remove") ? store.remove(id)
                          : store.setStatus(id, action == QLatin1String("enable") ? auth::Client::Status::Active : auth::Client::Status::Disabled);
    if (!error.isEmpty()) {
        printError(error);
        return Failure;
    }
    return Success;
}

} // namespace paw::app
