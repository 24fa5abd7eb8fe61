#pragma once

#include "Expected.h"
#include "fhir/search/SearchParameter.h"

#include <QHash>
#include <QList>
#include <QString>

namespace paw::fhir {

/// The search parameters the server supports, per resource type. Built from a JSON table
/// (resources/fhir/search-parameters.json, embedded as :/fhir/search-parameters.json):
/// {"parameters":[{"resourceType","name","type","expression","targets":[...],"definition"}]}.
class SearchParameterRegistry
{
public:
    /// The table shipped with PAW (loaded once, thread-safe).
    static const SearchParameterRegistry &builtIn();
    /// Parses a table; the error names the entry that is wrong.
    static Expected<SearchParameterRegistry, QString> fromJson(const QByteArray &json);

    /// nullptr when `type` has no parameter `name`. `_id` and `_lastUpdated` exist for every type.
    const SearchParameter *find(const QString &resourceType, const QString &name) const;
    /// Every parameter of `resourceType`, in table order.
    QList<const SearchParameter *> forType(const QString &resourceType) const;
    /// The resource types the server serves, sorted.
    QStringList resourceTypes() const;
    /// Whether the server serves `resourceType` (cheap: on every request's path).
    bool servesType(const QString &resourceType) const { return m_index.contains(resourceType); }

private:
    QList<SearchParameter> m_parameters; // stable storage; pointers handed out point here
    QHash<QString, QHash<QString, int>> m_index;
};

} // namespace paw::fhir
