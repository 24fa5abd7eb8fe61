#pragma once

#include "Expected.h"
#include "fhir/store/ResourceStore.h"

#include <QHash>
#include <QString>
#include <QStringList>

namespace paw::fhir {

/// Writes every current resource as NDJSON, one file per type (`Patient.ndjson`, ...): the bulk
/// data format, and a member's "download a copy". Files are written beside their final name and
/// renamed when complete, so a failed export never leaves a half file under the real name.
class NdjsonExporter
{
public:
    NdjsonExporter(const ResourceStore &store, QStringList resourceTypes);

    /// Resources written per type; an error names the file that failed.
    Expected<QHash<QString, qint64>, QString> exportTo(const QString &directory) const;

private:
    const ResourceStore &m_store;
    QStringList m_types;
};

} // namespace paw::fhir
