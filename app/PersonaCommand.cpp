#include "CommonOptions.h"
#include "DelegationJson.h"

#include "auth/PasswordHasher.h"
#include "auth/PersonaStore.h"
#include "platform/Clock.h"
#include "sandbox/data/PersonaPlan.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

namespace paw::app {

/// Replaces a persona's login with a password of its own, read from standard input so that it
/// never shows in the process list or the shell's history; only its Argon2id hash is stored.
int setPassword(auth::PersonaStore &store, const QString &username)
{
    const auto persona = store.find(username);
    if (!persona) {
        printError(persona.error());
        return Failure;
    }
    if (!persona->has_value()) {
        printError(QStringLiteral("no persona named %1: `paw persona list` shows them").arg(username));
        return Failure;
    }
    QTextStream in(stdin);
    const QString password = in.readLine();
    if (password.size() < 8) {
        printError(QStringLiteral("the password (read from standard input) must have at least 8 characters"));
        return BadUsage;
    }
    const QString hash = auth::PasswordHasher::hash(password);
    if (hash.isEmpty()) {
        printError(QStringLiteral("the password could not be hashed (out of memory?)"));
        return Failure;
    }
    if (const QString error = store.setCredential(username, hash); !error.isEmpty()) {
        printError(error);
        return Failure;
    }
    printOut(QStringLiteral("%1 now signs in with the new password (stored as an Argon2id hash)\n").arg(username));
    return Success;
}

int runPersona(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Lists the sandbox's logins: members and delegates, their sandbox passwords, "
                                                    "and the patients each may act for; or gives one a password of its own "
                                                    "(set-password USERNAME, the password on standard input)."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("action"), QStringLiteral("list, or set-password."), QStringLiteral("list|set-password"));
    parser.addPositionalArgument(QStringLiteral("username"), QStringLiteral("set-password: whose."), QStringLiteral("[username]"));
    CommonOptions options;
    options.addTo(parser, false);
    if (const auto exit = parseOrExit(parser, arguments))
        return *exit;
    const QStringList positional = parser.positionalArguments();
    const bool list = positional == QStringList{QStringLiteral("list")};
    const bool setPasswordAction = positional.size() == 2 && positional.first() == u"set-password";
    if (!list && !setPasswordAction) {
        printError(QStringLiteral("usage: paw persona list [--json] | paw persona set-password USERNAME < password"));
        return BadUsage;
    }
    const auto database = openDatabase(options.databaseUrl(parser));
    if (!database)
        return Failure;
    auth::PersonaStore store(database);
    if (setPasswordAction)
        return setPassword(store, positional.at(1));
    const auto personas = store.personas();
    const auto delegations = store.delegations();
    if (!personas || !delegations) {
        printError(personas ? delegations.error() : personas.error());
        return Failure;
    }
    const QDate today = QDateTime::fromMSecsSinceEpoch(platform::Clock::system().nowMs(), Qt::UTC).date();
    QJsonArray out;
    for (const auth::Persona &persona : *personas) {
        QJsonArray patients;
        if (persona.kind == auth::Persona::Kind::Member)
            patients.append(QJsonObject{{QStringLiteral("patient"), persona.patientId}, {QStringLiteral("relationship"), QStringLiteral("self")},
                                        {QStringLiteral("status"), QStringLiteral("active")}, {QStringLiteral("activeToday"), true}});
        for (const auth::Delegation &d : *delegations) {
            if (d.delegate != persona.username)
                continue;
            patients.append(delegationJson(d, today));
        }
        const bool sandboxLogin = persona.credential == QLatin1String("sandbox");
        out.append(QJsonObject{{QStringLiteral("username"), persona.username},
                               {QStringLiteral("name"), persona.displayName},
                               {QStringLiteral("role"), auth::Persona::kindName(persona.kind)},
                               // Only the public sandbox scheme can be shown; a real password never can.
                               {QStringLiteral("password"), sandboxLogin ? QJsonValue(sandbox::PersonaPlan::sandboxPassword(persona.username))
                                                                         : QJsonValue(QJsonValue::Null)},
                               {QStringLiteral("patients"), patients}});
    }
    if (options.json(parser)) {
        printOut(QString::fromUtf8(QJsonDocument(out).toJson(QJsonDocument::Indented)));
        return Success;
    }
    for (const QJsonValue &value : std::as_const(out)) {
        const QJsonObject p = value.toObject();
        QStringList acts;
        for (const QJsonValue &patient : p.value(QStringLiteral("patients")).toArray()) {
            const QJsonObject a = patient.toObject();
            acts << QStringLiteral("%1 (%2%3)").arg(a.value(QStringLiteral("patient")).toString(), a.value(QStringLiteral("relationship")).toString(),
                                                    a.value(QStringLiteral("activeToday")).toBool() ? QString() : QStringLiteral(", not now"));
        }
        printOut(QStringLiteral("%1\t%2\t%3\t%4\n").arg(p.value(QStringLiteral("username")).toString(), p.value(QStringLiteral("role")).toString(),
                                                       p.value(QStringLiteral("password")).toString(), acts.join(QStringLiteral(", "))));
    }
    return Success;
}

} // namespace paw::app
