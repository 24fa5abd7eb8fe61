#include "auth/PasswordHasher.h"

#include "platform/SecureRandom.h"

#include <argon2.h>

namespace paw::auth {

namespace {

constexpr uint32_t kIterations = 3;
constexpr uint32_t kMemoryKiB = 64 * 1024;
constexpr uint32_t kLanes = 4;
constexpr int kSaltBytes = 16;
constexpr int kHashBytes = 32;

} // namespace

QString PasswordHasher::hash(const QString &password)
{
    const QByteArray secret = password.toUtf8();
    const QByteArray salt = platform::SecureRandom::bytes(kSaltBytes);
    if (salt.isEmpty())
        return {};
    QByteArray encoded(int(argon2_encodedlen(kIterations, kMemoryKiB, kLanes, kSaltBytes, kHashBytes, Argon2_id)), '\0');
    const int result = argon2id_hash_encoded(kIterations, kMemoryKiB, kLanes, secret.constData(), size_t(secret.size()),
                                             salt.constData(), size_t(salt.size()), kHashBytes, encoded.data(),
                                             size_t(encoded.size()));
    if (result != ARGON2_OK)
        return {};
    return QString::fromLatin1(encoded.constData()); // NUL-terminated inside the buffer
}

bool PasswordHasher::verify(const QString &password, const QString &encoded)
{
    if (!isHash(encoded))
        return false;
    const QByteArray secret = password.toUtf8();
    const QByteArray hash = encoded.toLatin1();
    return argon2id_verify(hash.constData(), secret.constData(), size_t(secret.size())) == ARGON2_OK;
}

bool PasswordHasher::isHash(const QString &encoded)
{
    return encoded.startsWith(QLatin1String("$argon2id$"));
}

} // namespace paw::auth
