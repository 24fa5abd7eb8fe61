#include "CommonOptions.h"

#include "fhir/io/ResourceImporter.h"
#include "platform/BackgroundThread.h"
#include "fhir/store/SqlResourceStore.h"
#include "platform/Clock.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <future>

#ifdef __GLIBC__
#include <malloc.h>
#endif

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
#ifdef __GLIBC__
    // An import allocates and frees hundreds of MB per file on several threads; glibc's default
    // trims each thread's heap after every burst and grows it again, and the page faults and
    // mprotect calls that follow cost ~10% of an import (perf). Keep freed memory for reuse.
    mallopt(M_TRIM_THRESHOLD, 512 * 1024 * 1024);
    mallopt(M_TOP_PAD, 64 * 1024 * 1024);
    mallopt(M_MMAP_THRESHOLD, 256 * 1024 * 1024);
#endif
    const auto database = openDatabase(options.databaseUrl(parser));
    if (!database)
        return Failure;
    fhir::SqlResourceStore store(database, fhir::SearchParameterRegistry::builtIn(), platform::Clock::system(), QString());
    fhir::ResourceImporter importer(store);

    int failed = 0;
    QJsonArray report;
    // The next file is read and prepared for the store (on every core) while this one is written.
    const auto readAhead = [&files, &importer](qsizetype index) {
        return std::async(std::launch::async, [path = files.at(index), &importer] {
            platform::BackgroundThread::markCurrent(); // the writer (this loop's thread) comes first
            auto parsed = fhir::ResourceImporter::readFile(path);
            if (parsed)
                importer.prepare(*parsed);
            return parsed;
        });
    };
    auto next = readAhead(0);
    for (qsizetype index = 0; index < files.size(); ++index) {
        const QString &file = files.at(index);
        QElapsedTimer timer;
        timer.start();
        auto parsed = next.get();
        if (index + 1 < files.size())
            next = readAhead(index + 1);
        const auto result = importer.importParsed(file, std::move(parsed), [&file](qsizetype done, qsizetype total) {
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
    // The last files' pages go from the write-ahead log into the database file now.
    if (const QString error = database->checkpoint(); !error.isEmpty())
        printError(QStringLiteral("the write-ahead log was not emptied: ") + error);
    if (options.json(parser))
        printOut(QString::fromUtf8(QJsonDocument(report).toJson(QJsonDocument::Compact)) + QLatin1Char('\n'));
    return failed ? Failure : Success;
}

} // namespace paw::app
