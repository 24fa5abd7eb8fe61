#pragma once

#include <QJsonObject>
#include <QString>
#include <QStringList>

namespace paw::auth {

/// The authorization server's discovery documents, built from one base URL so that every URL
/// and the issuer agree exactly (a client compares the issuer character for character):
/// SMART's `/fhir/.well-known/smart-configuration`, OpenID Connect's
/// `/auth/.well-known/openid-configuration` (with RFC 8414's members), and the oauth-uris
/// extension of the CapabilityStatement's `rest.security`.
class DiscoveryDocuments
{
public:
    /// `root` is the server's base URL without a trailing slash ("http://127.0.0.1:8640");
    /// `scopesSupported` is what the server lists (the scope model's scopesSupported()).
    DiscoveryDocuments(QString root, QStringList scopesSupported);

    QString issuer() const { return m_root + QStringLiteral("/auth"); }
    QString fhirBase() const { return m_root + QStringLiteral("/fhir"); }
    QString endpoint(const char *name) const { return issuer() + u'/' + QLatin1String(name); }

    QJsonObject smartConfiguration() const;
    QJsonObject openIdConfiguration() const;
    /// The CapabilityStatement's rest.security: the SMART-on-FHIR service and the oauth-uris extension.
    QJsonObject restSecurity() const;

    static QStringList capabilities();

private:
    QString m_root;
    QStringList m_scopes;
};

} // namespace paw::auth
