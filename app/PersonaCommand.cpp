#include "CommonOptions.h"
#include "DelegationJson.h"

#include "auth/PersonaStore.h"
#include "platform/Clock.h"
#include "sandbox/data/PersonaPlan.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace paw::app {

int runPersona(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Lists the sandbox's logins: members and delegates, their sandbox passwords, "
                                                    "and the patients each may act for."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("list"), QStringLiteral("The only action for now."), QStringLiteral("list"));
    CommonOptions options;
    options.addTo(parser, false);
    if (const auto exit = parseOrExit(parser, arguments))
        return *exit;
    if (parser.positionalArguments() != QStringList{QStringLiteral("list")}) {
        printError(QStringLiteral("usage: paw persona list [--json]"));
        return BadUsage;
    }
    const auto database = openDatabase(options.databaseUrl(parser));
    if (!database)
        return Failure;
    const auth::PersonaStore store(database);
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
