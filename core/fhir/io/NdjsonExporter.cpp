#include "fhir/io/NdjsonExporter.h"

#include <QDir>
#include <QSaveFile>

namespace paw::fhir {

NdjsonExporter::NdjsonExporter(const ResourceStore &store, QStringList resourceTypes)
    : m_store(store)
    , m_types(std::move(resourceTypes))
{
}

Expected<QHash<QString, qint64>, QString> NdjsonExporter::exportTo(const QString &directory) const
{
    if (!QDir().mkpath(directory))
        return QStringLiteral("cannot create the folder %1").arg(directory);
    const QHash<QString, qint64> counts = m_store.countByType();
    QHash<QString, qint64> written;
    for (const QString &type : m_types) {
        if (counts.value(type) == 0)
            continue;
        const QString path = QDir(directory).filePath(type + QStringLiteral(".ndjson"));
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
        qint64 n = 0;
        bool ok = true;
        const QString error = m_store.forEach(type, [&](const StoredResource &resource) {
            ok = file.write(resource.json) == resource.json.size() && file.write("\n", 1) == 1;
            ++n;
            return ok;
        });
        if (!error.isEmpty() || !ok || !file.commit())
            return QStringLiteral("cannot write %1: %2").arg(path, error.isEmpty() ? file.errorString() : error);
        written.insert(type, n);
    }
    return written;
}

} // namespace paw::fhir
