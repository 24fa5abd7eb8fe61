#pragma once

#include "auth/TokenLifetimes.h"
#include "http/HttpServerConfig.h"

#include <QDateTime>
#include <QString>

namespace paw::sandbox {

/// How to run the embedded sandbox (auth server + FHIR server).
struct SandboxConfig
{
    QString databaseUrl;      // sqlite:PATH or postgresql://...
    http::HttpServerConfig http;
    QString publicBaseUrl;    // overrides <scheme>://<listen>:<port>; the FHIR base is <this>/fhir
    /// Serve the FHIR API without authorization: explicit and loudly logged, never a default.
    bool open = false;
    /// How long codes, access tokens, refresh tokens and grants last.
    auth::TokenLifetimes lifetimes;
    // Keys, the sandbox certificate: <dataFolder>/keys, <dataFolder>/tls. Empty: beside the
    // SQLite database.
    QString dataFolder;

    // HTTPS (DESIGN.md §2), from `--tls-cert FILE --tls-key FILE`, or `--tls` for the sandbox
    // certificate (SandboxCertificate) kept in dataFolder. loadTls() puts them into http.tls.
    QString tlsCertificateFile;
    QString tlsKeyFile;
    bool tlsSandboxCertificate = false;
    QString tlsFingerprint;             // SHA-256 of the certificate in use, set by loadTls()
    bool tlsCertificateCreated = false; // loadTls() made the sandbox certificate just now

    bool wantsTls() const { return tlsSandboxCertificate || !tlsCertificateFile.isEmpty(); }
    /// "https" once loadTls() has set http.tls, "http" otherwise: the scheme of every base URL.
    QString scheme() const { return http.tls ? QStringLiteral("https") : QStringLiteral("http"); }
    /// Reads the certificate and key (making the sandbox certificate first if asked for) into
    /// http.tls and tlsFingerprint. Empty on success, else the one-line reason; nothing to do
    /// when no TLS was asked for.
    [[nodiscard]] QString loadTls(const QDateTime &now);
};

/// The URLs an app developer registers and configures, as the endpoint card shows them.
struct EndpointCard
{
    QString apiEndpoint;   // FHIR base
    QString oauthIssuer;
    QString oidcAudience;
    QString capabilityStatement;
    QString smartConfiguration;
    QString openIdConfiguration;
    QString databaseUrl;
    bool open = false;
    QString tlsCertificateFile; // HTTPS only: the certificate clients are to trust
    QString tlsFingerprint;     // and its SHA-256 fingerprint

    /// Plain text, one "Label: value" per line.
    QString toText() const;
};

} // namespace paw::sandbox
