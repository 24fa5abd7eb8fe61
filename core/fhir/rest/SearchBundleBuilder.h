#pragma once

#include "fhir/search/SearchQuery.h"
#include "fhir/store/StoredResource.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QPair>
#include <QString>

namespace paw::fhir {

/// Builds the searchset Bundle of one page: entries with fullUrl and search.mode, the total,
/// and self/next/previous links that carry the paging snapshot so that walking them visits
/// every match exactly once even while new resources arrive.
class SearchBundleBuilder
{
public:
    /// `parameters`: the request's search parameters as received (for the links).
    SearchBundleBuilder(QString baseUrl, QString resourceType, QList<QPair<QString, QString>> parameters);

    /// The Bundle's JSON. Stored resources are spliced in as stored, without parsing them again
    /// (the hot path of every search), unless `_elements` asks for a subset.
    QByteArray build(const SearchQuery &query, const SearchPage &page) const;
    /// A history Bundle of a resource's versions, newest first.
    QJsonObject history(const QList<StoredResource> &versions) const;

    /// `resource` with only the top-level `elements` (plus the mandatory ones) and the SUBSETTED tag.
    static QJsonObject subset(QJsonObject resource, const QStringList &elements);

private:
    QString link(const QList<QPair<QString, QString>> &parameters) const;
    void appendEntry(QByteArray &out, const StoredResource &resource, const QString &mode,
                     const QStringList &elements) const;

    QString m_baseUrl;
    QByteArray m_baseJson; // the base URL as a JSON string
    QString m_type;
    QList<QPair<QString, QString>> m_parameters;
};

} // namespace paw::fhir
