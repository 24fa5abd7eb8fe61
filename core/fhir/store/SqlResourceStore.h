#pragma once

#include "fhir/search/ResourceMatcher.h"
#include "fhir/search/SearchIndexer.h"
#include "fhir/search/SearchParameterRegistry.h"
#include "fhir/store/ResourcePreparer.h"
#include "fhir/store/ResourceStore.h"
#include "platform/Clock.h"
#include "storage/Database.h"

#include <memory>

namespace paw::fhir {

/// The ResourceStore on a SQL database (SQLite or PostgreSQL through storage::SqlDialect).
/// Resources are kept as compact JSON; every version also goes to resource_history; the
/// search index rows are extracted on write, in the same transaction.
class SqlResourceStore final : public ResourceStore
{
public:
    SqlResourceStore(std::shared_ptr<storage::Database> database, const SearchParameterRegistry &registry,
                     const platform::Clock &clock, QString baseUrl);
    ~SqlResourceStore() override;

    Expected<StoredResource, FhirError> read(const QString &type, const QString &id) const override;
    Expected<StoredResource, FhirError> vread(const QString &type, const QString &id, qint64 version) const override;
    Expected<QList<StoredResource>, FhirError> history(const QString &type, const QString &id) const override;
    Expected<SearchPage, FhirError> search(const SearchQuery &query) const override;
    bool allows(const AccessRule &rule, const StoredResource &resource) const override;
    Expected<WriteSummary, QString> writeJson(const QList<QByteArray> &documents, const Progress &progress = {}) override;
    Expected<WriteSummary, QString> write(const QList<QJsonObject> &resources, const Progress &progress = {}) override;
    const ResourcePreparer &preparer() const override { return m_preparer; }
    Expected<WriteSummary, QString> writePrepared(std::vector<PreparedResource> prepared, const Progress &progress = {}) override;
    QHash<QString, qint64> countByType() const override;
    QString forEach(const QString &type, const std::function<bool(const StoredResource &)> &sink) const override;

    /// A FHIR id: 1 to 64 of A-Z a-z 0-9 - and . (FHIR R4 id datatype).
    static bool isValidId(const QString &id);

private:
    struct Statements;
    Statements &statements() const;
    Expected<QList<StoredResource>, FhirError> fetch(const QString &sql, const QVariantList &bindings) const;
    QString includeResources(const SearchQuery &query, SearchPage &page) const;

    std::shared_ptr<storage::Database> m_database;
    const SearchParameterRegistry &m_registry;
    SearchIndexer m_indexer;
    ResourcePreparer m_preparer; // after m_indexer: it reads it
    ResourceMatcher m_matcher;   // after m_indexer: it reads it
    const platform::Clock &m_clock;
    QString m_baseUrl;
    mutable std::unique_ptr<Statements> m_statements;
};

} // namespace paw::fhir
