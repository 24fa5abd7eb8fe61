#pragma once

#include "Expected.h"

#include <QByteArray>
#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>
#include <memory>

namespace paw::fhir {

/// One FHIR NPM package (https://hl7.org/fhir/packages.html): its name, version and
/// dependencies, and an index of the conformance resources it holds (StructureDefinitions,
/// ValueSets, CodeSystems, ...). Resources are read lazily when the package ships an
/// `.index.json`, so loading a large package costs little until its definitions are needed.
///
/// Loaded from a folder holding `package/package.json` (an unpacked npm tarball or a cache entry
/// `name#version/`), a folder that is itself the `package/` folder, or a `.tgz` archive. Example
/// instances (`example/`) and other sub-folders are not definitions and are not indexed.
///
/// Not thread-safe: one thread uses a package (and the FhirPackageSet holding it) at a time.
class FhirPackage
{
public:
    struct Entry
    {
        QString resourceType;
        QString id;
        QString url;
        QString version;
        QString fileName; // inside the package folder
    };

    static Expected<std::shared_ptr<FhirPackage>, QString> fromFolder(const QString &path);
    static Expected<std::shared_ptr<FhirPackage>, QString> fromArchive(const QString &path);
    /// A package made in memory (tests, or definitions a caller built itself).
    static std::shared_ptr<FhirPackage> fromResources(const QString &name, const QString &version,
                                                      const QList<QJsonObject> &resources,
                                                      const QList<QPair<QString, QString>> &dependencies = {});

    const QString &name() const { return m_name; }
    const QString &version() const { return m_version; }
    QString label() const { return m_name + u'#' + m_version; }
    /// name → version of each package this one depends on, as package.json lists them.
    const QList<QPair<QString, QString>> &dependencies() const { return m_dependencies; }
    /// The folder the definitions were read from (empty for archives and in-memory packages).
    const QString &folder() const { return m_folder; }
    const QList<Entry> &entries() const { return m_entries; }

    /// The resource of entry `index`, parsed on first use; empty when its file cannot be read.
    const QJsonObject &resource(qsizetype index) const;

private:
    FhirPackage() = default;
    Expected<bool, QString> readManifest(const QByteArray &packageJson, const QString &where);
    void indexFromFileIndex(const QByteArray &indexJson);
    void addParsed(const QString &fileName, const QJsonObject &resource);
    static bool mayHoldDefinitions(const QString &fileName);

    QString m_name;
    QString m_version;
    QList<QPair<QString, QString>> m_dependencies;
    QString m_folder;
    QList<Entry> m_entries;
    QHash<QString, QByteArray> m_archiveFiles; // fileName → content, for archives
    mutable QHash<qsizetype, QJsonObject> m_parsed;
};

} // namespace paw::fhir
