#pragma once

#include <QtGlobal>

namespace paw::auth {

/// How long the authorization server's artifacts live (DESIGN.md §3), in milliseconds.
struct TokenLifetimes
{
    qint64 accessMs = 30LL * 60 * 1000;             // access and ID tokens
    qint64 refreshMs = 90LL * 24 * 3600 * 1000;      // an offline_access grant and its refresh tokens
    qint64 codeMs = 60LL * 1000;                     // authorization codes
    // An online_access grant: SMART ties it to the user's session, and PAW keeps no session past
    // the consent page, so it ends after a working day instead.
    qint64 onlineMs = 8LL * 3600 * 1000;

    /// The longest a signed token lives: access and ID tokens share accessMs (TokenIssuer);
    /// refresh tokens and codes are opaque.
    qint64 longestSignedMs() const { return accessMs; }
};

} // namespace paw::auth
