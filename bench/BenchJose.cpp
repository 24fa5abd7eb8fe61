// JWS signing, the token endpoint's bound: SigningKey::sign (what issues every access and ID
// token) beside OpenSSL doing the same RSA signature with everything prepared once, as
// `openssl speed rsa2048` does. The gap is what signing costs PAW beyond the RSA arithmetic.

#include "auth/jose/SigningKey.h"

#include <benchmark/benchmark.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/sha.h>

using namespace paw;

namespace {

const QByteArray kInput(600, 'x'); // about the size of an access token's header.payload

const auth::SigningKey &key()
{
    static const auth::SigningKey k = *auth::SigningKey::generate(auth::JwsAlgorithm::RS256);
    return k;
}

void signingKeySign(benchmark::State &state)
{
    for (auto _ : state)
        benchmark::DoNotOptimize(key().sign(kInput));
}
BENCHMARK(signingKeySign)->Unit(benchmark::kMicrosecond)->Threads(1)->Threads(2)->UseRealTime();

void opensslPreparedSign(benchmark::State &state)
{
    const QByteArray pem = key().toPem();
    BIO *bio = BIO_new_mem_buf(pem.constData(), int(pem.size()));
    EVP_PKEY *pkey = PEM_read_bio_PrivateKey(bio, nullptr, nullptr, nullptr);
    BIO_free(bio);
    EVP_PKEY_CTX *ctx = EVP_PKEY_CTX_new(pkey, nullptr);
    EVP_PKEY_sign_init(ctx);
    EVP_PKEY_CTX_set_rsa_padding(ctx, RSA_PKCS1_PADDING);
    EVP_PKEY_CTX_set_signature_md(ctx, EVP_sha256());
    unsigned char digest[SHA256_DIGEST_LENGTH];
    unsigned char signature[512];
    for (auto _ : state) {
        SHA256(reinterpret_cast<const unsigned char *>(kInput.constData()), size_t(kInput.size()), digest);
        size_t length = sizeof signature;
        benchmark::DoNotOptimize(EVP_PKEY_sign(ctx, signature, &length, digest, sizeof digest));
    }
    EVP_PKEY_CTX_free(ctx);
    EVP_PKEY_free(pkey);
}
BENCHMARK(opensslPreparedSign)->Unit(benchmark::kMicrosecond)->Threads(1)->Threads(2)->UseRealTime();

} // namespace

BENCHMARK_MAIN();
