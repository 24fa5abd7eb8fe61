#pragma once

#include "Expected.h"
#include "access/AccessRefusal.h"
#include "access/AccessStateCache.h"
#include "access/AccessTokenValidator.h"
#include "access/AuditEvent.h"
#include "access/GrantedAccess.h"
#include "access/PatientCompartment.h"
#include "auth/jose/PublicKeySet.h"
#include "fhir/search/AccessConstraints.h"
#include "fhir/search/SearchParameterRegistry.h"
#include "http/HttpRequest.h"
#include "platform/Clock.h"
#include "storage/Database.h"

#include <QHash>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

namespace paw::access {

/// The policy between a token and the FHIR API (issue 4, "Enforcement"):
///
///     request ──> admit: Bearer token (AccessTokenValidator), its grant still active, its user
///                 │      still acting for its patient today (AccessStateCache)    ── else 401
///                 └──> authorize: a scope for the type and interaction            ── else 403
///                      └──> the store applies GrantedAccess's rules: compartment, granular
///                           scopes, sensitive labels (a resource outside them: 404 or absent)
///     every answer and refusal ──> audit (AuditSink, optional)
///
/// FhirRestApi calls it on every request but `metadata` (and the SMART configuration, should it
/// be routed through the API). One guard per worker thread: its caches are that thread's (a
/// revoked grant is seen within a second all the same); the key set function and the audit sink
/// are shared and must be thread-safe.
class FhirAccessGuard
{
public:
    /// `issuer`: the token issuer (`<root>/auth`); `fhirBase`: the audience and the realm
    /// (`<root>/fhir`). `audit` may be null; it must outlive the guard.
    FhirAccessGuard(std::shared_ptr<storage::Database> database, std::function<auth::PublicKeySet()> keys,
                    QString issuer, QString fhirBase, const fhir::SearchParameterRegistry &registry,
                    const platform::Clock &clock, AuditSink *audit = nullptr);

    /// Whether `path` is served without a token: the CapabilityStatement and the SMART configuration.
    bool isPublic(const QString &path) const;
    /// Who may see what, from the request's bearer token; the refusal is a 401 (500 when the
    /// grant could not be read).
    Expected<std::shared_ptr<const GrantedAccess>, AccessRefusal> admit(const http::HttpRequest &request);
    /// A 403 when no scope of the token allows `interaction` on `resourceType`.
    std::optional<AccessRefusal> authorize(const GrantedAccess &access, const QString &resourceType,
                                           fhir::AccessInteraction interaction) const;
    http::HttpResponse refusalResponse(const AccessRefusal &refusal) const;

    /// Reports one answered or refused request. `access` is null when the request was not
    /// admitted (`token`, when known, then names the client and user).
    void audit(const http::HttpRequest &request, const AccessToken *token, const QString &interaction, int status,
               int resultCount, const QString &outcome) const;

private:
    Expected<std::shared_ptr<const AccessToken>, AccessRefusal> checkGrant(std::shared_ptr<const AccessToken> token);

    QString m_fhirBase;
    QString m_basePath;
    const fhir::SearchParameterRegistry &m_registry;
    const platform::Clock &m_clock;
    AuditSink *m_audit;
    AccessTokenValidator m_validator;
    AccessStateCache m_state;
    PatientCompartment m_compartment;
    // The last GrantedAccess per token, reused while the user's reach is the same copy, so that
    // its rules are built once and not on every request. Entries keep their token alive.
    QHash<const AccessToken *, std::shared_ptr<const GrantedAccess>> m_granted;
};

} // namespace paw::access
