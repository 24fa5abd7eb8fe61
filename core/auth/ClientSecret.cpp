#include "auth/ClientSecret.h"

#include "platform/SecureRandom.h"
#include "platform/Sha256.h"


#include <openssl/crypto.h>

namespace paw::auth {

namespace {

const QLatin1String kPrefix("sha256:");

} // namespace

QString ClientSecret::generate()
{
    return QString::fromLatin1(platform::SecureRandom::token(32));
}

QString ClientSecret::hash(const QString &secret)
{
    return kPrefix + QString::fromLatin1(platform::Sha256::digest(secret.toUtf8()).toHex());
}

bool ClientSecret::matches(const QString &secret, const QString &storedHash)
{
    if (secret.isEmpty() || !storedHash.startsWith(kPrefix))
        return false;
    const QByteArray computed = hash(secret).toLatin1();
    const QByteArray stored = storedHash.toLatin1();
    return computed.size() == stored.size()
           && CRYPTO_memcmp(computed.constData(), stored.constData(), size_t(computed.size())) == 0;
}

} // namespace paw::auth
