#include "fhir/validation/FhirPackageSet.h"

#include <QDir>
#include <QFileInfo>
#include <QVersionNumber>

using namespace Qt::StringLiterals;

namespace paw::fhir {

QString FhirPackageSet::defaultCacheFolder()
{
    return QDir::home().filePath(u".fhir/packages"_s);
}

void FhirPackageSet::add(std::shared_ptr<FhirPackage> package)
{
    if (!package || find(package->name(), package->version()))
        return;
    const FhirPackage *p = package.get();
    m_packages.append(std::move(package));
    const QList<FhirPackage::Entry> &entries = p->entries();
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const FhirPackage::Entry &entry = entries.at(i);
        if (entry.url.isEmpty())
            continue;
        m_byUrl[entry.url].append(Ref{p, i});
        m_byUrlVersion[entry.url + u'|' + (entry.version.isEmpty() ? p->version() : entry.version)].append(Ref{p, i});
    }
}

Expected<const FhirPackage *, QString> FhirPackageSet::load(const QString &pathOrId)
{
    const QFileInfo info(pathOrId);
    Expected<std::shared_ptr<FhirPackage>, QString> package = QString();
    if (info.isDir()) {
        package = FhirPackage::fromFolder(pathOrId);
    } else if (info.isFile()) {
        package = FhirPackage::fromArchive(pathOrId);
    } else if (pathOrId.contains(u'#')) {
        const QString folder = QDir(m_cacheFolder).filePath(pathOrId);
        if (!QFileInfo(folder).isDir())
            return QString(u"package %1 is not in the cache %2"_s.arg(pathOrId, m_cacheFolder));
        package = FhirPackage::fromFolder(folder);
    } else {
        return QString(u"%1: no such folder or file, and not a name#version"_s.arg(pathOrId));
    }
    if (!package)
        return package.error();
    if (const FhirPackage *existing = find((*package)->name(), (*package)->version()))
        return existing;
    const FhirPackage *added = package->get();
    add(std::move(*package));
    return added;
}

QStringList FhirPackageSet::loadCache(const QString &cacheFolder)
{
    QStringList problems;
    const QDir dir(cacheFolder);
    const QStringList entries = dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    for (const QString &entry : entries) {
        if (!entry.contains(u'#'))
            continue;
        const auto loaded = load(dir.filePath(entry));
        if (!loaded)
            problems.append(loaded.error());
    }
    return problems;
}

const FhirPackage *FhirPackageSet::find(const QString &name, const QString &version) const
{
    const FhirPackage *best = nullptr;
    for (const auto &package : m_packages) {
        if (package->name() != name)
            continue;
        if (!version.isEmpty()) {
            if (package->version() == version)
                return package.get();
            continue;
        }
        if (!best || QVersionNumber::fromString(package->version()) > QVersionNumber::fromString(best->version()))
            best = package.get();
    }
    return best;
}

const FhirPackage *FhirPackageSet::packageContaining(const QString &filePath) const
{
    const QString absolute = QFileInfo(filePath).absoluteFilePath();
    for (const auto &package : m_packages) {
        if (!package->folder().isEmpty() && absolute.startsWith(package->folder() + u'/'))
            return package.get();
    }
    return nullptr;
}

QList<const FhirPackage *> FhirPackageSet::dependencyOrder(const FhirPackage *package) const
{
    QList<const FhirPackage *> order;
    if (!package)
        return order;
    QList<const FhirPackage *> queue{package};
    for (qsizetype i = 0; i < queue.size(); ++i) {
        for (const auto &[name, version] : queue.at(i)->dependencies()) {
            const FhirPackage *dependency = find(name, version);
            if (!dependency)
                dependency = find(name); // the exact version is not loaded: the nearest stand-in
            if (dependency && !queue.contains(dependency))
                queue.append(dependency);
        }
    }
    order = queue.mid(1);
    return order;
}

FhirPackageSet::Resolved FhirPackageSet::resolved(const Ref &ref) const
{
    return Resolved{ref.package->resource(ref.entry), ref.package};
}

FhirPackageSet::Resolved FhirPackageSet::resolve(const QString &canonical, const FhirPackage *context) const
{
    const qsizetype bar = canonical.indexOf(u'|');
    const QString url = bar < 0 ? canonical : canonical.left(bar);
    const QList<Ref> candidates = bar < 0 ? m_byUrl.value(url) : m_byUrlVersion.value(canonical);
    if (candidates.isEmpty())
        return {};
    if (candidates.size() == 1)
        return resolved(candidates.first());
    if (context) {
        QList<const FhirPackage *> order{context};
        order += dependencyOrder(context);
        for (const FhirPackage *package : order)
            for (const Ref &ref : candidates)
                if (ref.package == package)
                    return resolved(ref);
    }
    const Ref *best = &candidates.first();
    for (const Ref &ref : candidates)
        if (QVersionNumber::fromString(ref.package->version()) > QVersionNumber::fromString(best->package->version()))
            best = &ref;
    return resolved(*best);
}

FhirPackageSet::Resolved FhirPackageSet::baseDefinition(const QString &type) const
{
    return resolve(u"http://hl7.org/fhir/StructureDefinition/"_s + type);
}

} // namespace paw::fhir
