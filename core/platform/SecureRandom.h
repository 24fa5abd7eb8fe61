#pragma once

#include <QByteArray>

namespace paw::platform {

/// The one source of secrets (DESIGN.md §5): authorization codes, refresh tokens, client
/// secrets, CSRF tokens, JWT ids. OpenSSL's CSPRNG, seeded by the operating system.
class SecureRandom
{
public:
    /// Bytes that could not be produced make an empty array: a caller never uses a weak secret.
    static QByteArray bytes(int count);
    /// `bytes` random bytes as base64url without padding: URL-safe characters only, so the value
    /// can go in a redirect's query, a form field or a header as it is. At least 32 bytes.
    static QByteArray token(int bytes = 32);
};

} // namespace paw::platform
