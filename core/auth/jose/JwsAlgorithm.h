#pragma once

#include <QList>
#include <QString>
#include <QStringView>

#include <optional>

namespace paw::auth {

/// The JWS algorithms PAW signs and verifies with (RFC 7518 §3.1). There is deliberately no
/// "none" and no HS*: a verifier that knows them can be made to accept forged tokens.
enum class JwsAlgorithm { RS256, RS384, ES384 };

/// The "alg" header value.
QString jwsAlgorithmName(JwsAlgorithm algorithm);
std::optional<JwsAlgorithm> jwsAlgorithmFromName(QStringView name);

/// The OpenSSL digest name (SHA256, SHA384).
const char *jwsDigestName(JwsAlgorithm algorithm);

/// RS256 and RS384 sign with RSA; ES384 with ECDSA on P-384.
bool jwsUsesRsa(JwsAlgorithm algorithm);

} // namespace paw::auth
