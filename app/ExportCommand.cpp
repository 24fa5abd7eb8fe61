#include "CommonOptions.h"

#include "fhir/io/NdjsonExporter.h"
#include "fhir/store/SqlResourceStore.h"
#include "platform/Clock.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace paw::app {

int runExport(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QStringLiteral("Writes every resource as NDJSON, one file per type."));
    parser.addHelpOption();
    QCommandLineOption out(QStringLiteral("out"), QStringLiteral("Folder to write the NDJSON files to."), QStringLiteral("dir"));
    parser.addOption(out);
    CommonOptions options;
    options.addTo(parser, false);
    if (const auto exit = parseOrExit(parser, arguments))
        return *exit;
    if (!parser.isSet(out) || !parser.positionalArguments().isEmpty()) {
        printError(QStringLiteral("usage: paw export --out DIR"));
        return BadUsage;
    }
    const auto database = openDatabase(options.databaseUrl(parser));
    if (!database)
        return Failure;
    const fhir::SqlResourceStore store(database, fhir::SearchParameterRegistry::builtIn(), platform::Clock::system(), QString());
    const auto written = fhir::NdjsonExporter(store, fhir::SearchParameterRegistry::builtIn().resourceTypes())
                             .exportTo(parser.value(out));
    if (!written) {
        printError(written.error());
        return Failure;
    }
    QJsonObject counts;
    for (auto it = written->cbegin(); it != written->cend(); ++it)
        counts.insert(it.key(), it.value());
    if (options.json(parser))
        printOut(QString::fromUtf8(QJsonDocument(counts).toJson(QJsonDocument::Compact)) + QLatin1Char('\n'));
    else
        for (auto it = written->cbegin(); it != written->cend(); ++it)
            printOut(QStringLiteral("%1.ndjson: %2\n").arg(it.key()).arg(it.value()));
    return Success;
}

} // namespace paw::app
