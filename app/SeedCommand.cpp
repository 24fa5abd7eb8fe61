#include "CommonOptions.h"

#include "auth/PersonaStore.h"
#include "fhir/store/SqlResourceStore.h"
#include "platform/Clock.h"
#include "platform/UnixSignalWatcher.h"
#include "sandbox/SandboxSeeder.h"
#include "storage/Database.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

#include <atomic>
#include <future>

namespace paw::app {

Expected<sandbox::SeedSummary, QString> seedCancellably(const std::shared_ptr<storage::Database> &database,
                                                       const sandbox::SeedOptions &seed, const std::atomic_bool &cancel)
{
    auto job = std::async(std::launch::async, [&] {
        fhir::SqlResourceStore store(database, fhir::SearchParameterRegistry::builtIn(), platform::Clock::system(), QString());
        auth::PersonaStore personas(database);
        auto result = sandbox::SandboxSeeder(store, personas).seed(seed, [](int done, int total) {
            std::fprintf(stderr, "\rseeding: %d/%d members", done, total);
        }, &cancel);
        // The last members' pages go from the write-ahead log into the database file now.
        if (const QString error = database->checkpoint(); !error.isEmpty())
            printError(QStringLiteral("the write-ahead log was not emptied: ") + error);
        storage::Database::releaseThreadConnections();
        return result;
    });
    QEventLoop loop;
    QTimer poll;
    QObject::connect(&poll, &QTimer::timeout, &loop, [&job, &loop] {
        if (job.wait_for(std::chrono::seconds(0)) == std::future_status::ready)
            loop.quit();
    });
    poll.start(50);
    loop.exec();
    return job.get();
}

int runSeed(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Fills the sandbox with synthetic members, their delegates, and their C4BB "
                                                    "and US Core records. The same seed always gives the same data."));
    parser.addHelpOption();
    QCommandLineOption members(QStringLiteral("members"), QStringLiteral("Number of members (default 25)."), QStringLiteral("n"), QStringLiteral("25"));
    QCommandLineOption seedOption(QStringLiteral("seed"), QStringLiteral("Seed of the synthetic data (default 1)."), QStringLiteral("s"), QStringLiteral("1"));
    QCommandLineOption asOf(QStringLiteral("as-of"), QStringLiteral("The records' \"today\", YYYY-MM-DD (default 2026-06-30)."), QStringLiteral("date"));
    parser.addOptions({members, seedOption, asOf});
    CommonOptions options;
    options.addTo(parser, false);
    if (const auto exit = parseOrExit(parser, arguments))
        return *exit;
    sandbox::SeedOptions seed;
    bool ok = false;
    seed.members = parser.value(members).toInt(&ok);
    if (!ok || seed.members < 1 || seed.members > 1000000) {
        printError(QStringLiteral("--members must be a number from 1 to 1000000"));
        return BadUsage;
    }
    seed.seed = parser.value(seedOption).toULongLong(&ok);
    if (!ok) {
        printError(QStringLiteral("--seed must be a whole number"));
        return BadUsage;
    }
    if (parser.isSet(asOf)) {
        seed.asOf = QDate::fromString(parser.value(asOf), Qt::ISODate);
        if (!seed.asOf.isValid()) {
            printError(QStringLiteral("--as-of must be a date like 2026-06-30"));
            return BadUsage;
        }
    }
    if (!parser.positionalArguments().isEmpty()) {
        printError(QStringLiteral("seed takes no file arguments"));
        return BadUsage;
    }
    const auto database = openDatabase(options.databaseUrl(parser));
    if (!database)
        return Failure;

    // Ctrl-C and SIGTERM stop the seed after the members being written (what is written stays:
    // whole households only).
    std::atomic_bool cancel{false};
    platform::UnixSignalWatcher signals;
    QObject::connect(&signals, &platform::UnixSignalWatcher::terminationRequested, [&cancel] {
        cancel = true;
        printError(QStringLiteral("stopping after the members being written..."));
    });
    QElapsedTimer timer;
    timer.start();
    const auto result = seedCancellably(database, seed, cancel);
    std::fputs("\n", stderr);
    if (!result) {
        printError(result.error());
        return Failure;
    }
    const QJsonObject report{{QStringLiteral("members"), result->members},
                             {QStringLiteral("resources"), double(result->resources)},
                             {QStringLiteral("personas"), result->personas},
                             {QStringLiteral("delegations"), result->delegations},
                             {QStringLiteral("cancelled"), result->cancelled},
                             {QStringLiteral("ms"), double(timer.elapsed())}};
    if (options.json(parser))
        printOut(QString::fromUtf8(QJsonDocument(report).toJson(QJsonDocument::Compact)) + QLatin1Char('\n'));
    else
        printOut(QStringLiteral("%1 members, %2 resources, %3 logins, %4 delegations in %5 s%6\n")
                     .arg(result->members).arg(result->resources).arg(result->personas).arg(result->delegations)
                     .arg(double(timer.elapsed()) / 1000.0, 0, 'f', 1)
                     .arg(result->cancelled ? QStringLiteral(" (cancelled)") : QString()));
    return result->cancelled ? Failure : Success;
}

} // namespace paw::app
