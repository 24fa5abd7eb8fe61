#pragma once

#include "http/HttpServerConfig.h"

#include <QString>

namespace paw::sandbox {

/// How to run the embedded sandbox (auth server + FHIR server).
struct SandboxConfig
{
    QString databaseUrl;      // sqlite:PATH or postgresql://...
    http::HttpServerConfig http;
    QString publicBaseUrl;    // overrides http://<listen>:<port>; the FHIR base is <this>/fhir
    /// Serve without authorization. The only mode until the authorization server exists;
    /// explicit and loudly logged, never a default.
    bool open = false;
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

    /// Plain text, one "Label: value" per line.
    QString toText() const;
};

} // namespace paw::sandbox
