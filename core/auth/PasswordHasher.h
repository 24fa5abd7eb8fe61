#pragma once

#include <QString>

namespace paw::auth {

/// Login passwords, stored as Argon2id PHC strings ("$argon2id$v=19$m=65536,t=3,p=4$salt$hash"):
/// memory-hard, so a stolen database costs an attacker 64 MB of memory per guess. The parameters
/// are RFC 9106's second recommended option; each string carries its own, so they can be raised
/// later without breaking the hashes already stored.
class PasswordHasher
{
public:
    /// A new hash with a fresh 16-byte salt; empty only when memory or randomness ran out.
    static QString hash(const QString &password);
    /// Whether `password` matches `encoded` (an Argon2id string). Malformed strings never match.
    /// The comparison of the computed hash takes the same time wherever it differs.
    static bool verify(const QString &password, const QString &encoded);
    /// Whether `encoded` looks like a hash this class made (for stores that also hold other schemes).
    static bool isHash(const QString &encoded);
};

} // namespace paw::auth
