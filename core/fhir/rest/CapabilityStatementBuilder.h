#pragma once

#include "fhir/search/SearchParameterRegistry.h"

#include <QDate>
#include <QJsonObject>
#include <QStringList>

namespace paw::fhir {

/// Builds /metadata from what the server really supports: the registry's types and search
/// parameters, the profiles table (:/fhir/profiles.json), the includes the store follows.
class CapabilityStatementBuilder
{
public:
    CapabilityStatementBuilder(const SearchParameterRegistry &registry, QString baseUrl, QString softwareVersion,
                               QDate date);

    /// rest.security (DiscoveryDocuments::restSecurity()); none when the server is open.
    CapabilityStatementBuilder &setRestSecurity(QJsonObject security);
    QJsonObject build() const;
    /// Profiles the sandbox data claims for `type` (versioned canonicals).
    static QStringList supportedProfiles(const QString &type);

private:
    const SearchParameterRegistry &m_registry;
    QString m_baseUrl;
    QString m_version;
    QDate m_date;
    QJsonObject m_security;
};

} // namespace paw::fhir
