#pragma once

#include "access/AuditEvent.h"
#include "auth/JwksFetcher.h"
#include "auth/SigningKeyRing.h"
#include "auth/TokenLifetimes.h"
#include "platform/Clock.h"
#include "storage/Database.h"

#include <QString>

#include <memory>

namespace paw::auth {

/// What the token side's endpoints share: built once by the server, handed to each worker
/// thread's endpoints (TokenRoutes::registerRoutes), which make their own stores from it.
struct TokenServiceConfig
{
    std::shared_ptr<storage::Database> database;
    std::shared_ptr<SigningKeyRing> keys;   // shared by every worker
    const platform::Clock *clock = &platform::Clock::system();
    QString root;                           // "http://127.0.0.1:8640": issuer <root>/auth, audience <root>/fhir
    TokenLifetimes lifetimes;
    access::AuditSink *audit = nullptr;     // optional; must outlive the server
    std::shared_ptr<JwksFetcher> jwks;      // asymmetric clients' jwks_uri; none: such clients are refused

    QString tokenEndpoint() const { return root + QStringLiteral("/auth/token"); }
};

} // namespace paw::auth
