#pragma once

#include "access/AuditEvent.h"
#include "auth/AuthorizeState.h"
#include "auth/JwksFetcher.h"
#include "auth/SigningKeyRing.h"
#include "auth/TokenLifetimes.h"
#include "http/Router.h"
#include "platform/Clock.h"
#include "storage/Database.h"

#include <memory>

namespace paw::sandbox {

/// One worker's routes, in the order that matters: discovery first (`/fhir/{type}/{id}` would
/// otherwise take `/fhir/.well-known/...`), the authorization server, then the FHIR API behind
/// its access guard (none with --open). Each worker builds its own, on its own thread.
class SandboxRoutes
{
public:
    /// What every worker shares.
    struct Shared
    {
        std::shared_ptr<storage::Database> database;
        const platform::Clock *clock = nullptr;
        std::shared_ptr<auth::SigningKeyRing> keys;
        std::shared_ptr<auth::AuthorizeState> authorizeState; // a browser's next request may reach another worker
        access::AuditSink *audit = nullptr;                    // outlives the workers
        std::shared_ptr<auth::JwksFetcher> jwks;               // asymmetric clients' jwks_uri
        auth::TokenLifetimes lifetimes;
        bool open = false;
    };

    /// `root` is the public base URL without a trailing slash ("http://127.0.0.1:8640").
    static http::Router build(const Shared &shared, const QString &root);
};

} // namespace paw::sandbox
