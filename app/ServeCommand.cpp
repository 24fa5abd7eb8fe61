#include "CommonOptions.h"

#include "fhir/store/SqlResourceStore.h"
#include "platform/Clock.h"
#include "platform/UnixSignalWatcher.h"
#include "sandbox/SandboxServer.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QJsonObject>

namespace paw::app {

namespace {
QJsonObject cardJson(const sandbox::EndpointCard &card)
{
    QJsonObject out{{QStringLiteral("apiEndpoint"), card.apiEndpoint},
                    {QStringLiteral("oauthIssuer"), card.oauthIssuer},
                    {QStringLiteral("oidcAud"), card.oidcAudience},
                    {QStringLiteral("capabilityStatement"), card.capabilityStatement},
                    {QStringLiteral("smartConfiguration"), card.smartConfiguration},
                    {QStringLiteral("openidConfiguration"), card.openIdConfiguration},
                    {QStringLiteral("database"), card.databaseUrl},
                    {QStringLiteral("authorization"), card.open ? QStringLiteral("none") : QStringLiteral("required")}};
    if (!card.tlsCertificateFile.isEmpty()) {
        out.insert(QStringLiteral("tlsCertificate"), card.tlsCertificateFile);
        out.insert(QStringLiteral("tlsFingerprint"), card.tlsFingerprint);
    }
    return out;
}
} // namespace

int runServe(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Runs the PAW sandbox (FHIR server) without a window."));
    parser.addHelpOption();
    QCommandLineOption noSeed(QStringLiteral("no-seed"), QStringLiteral("Leave an empty store empty (by default an empty store "
                                                                        "gets the default sandbox: 25 synthetic members, seed 1)."));
    parser.addOption(noSeed);
    CommonOptions options;
    options.addTo(parser, true);
    options.addTlsTo(parser);
    if (const auto exit = parseOrExit(parser, arguments))
        return *exit;
    if (!parser.positionalArguments().isEmpty()) {
        printError(QStringLiteral("serve takes no arguments: ") + parser.positionalArguments().join(u' '));
        return BadUsage;
    }
    auto config = options.sandboxConfig(parser);
    if (!config) {
        printError(config.error());
        return BadUsage;
    }
    // Before any seeding: a certificate that cannot serve should not wait for it.
    if (const QString error = config->loadTls(platform::Clock::system().now()); !error.isEmpty()) {
        printError(error);
        return Failure;
    }
    if (config->tlsCertificateCreated)
        printError(QStringLiteral("made the sandbox's TLS certificate %1 (valid for a year; README, \"HTTPS\", says how to "
                                  "trust it)").arg(config->tlsCertificateFile));

    // One watcher for the whole run: a signal while seeding cancels the seed, one while the
    // server starts is read once the event loop runs, and then stops the server.
    platform::UnixSignalWatcher signals;
    std::atomic_bool cancel{false};
    int stoppedBy = 0;
    QObject::connect(&signals, &platform::UnixSignalWatcher::terminationRequested, qApp, [&cancel, &stoppedBy](int number) {
        cancel = true;
        stoppedBy = number;
        QCoreApplication::quit();
    });

    if (!parser.isSet(noSeed)) {
        // A sandbox is for trying things: an empty one gets members, delegates and records,
        // before any client can see it half-filled.
        const auto database = openDatabase(options.databaseUrl(parser));
        if (!database)
            return Failure;
        fhir::SqlResourceStore store(database, fhir::SearchParameterRegistry::builtIn(), platform::Clock::system(), QString());
        if (store.countByType().isEmpty()) {
            const sandbox::SeedOptions seed;
            printError(QStringLiteral("the store is empty: seeding the default sandbox (%1 synthetic members, seed %2; "
                                      "`paw persona list` shows the logins)").arg(seed.members).arg(seed.seed));
            const auto seeded = seedCancellably(database, seed, cancel);
            std::fputs("\n", stderr);
            if (!seeded) {
                printError(seeded.error());
                return Failure;
            }
            if (seeded->cancelled) {
                printError(QStringLiteral("stopped while seeding"));
                return Success;
            }
        }
    }

    if (cancel) {
        printError(QStringLiteral("stopped (signal %1) before serving").arg(stoppedBy));
        return Success;
    }

    sandbox::SandboxServer server;
    const QString error = server.start(*config);
    if (!error.isEmpty()) {
        printError(error);
        return Failure;
    }
    sandbox::EndpointCard card = server.endpointCard();
    card.tlsCertificateFile = config->tlsCertificateFile;
    card.tlsFingerprint = config->tlsFingerprint;
    if (options.json(parser))
        printOut(QString::fromUtf8(QJsonDocument(cardJson(card)).toJson(QJsonDocument::Compact)) + QLatin1Char('\n'));
    else
        printOut(QStringLiteral("PAW sandbox is running.\n") + card.toText()
                 + (card.open ? QStringLiteral("WARNING: --open: no authorization; anyone who can connect reads every record.\n")
                              : QString())
                 + QStringLiteral("Stop with Ctrl+C.\n"));

    if (!cancel)
        QCoreApplication::exec();
    server.stop();
    printError(QStringLiteral("stopped (signal %1)").arg(stoppedBy));
    return Success;
}

} // namespace paw::app
