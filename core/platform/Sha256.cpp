#include "platform/Sha256.h"

#include <openssl/evp.h>

#include <memory>

namespace paw::platform {

namespace {

struct MdCtxFree
{
    void operator()(EVP_MD_CTX *ctx) const { EVP_MD_CTX_free(ctx); }
};

} // namespace

QByteArray Sha256::digest(QByteArrayView data)
{
    // Fetched once and never freed: it lives as long as the process (EVP_MD_fetch is thread-safe).
    static EVP_MD *const sha256 = EVP_MD_fetch(nullptr, "SHA256", nullptr);
    // One context per thread, re-initialised for each digest: EVP_Digest allocated and set up a
    // new one every time, which cost several times the hashing of a token (SHA-NI).
    thread_local const std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
    unsigned char out[EVP_MAX_MD_SIZE];
    unsigned int length = 0;
    if (!sha256 || !ctx || EVP_DigestInit_ex2(ctx.get(), sha256, nullptr) != 1
        || EVP_DigestUpdate(ctx.get(), data.data(), size_t(data.size())) != 1
        || EVP_DigestFinal_ex(ctx.get(), out, &length) != 1)
        return {};
    return QByteArray(reinterpret_cast<const char *>(out), qsizetype(length));
}

} // namespace paw::platform
