#pragma once

#include "Expected.h"
#include "fhir/store/ResourceStore.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <atomic>
#include <vector>

namespace paw::fhir {

/// Why a file imported nothing: the file, where in it (line or entry), and what is wrong.
struct ImportError
{
    QString file;
    QString location; // "line 12", "entry 3", or empty for the whole file
    QString message;
    QString toString() const;
};

struct ImportResult
{
    QString file;
    qsizetype resources = 0;
    WriteSummary summary;
};

/// Loads FHIR JSON files into a store: a Bundle (transaction, batch, collection, searchset),
/// a single resource, or NDJSON (one resource per line). Each file is one transaction: a bad
/// file imports nothing and says where and why. `urn:uuid:` entries of a Bundle get that uuid as
/// their id and references to them are rewritten. A resource without an id gets one derived
/// from its content, so importing the same content again creates no new version.
class ResourceImporter
{
public:
    explicit ResourceImporter(ResourceStore &store);

    Expected<ImportResult, ImportError> importFile(const QString &path, const ResourceStore::Progress &progress = {});
    /// The resources a file holds, ready to write, each with where it stands in the file.
    struct ParsedFile
    {
        QList<QByteArray> documents; // each one resource's JSON text
        QStringList locations; // "line 3", "entry 2", "the file"
        // The documents made ready for the store by prepare() (which then drops the texts).
        std::vector<PreparedResource> prepared;
        qsizetype size() const { return prepared.empty() ? documents.size() : qsizetype(prepared.size()); }
    };
    static Expected<ParsedFile, ImportError> readFile(const QString &path);
    static Expected<ParsedFile, ImportError> parse(const QByteArray &content, const QString &name);
    /// Does the CPU part of writing a file read by readFile() on every core, so that it can run
    /// on another thread while the previous file is written.
    void prepare(ParsedFile &file) const;
    /// Writes a file read by readFile() (perhaps on another thread, while the previous file was written).
    Expected<ImportResult, ImportError> importParsed(const QString &path, Expected<ParsedFile, ImportError> parsed,
                                                     const ResourceStore::Progress &progress = {});

private:
    ResourceStore &m_store;
};

} // namespace paw::fhir
