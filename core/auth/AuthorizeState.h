#pragma once

#include "auth/BrowserSessions.h"
#include "auth/LoginThrottle.h"
#include "auth/PendingAuthorizations.h"

namespace paw::auth {

/// What the authorization endpoint keeps between a browser's requests, shared by every HTTP
/// worker: requests in progress, browser sessions, and the login throttle.
struct AuthorizeState
{
    explicit AuthorizeState(const platform::Clock &clock)
        : pending(clock), sessions(clock), throttle(clock) {}

    PendingAuthorizations pending;
    BrowserSessions sessions;
    LoginThrottle throttle;
};

} // namespace paw::auth
