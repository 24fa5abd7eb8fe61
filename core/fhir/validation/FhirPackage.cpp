#include "fhir/validation/FhirPackage.h"

#include "fhir/validation/PackageArchiveReader.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

using namespace Qt::StringLiterals;

namespace paw::fhir {

namespace {

Expected<QByteArray, QString> readFile(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QString(u"%1: %2"_s.arg(path, file.errorString()));
    return file.readAll();
}

QJsonObject parseObject(QByteArray bytes)
{
    // Some publisher outputs start with a UTF-8 byte order mark, which QJsonDocument rejects.
    if (bytes.startsWith("\xEF\xBB\xBF"))
        bytes.remove(0, 3);
    return QJsonDocument::fromJson(bytes).object();
}

} // namespace

bool FhirPackage::mayHoldDefinitions(const QString &fileName)
{
    if (!fileName.endsWith(u".json"_s) || fileName == u"package.json"_s || fileName.startsWith(u'.'))
        return false;
    // Files are named Type-id.json; these types never hold what validation looks up, and
    // skipping them halves the work of indexing a package without an .index.json.
    static const QStringList skipped{u"SearchParameter-"_s, u"CapabilityStatement-"_s, u"ImplementationGuide-"_s,
                                     u"OperationDefinition-"_s, u"CompartmentDefinition-"_s, u"ConceptMap-"_s,
                                     u"NamingSystem-"_s};
    for (const QString &prefix : skipped)
        if (fileName.startsWith(prefix))
            return false;
    return true;
}

Expected<bool, QString> FhirPackage::readManifest(const QByteArray &packageJson, const QString &where)
{
    const QJsonObject manifest = parseObject(packageJson);
    m_name = manifest.value(u"name"_s).toString();
    m_version = manifest.value(u"version"_s).toString();
    if (m_name.isEmpty() || m_version.isEmpty())
        return QString(u"%1: package.json names no package name and version"_s.arg(where));
    const QJsonObject dependencies = manifest.value(u"dependencies"_s).toObject();
    for (auto it = dependencies.begin(); it != dependencies.end(); ++it)
        m_dependencies.append({it.key(), it.value().toString()});
    return true;
}

void FhirPackage::indexFromFileIndex(const QByteArray &indexJson)
{
    const QJsonArray files = parseObject(indexJson).value(u"files"_s).toArray();
    for (const QJsonValue &value : files) {
        const QJsonObject file = value.toObject();
        const QString fileName = file.value(u"filename"_s).toString();
        if (!mayHoldDefinitions(fileName))
            continue;
        m_entries.append(Entry{file.value(u"resourceType"_s).toString(), file.value(u"id"_s).toString(),
                               file.value(u"url"_s).toString(), file.value(u"version"_s).toString(), fileName});
    }
}

void FhirPackage::addParsed(const QString &fileName, const QJsonObject &resource)
{
    const QString type = resource.value(u"resourceType"_s).toString();
    if (type.isEmpty())
        return;
    m_parsed.insert(m_entries.size(), resource);
    m_entries.append(Entry{type, resource.value(u"id"_s).toString(), resource.value(u"url"_s).toString(),
                           resource.value(u"version"_s).toString(), fileName});
}

Expected<std::shared_ptr<FhirPackage>, QString> FhirPackage::fromFolder(const QString &path)
{
    QDir dir(path);
    if (!dir.exists())
        return QString(u"%1: no such folder"_s.arg(path));
    if (!dir.exists(u"package.json"_s) && dir.exists(u"package/package.json"_s))
        dir.cd(u"package"_s);
    if (!dir.exists(u"package.json"_s))
        return QString(u"%1: not a FHIR package (no package.json, nor package/package.json)"_s.arg(path));

    std::shared_ptr<FhirPackage> package(new FhirPackage);
    package->m_folder = dir.absolutePath();
    const auto manifest = readFile(dir.filePath(u"package.json"_s));
    if (!manifest)
        return manifest.error();
    if (const auto ok = package->readManifest(*manifest, path); !ok)
        return ok.error();

    if (dir.exists(u".index.json"_s)) {
        const auto index = readFile(dir.filePath(u".index.json"_s));
        if (!index)
            return index.error();
        package->indexFromFileIndex(*index);
        return package;
    }
    // No index: read every candidate file once now (and keep it, it was parsed anyway).
    const QStringList files = dir.entryList({u"*.json"_s}, QDir::Files, QDir::Name);
    for (const QString &fileName : files) {
        if (!mayHoldDefinitions(fileName))
            continue;
        const auto bytes = readFile(dir.filePath(fileName));
        if (bytes)
            package->addParsed(fileName, parseObject(*bytes));
    }
    return package;
}

Expected<std::shared_ptr<FhirPackage>, QString> FhirPackage::fromArchive(const QString &path)
{
    // Only the package's own top-level files are definitions (package/example/ holds instances).
    const auto files = PackageArchiveReader::read(path, [](const QString &name) {
        return name.startsWith(u"package/"_s) && name.indexOf(u'/', 8) < 0 && name.endsWith(u".json"_s);
    });
    if (!files)
        return files.error();
    std::shared_ptr<FhirPackage> package(new FhirPackage);
    QByteArray manifest;
    QByteArray index;
    for (const PackageArchiveReader::File &file : *files) {
        const QString fileName = file.path.mid(8);
        if (fileName == u"package.json"_s)
            manifest = file.content;
        else if (fileName == u".index.json"_s)
            index = file.content;
        else if (mayHoldDefinitions(fileName))
            package->m_archiveFiles.insert(fileName, file.content);
    }
    if (manifest.isEmpty())
        return QString(u"%1: not a FHIR package (no package/package.json)"_s.arg(path));
    if (const auto ok = package->readManifest(manifest, path); !ok)
        return ok.error();
    if (!index.isEmpty()) {
        package->indexFromFileIndex(index);
    } else {
        QStringList names = package->m_archiveFiles.keys();
        names.sort();
        for (const QString &fileName : names)
            package->addParsed(fileName, parseObject(package->m_archiveFiles.take(fileName)));
    }
    return package;
}

std::shared_ptr<FhirPackage> FhirPackage::fromResources(const QString &name, const QString &version,
                                                        const QList<QJsonObject> &resources,
                                                        const QList<QPair<QString, QString>> &dependencies)
{
    std::shared_ptr<FhirPackage> package(new FhirPackage);
    package->m_name = name;
    package->m_version = version;
    package->m_dependencies = dependencies;
    for (const QJsonObject &resource : resources)
        package->addParsed(QString(), resource);
    return package;
}

const QJsonObject &FhirPackage::resource(qsizetype index) const
{
    auto it = m_parsed.find(index);
    if (it != m_parsed.end())
        return *it;
    QJsonObject parsed;
    if (index >= 0 && index < m_entries.size()) {
        const QString &fileName = m_entries.at(index).fileName;
        if (!m_folder.isEmpty()) {
            if (const auto bytes = readFile(QDir(m_folder).filePath(fileName)))
                parsed = parseObject(*bytes);
        } else {
            parsed = parseObject(m_archiveFiles.value(fileName));
        }
    }
    return *m_parsed.insert(index, parsed);
}

} // namespace paw::fhir
