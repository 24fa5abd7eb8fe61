// In-process benchmarks of the search engine's hot paths: extracting a resource's index rows
// (done on every write) and turning a request's parameters into SQL (done on every search).
// Run: build/bench/BenchSearch --benchmark_min_time=1

#include "fhir/search/SearchIndexer.h"
#include "fhir/search/SearchQueryParser.h"
#include "fhir/store/SqlSearchBuilder.h"

#include <QFile>
#include <QJsonDocument>
#include <benchmark/benchmark.h>

using namespace paw::fhir;

namespace {

QJsonObject loadExample(const char *relative)
{
    QFile file(QStringLiteral(PAW_FHIR_PACKAGES "/") + QLatin1String(relative));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

void extractExplanationOfBenefit(benchmark::State &state)
{
    const QJsonObject eob = loadExample("carin-bb-2.0.0/example/ExplanationOfBenefit-EOBInpatient1.json");
    if (eob.isEmpty()) {
        state.SkipWithError("official examples not found");
        return;
    }
    const SearchIndexer indexer(SearchParameterRegistry::builtIn());
    for (auto _ : state)
        benchmark::DoNotOptimize(indexer.extract(eob));
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(extractExplanationOfBenefit);

void extractPatient(benchmark::State &state)
{
    const QJsonObject patient = loadExample("us-core-6.1.0/example/Patient-example.json");
    const SearchIndexer indexer(SearchParameterRegistry::builtIn());
    for (auto _ : state)
        benchmark::DoNotOptimize(indexer.extract(patient));
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(extractPatient);

void parseAndBuildEobSearch(benchmark::State &state)
{
    const SearchQueryParser parser(SearchParameterRegistry::builtIn());
    const QList<QPair<QString, QString>> parameters{
        {QStringLiteral("patient"), QStringLiteral("Patient/123")},
        {QStringLiteral("service-date"), QStringLiteral("ge2020-01-01")},
        {QStringLiteral("type"), QStringLiteral("http://terminology.hl7.org/CodeSystem/claim-type|pharmacy,professional")},
        {QStringLiteral("_sort"), QStringLiteral("-service-date")},
        {QStringLiteral("_include"), QStringLiteral("ExplanationOfBenefit:provider")},
    };
    const paw::storage::SqlDialect dialect(paw::storage::SqlDialect::Kind::SQLite);
    const SqlSearchBuilder builder(dialect, QStringLiteral("http://127.0.0.1:8640/fhir"), 1700000000000);
    for (auto _ : state) {
        auto query = parser.parse(QStringLiteral("ExplanationOfBenefit"), parameters);
        benchmark::DoNotOptimize(builder.where(*query, 1000000));
        benchmark::DoNotOptimize(builder.orderBy(*query));
    }
    state.SetItemsProcessed(state.iterations());
}
BENCHMARK(parseAndBuildEobSearch);

} // namespace

BENCHMARK_MAIN();
