#include "CommonOptions.h"

#include "fhir/io/ResourceImporter.h"
#include "fhir/store/SqlResourceStore.h"
#include "platform/Clock.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace paw::app {

int runImport(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Loads FHIR Bundles, resources and NDJSON files into the sandbox store. "
                                                    "Each file is one transaction."));
    parser.addHelpOption();
    parser.addPositionalArgument(QStringLiteral("files"), QStringLiteral("FHIR JSON or NDJSON files."), QStringLiteral("FILE..."));
    CommonOptions options;
    options.addTo(parser, false);
    if (const auto exit = parseOrExit(parser, arguments))
        return *exit;
    const QStringList files = parser.positionalArguments();
    if (files.isEmpty()) {
        printError(QStringLiteral("import needs at least one FILE"));
        return BadUsage;
    }
    const auto database = openDatabase(options.databaseUrl(parser));
    if (!database)
        return Failure;
    fhir::SqlResourceStore store(database, fhir::SearchParameterRegistry::builtIn(), platform::Clock::system(), QString());
    fhir::ResourceImporter importer(store);

    int failed = 0;
    QJsonArray report;
    for (const QString &file : files) {
        QElapsedTimer timer;
        timer.start();
        const auto result = importer.importFile(file, [&file](qsizetype done, qsizetype total) {
            if (total >= 5000)
                std::fprintf(stderr, "\r%s: %lld/%lld", file.toLocal8Bit().constData(), qint64(done), qint64(total));
        });
        if (!result) {
            ++failed;
            printError(QStringLiteral("%1; nothing from this file was imported").arg(result.error().toString()));
            report.append(QJsonObject{{QStringLiteral("file"), file}, {QStringLiteral("error"), result.error().toString()}});
            continue;
        }
        const auto &s = result->summary;
        report.append(QJsonObject{{QStringLiteral("file"), file}, {QStringLiteral("resources"), result->resources},
                                  {QStringLiteral("created"), s.created}, {QStringLiteral("updated"), s.updated},
                                  {QStringLiteral("unchanged"), s.unchanged}, {QStringLiteral("ms"), timer.elapsed()}});
        if (!options.json(parser))
            std::fprintf(stderr, "%s%s: %lld resources (%d new, %d updated, %d unchanged) in %lld ms\n",
                         result->resources >= 5000 ? "\r" : "", file.toLocal8Bit().constData(), qint64(result->resources),
                         s.created, s.updated, s.unchanged, timer.elapsed());
    }
    if (options.json(parser))
        printOut(QString::fromUtf8(QJsonDocument(report).toJson(QJsonDocument::Compact)) + QLatin1Char('\n'));
    return failed ? Failure : Success;
}

} // namespace paw::app
