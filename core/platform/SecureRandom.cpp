#include "platform/SecureRandom.h"

#include <openssl/rand.h>

#include <algorithm>

namespace paw::platform {

QByteArray SecureRandom::bytes(int count)
{
    if (count <= 0)
        return {};
    QByteArray out(count, Qt::Uninitialized);
    if (RAND_bytes(reinterpret_cast<unsigned char *>(out.data()), count) != 1)
        return {};
    return out;
}

QByteArray SecureRandom::token(int bytes)
{
    const QByteArray raw = SecureRandom::bytes(std::max(bytes, 32));
    if (raw.isEmpty())
        return {};
    return raw.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

} // namespace paw::platform
