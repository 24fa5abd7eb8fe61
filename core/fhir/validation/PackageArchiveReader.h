#pragma once

#include "Expected.h"

#include <QByteArray>
#include <QList>
#include <QString>
#include <functional>

namespace paw::fhir {

/// Reads the files of a FHIR package archive (`.tgz`, an npm tarball) through libarchive, so that
/// no tar or gzip code of our own ever parses a downloaded file.
class PackageArchiveReader
{
public:
    struct File
    {
        QString path; // as stored in the archive, e.g. "package/StructureDefinition-x.json"
        QByteArray content;
    };

    /// Every regular file of the archive at `archivePath` for which `wanted(path)` holds, or why
    /// the archive could not be read. A file larger than `maxFileBytes` is an error (a package
    /// holds JSON definitions, not media).
    static Expected<QList<File>, QString> read(const QString &archivePath,
                                               const std::function<bool(const QString &)> &wanted,
                                               qint64 maxFileBytes = qint64(64) << 20);
};

} // namespace paw::fhir
