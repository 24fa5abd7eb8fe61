#include "platform/Sha256.h"

#include <openssl/evp.h>

namespace paw::platform {

QByteArray Sha256::digest(QByteArrayView data)
{
    // Never freed: it lives as long as the process. EVP_MD_fetch is thread-safe.
    static EVP_MD *const sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (!sha256 || EVP_Digest(data.data(), size_t(data.size()), out, &length, sha256, nullptr) != 1)
        return {};
    return QByteArray(reinterpret_cast<const char *>(out), qsizetype(length));
}

} // namespace paw::platform
