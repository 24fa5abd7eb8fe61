#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace paw::platform {

/// SHA-256 for the hot paths (a token's cache key, a code's or secret's stored hash, PKCE, a
/// resource's content hash): OpenSSL's, with its implementation fetched once. OpenSSL 3 looks the
/// implementation up on every digest made with EVP_sha256(), which cost more than the hashing of
/// a short input, and Qt 6.4's QCryptographicHash is its own, slower code.
class Sha256
{
public:
    /// The 32-byte digest; empty if OpenSSL could not make it (callers treat that as failure).
    static QByteArray digest(QByteArrayView data);
};

} // namespace paw::platform
