#pragma once

#include <QString>

namespace paw::auth {

/// What one user allowed one app for one patient (DESIGN.md §3). It owns the tokens issued
/// under it: revoking it ends them all.
struct Grant
{
    QString grantId;
    QString clientId;
    QString username;  // who logged in: the member, or a delegate acting for them
    QString patientId; // the patient in context
    QString scope;     // granted, space-separated
    qint64 createdMs = 0;
    qint64 expiresMs = 0;
    qint64 lastUsedMs = 0; // to the minute (GrantStore::kLastUsedResolutionMs)
    qint64 revokedMs = 0; // 0 while active
    qint64 authTimeMs = 0; // when the user signed in, for every ID token of the grant; 0 unknown (before schema step 9)

    bool isActive(qint64 nowMs) const { return revokedMs == 0 && nowMs < expiresMs; }
};

} // namespace paw::auth
