#pragma once

#include "Expected.h"
#include "fhir/validation/FhirPackage.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>
#include <memory>

namespace paw::fhir {

/// The FHIR packages validation draws on, loaded once and reused: every conformance resource is
/// indexed by canonical URL and by `url|version`.
///
/// A canonical without a version that several packages define (US Core 3.1.1 and 6.1.0 both
/// define `.../us-core-patient`) resolves the way the referring definition would see it: first
/// in the package asking (the context), then in that package's dependencies (C4BB 2.0.0 → US
/// Core 3.1.1), and only then the highest version loaded.
class FhirPackageSet
{
public:
    struct Resolved
    {
        QJsonObject resource;
        const FhirPackage *package = nullptr;
        explicit operator bool() const { return package != nullptr; }
    };

    /// `~/.fhir/packages`, the cache the HL7 tools share (`name#version/package/...`).
    static QString defaultCacheFolder();

    /// Loads one package: a folder (package folder or its parent), a `.tgz`, or `name#version`
    /// found in the cache folder. Adding a package already loaded (same name#version) is a no-op.
    Expected<const FhirPackage *, QString> load(const QString &pathOrId);
    /// Loads every package of the cache folder; returns what could not be loaded (one line each).
    QStringList loadCache(const QString &cacheFolder = defaultCacheFolder());
    void add(std::shared_ptr<FhirPackage> package);
    void setCacheFolder(const QString &folder) { m_cacheFolder = folder; }

    const QList<std::shared_ptr<FhirPackage>> &packages() const { return m_packages; }
    const FhirPackage *find(const QString &name, const QString &version = QString()) const;
    /// The package whose folder holds `filePath` (an example shipped inside it), if any.
    const FhirPackage *packageContaining(const QString &filePath) const;

    /// The resource with canonical `canonical` (`url` or `url|version`), seen from `context`.
    Resolved resolve(const QString &canonical, const FhirPackage *context = nullptr) const;
    /// The StructureDefinition that defines FHIR type `type` (a resource or data type).
    Resolved baseDefinition(const QString &type) const;
    /// The packages `package` depends on, transitively, nearest first (as loaded).
    QList<const FhirPackage *> dependencyOrder(const FhirPackage *package) const;

private:
    struct Ref
    {
        const FhirPackage *package;
        qsizetype entry;
    };
    Resolved resolved(const Ref &ref) const;

    QList<std::shared_ptr<FhirPackage>> m_packages;
    QHash<QString, QList<Ref>> m_byUrl;
    QHash<QString, QList<Ref>> m_byUrlVersion;
    QString m_cacheFolder = defaultCacheFolder();
};

} // namespace paw::fhir
