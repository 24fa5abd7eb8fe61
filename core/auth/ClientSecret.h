#pragma once

#include <QByteArray>
#include <QString>

namespace paw::auth {

/// A confidential client's secret: 256 random bits, shown once and stored as a SHA-256 hash.
/// A fast hash is enough here (unlike passwords, PasswordHasher): a 256-bit random value cannot
/// be guessed, so slowing guesses down protects nothing.
class ClientSecret
{
public:
    /// A new secret (43 base64url characters); empty only when randomness ran out.
    static QString generate();
    /// What the store keeps: "sha256:" + hex.
    static QString hash(const QString &secret);
    /// Whether `secret` matches `storedHash`, in the same time wherever they differ.
    static bool matches(const QString &secret, const QString &storedHash);
};

} // namespace paw::auth
