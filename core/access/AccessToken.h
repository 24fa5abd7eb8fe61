#pragma once

#include "auth/ScopeSet.h"

#include <QJsonObject>
#include <QString>

namespace paw::access {

/// A verified access token's claims as enforcement uses them (docs/AUTHORIZATION.md).
struct AccessToken
{
    QString tokenId;   // jti
    QString subject;   // sub: who logged in (the member, or the delegate)
    QString actor;     // act.sub: the delegate acting for the patient; empty for a member
    QString clientId;  // client_id
    QString patientId; // patient: the patient in context
    QString grantId;   // grant_id: the grant the token was issued under
    auth::ScopeSet scopes;
    QJsonObject claims; // every claim, for the time checks each time the token is used
};

} // namespace paw::access
