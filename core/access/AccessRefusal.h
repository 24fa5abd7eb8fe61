#pragma once

#include "access/AccessToken.h"
#include "http/HttpResponse.h"

#include <QString>

#include <memory>

namespace paw::access {

/// Why a FHIR request is refused before it reaches the data, as RFC 6750 §3 answers it: 401 with
/// `WWW-Authenticate: Bearer realm=...` (no token: no error code, §3.1), 401 `invalid_token`,
/// 403 `insufficient_scope`; or 500 when the grant could not be checked. The body is an
/// OperationOutcome. Descriptions name claims and states, never a token or a key.
struct AccessRefusal
{
    int status = 401;
    QString error;       // RFC 6750 error code; empty when the request carried no token
    QString description; // error_description and the OperationOutcome's diagnostics
    QString scope;       // insufficient_scope: a scope that would allow the request
    // The token, when the refusal came after its signature verified (for the audit record).
    std::shared_ptr<const AccessToken> token;

    static AccessRefusal missingToken();
    static AccessRefusal invalidToken(const QString &description);
    static AccessRefusal insufficientScope(const QString &description, const QString &scope);
    static AccessRefusal serverError(const QString &description);

    /// The audit outcome: the error code, or "invalid_request" for a missing token.
    QString outcome() const;
    /// The response; `realm` names the protected resource (the FHIR base).
    http::HttpResponse toResponse(const QString &realm) const;
};

} // namespace paw::access
