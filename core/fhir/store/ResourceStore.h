#pragma once

#include "Expected.h"
#include "fhir/FhirError.h"
#include "fhir/search/AccessRule.h"
#include "fhir/search/SearchQuery.h"
#include "fhir/store/PreparedResource.h"
#include "fhir/store/StoredResource.h"

#include <QHash>
#include <QJsonObject>
#include <functional>
#include <vector>

namespace paw::fhir {

class ResourcePreparer;

/// Where FHIR resources live: current versions, their history, and the search index.
/// One instance per thread (implementations may keep per-thread prepared statements).
class ResourceStore
{
public:
    virtual ~ResourceStore() = default;

    virtual Expected<StoredResource, FhirError> read(const QString &type, const QString &id) const = 0;
    virtual Expected<StoredResource, FhirError> vread(const QString &type, const QString &id,
                                                      qint64 version) const = 0;
    /// Every version, newest first.
    virtual Expected<QList<StoredResource>, FhirError> history(const QString &type, const QString &id) const = 0;
    virtual Expected<SearchPage, FhirError> search(const SearchQuery &query) const = 0;
    /// Whether `rule` lets `resource` (a version this store returned) through, judged on the
    /// resource's own JSON as a search would judge its index rows.
    virtual bool allows(const AccessRule &rule, const StoredResource &resource) const = 0;

    /// Writes all `documents`, each one resource's JSON text, in one transaction: all or nothing.
    /// Each must have a supported resourceType and a valid id; one without an id gets one derived
    /// from its content. A resource whose text equals its current version's (ignoring meta's
    /// versionId and lastUpdated; members in the same order) gets no new version. The error names
    /// the failing resource by its position. `progress`, when set, is called now and then with
    /// (written, total).
    using Progress = std::function<void(qsizetype done, qsizetype total)>;
    virtual Expected<WriteSummary, QString> writeJson(const QList<QByteArray> &documents, const Progress &progress = {}) = 0;
    /// The same for resources held as objects, stored as their compact JSON text would be.
    virtual Expected<WriteSummary, QString> write(const QList<QJsonObject> &resources, const Progress &progress = {});

    /// The CPU part of a write (checks, serialization, hash, index rows) as an object that any
    /// thread may use: a producer of many resources prepares them on its own threads while the
    /// store writes earlier ones, then hands them to writePrepared(). Lives as long as the store.
    virtual const ResourcePreparer &preparer() const = 0;
    /// Writes resources preparer() made, in one transaction, as writeJson() does.
    virtual Expected<WriteSummary, QString> writePrepared(std::vector<PreparedResource> prepared, const Progress &progress = {}) = 0;

    /// Current resources per type.
    virtual QHash<QString, qint64> countByType() const = 0;
    /// Calls `sink` with every current resource of `type` in creation order; stops when it returns false.
    virtual QString forEach(const QString &type, const std::function<bool(const StoredResource &)> &sink) const = 0;
};

} // namespace paw::fhir
