#pragma once

#include "auth/AuthorizationRequest.h"
#include "auth/Client.h"
#include "auth/ScopeSet.h"

#include <QString>

namespace paw::auth {

/// An authorization request between its arrival and its answer, while the user logs in, picks a
/// patient and consents. Its id and CSRF token go in the pages' forms; both are random.
struct PendingAuthorization
{
    /// login ─▶ (pick patient, when the user may act for several) ─▶ consent ─▶ redirect
    enum class Stage { Login, PickPatient, Consent };

    QString id;
    QString csrf;      // must come back with every form post (DESIGN.md §5)
    QString sessionId; // the browser session it belongs to; a post from another is refused
    Client client;
    AuthorizationRequest request;
    ScopeSet scopes;   // what the app may ask for
    Stage stage = Stage::Login;
    QString username;  // after login
    QString patientId; // after the patient is known
    QString ceiling;   // the delegation's ceiling ("no-sensitive"), empty for a member
    qint64 authTimeMs = 0;
    qint64 expiresMs = 0;
};

} // namespace paw::auth
