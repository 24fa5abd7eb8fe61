#pragma once

#include <QString>

namespace paw::auth {

/// What a registered redirect URI may be (RFC 6749 §3.1.2, RFC 8252 §7.3, OAuth 2.0 Security
/// BCP): absolute, https (http only to a loopback address, for native apps), no fragment, no
/// user info. Authorization requests then match it exactly, character for character.
class RedirectUriRule
{
public:
    /// Empty when `uri` may be registered; else why not, in words for the admin.
    static QString check(const QString &uri);
};

} // namespace paw::auth
