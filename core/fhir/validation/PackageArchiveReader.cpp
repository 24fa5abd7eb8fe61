#include "fhir/validation/PackageArchiveReader.h"

#include <QFile>

#include <archive.h>
#include <archive_entry.h>
#include <memory>

using namespace Qt::StringLiterals;

namespace paw::fhir {

Expected<QList<PackageArchiveReader::File>, QString> PackageArchiveReader::read(
    const QString &archivePath, const std::function<bool(const QString &)> &wanted, qint64 maxFileBytes)
{
    const std::unique_ptr<archive, decltype(&archive_read_free)> reader(archive_read_new(), &archive_read_free);
    if (!reader)
        return u"cannot allocate an archive reader"_s;
    // npm packages are gzip-compressed tar; accepting every filter and format costs nothing and
    // lets libarchive (not us) decide what the bytes are.
    archive_read_support_filter_all(reader.get());
    archive_read_support_format_all(reader.get());
    const QByteArray fileName = QFile::encodeName(archivePath);
    if (archive_read_open_filename(reader.get(), fileName.constData(), 64 * 1024) != ARCHIVE_OK)
        return QString(u"%1: %2"_s.arg(archivePath, QString::fromLocal8Bit(archive_error_string(reader.get()))));

    QList<File> files;
    archive_entry *entry = nullptr;
    for (;;) {
        const int status = archive_read_next_header(reader.get(), &entry);
        if (status == ARCHIVE_EOF)
            break;
        if (status < ARCHIVE_WARN)
            return QString(u"%1: %2"_s.arg(archivePath, QString::fromLocal8Bit(archive_error_string(reader.get()))));
        if (archive_entry_filetype(entry) != AE_IFREG)
            continue;
        const char *utf8 = archive_entry_pathname_utf8(entry);
        const QString path = utf8 ? QString::fromUtf8(utf8) : QString::fromLocal8Bit(archive_entry_pathname(entry));
        if (!wanted(path))
            continue;
        const la_int64_t size = archive_entry_size(entry);
        if (size > maxFileBytes)
            return QString(u"%1: %2 is larger than %3 bytes"_s.arg(archivePath, path).arg(maxFileBytes));
        QByteArray content;
        content.reserve(qsizetype(qMax<la_int64_t>(size, 0)));
        char buffer[64 * 1024];
        for (;;) {
            const la_ssize_t n = archive_read_data(reader.get(), buffer, sizeof buffer);
            if (n == 0)
                break;
            if (n < 0)
                return QString(u"%1: %2: %3"_s.arg(archivePath, path,
                                                   QString::fromLocal8Bit(archive_error_string(reader.get()))));
            content.append(buffer, qsizetype(n));
            if (content.size() > maxFileBytes)
                return QString(u"%1: %2 is larger than %3 bytes"_s.arg(archivePath, path).arg(maxFileBytes));
        }
        files.append(File{path, std::move(content)});
    }
    return files;
}

} // namespace paw::fhir
