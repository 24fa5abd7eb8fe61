#include "fhir/store/ResourceStore.h"

#include <QJsonDocument>

namespace paw::fhir {

Expected<WriteSummary, QString> ResourceStore::write(const QList<QJsonObject> &resources, const Progress &progress)
{
    QList<QByteArray> documents;
    documents.reserve(resources.size());
    for (const QJsonObject &resource : resources)
        documents.append(QJsonDocument(resource).toJson(QJsonDocument::Compact));
    return writeJson(documents, progress);
}

} // namespace paw::fhir
