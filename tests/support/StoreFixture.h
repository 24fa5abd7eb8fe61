#pragma once

// A SqlResourceStore on a fresh SQLite file in a temporary folder, with a MockClock, plus the
// small helpers the store, importer and exporter tests share.

#include "fhir/search/SearchParameterRegistry.h"
#include "fhir/search/SearchQueryParser.h"
#include "fhir/store/SqlResourceStore.h"
#include "platform/Clock.h"
#include "storage/Database.h"
#include "storage/DatabaseConfig.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <memory>

// JSON written inline in a test, as a string literal. Raw string literals would do, but moc
// (Qt 6.4) lexes them as ordinary strings and loses the test class when one holds "//".
#define PAW_JSON(...) #__VA_ARGS__

namespace paw::test {

inline const QString kStoreBase = QStringLiteral("http://paw.test/fhir");

/// A JSON object written in a test; a typo in it is a bug of the test, so it stops the run.
inline QJsonObject jsonObject(const char *text)
{
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(QByteArray(text), &error);
    if (error.error != QJsonParseError::NoError || !document.isObject())
        qFatal("test JSON is not an object (%s): %s", qUtf8Printable(error.errorString()), text);
    return document.object();
}

inline QJsonObject jsonObject(const QByteArray &text)
{
    return jsonObject(text.constData());
}

/// "a=1&b=2" as the decoded name/value pairs the HTTP layer hands over (test values need no decoding).
inline QList<QPair<QString, QString>> queryPairs(const QString &query)
{
    QList<QPair<QString, QString>> out;
    const QStringList items = query.split(u'&', Qt::SkipEmptyParts);
    for (const QString &item : items) {
        const qsizetype eq = item.indexOf(u'=');
        out.append({item.left(eq), eq < 0 ? QString() : item.mid(eq + 1)});
    }
    return out;
}

/// "Type/id" of each resource, in order.
inline QStringList references(const QList<fhir::StoredResource> &resources)
{
    QStringList out;
    for (const fhir::StoredResource &r : resources)
        out << r.type + u'/' + r.id;
    return out;
}

struct StoreFixture
{
    explicit StoreFixture(const fhir::SearchParameterRegistry &registry = fhir::SearchParameterRegistry::builtIn())
        : registry(registry)
    {
        if (!dir.isValid()) {
            error = QStringLiteral("no temporary folder");
            return;
        }
        const auto config = storage::DatabaseConfig::fromUrl(QStringLiteral("sqlite:") + dir.filePath(QStringLiteral("store.db")));
        if (!config) {
            error = config.error();
            return;
        }
        auto opened = storage::Database::open(*config);
        if (!opened) {
            error = opened.error();
            return;
        }
        database = *opened;
        store = std::make_unique<fhir::SqlResourceStore>(database, registry, clock, kStoreBase);
    }

    bool ok() const { return error.isEmpty(); }

    Expected<fhir::WriteSummary, QString> write(const QList<QJsonObject> &resources)
    {
        return store->write(resources);
    }

    /// Parses `query` as the REST layer would and runs it.
    Expected<fhir::SearchPage, fhir::FhirError> search(const QString &type, const QString &query) const
    {
        auto parsed = fhir::SearchQueryParser(registry).parse(type, queryPairs(query));
        if (!parsed)
            return parsed.error();
        return store->search(*parsed);
    }

    const fhir::SearchParameterRegistry &registry;
    QTemporaryDir dir;
    platform::MockClock clock;
    std::shared_ptr<storage::Database> database;
    std::unique_ptr<fhir::SqlResourceStore> store; // declared after database: destroyed first
    QString error;
};

} // namespace paw::test
