#include "auth/jose/JwsAlgorithm.h"

namespace paw::auth {

QString jwsAlgorithmName(JwsAlgorithm algorithm)
{
    switch (algorithm) {
    case JwsAlgorithm::RS256: return QStringLiteral("RS256");
    case JwsAlgorithm::RS384: return QStringLiteral("RS384");
    case JwsAlgorithm::ES384: return QStringLiteral("ES384");
    }
    return {};
}

std::optional<JwsAlgorithm> jwsAlgorithmFromName(QStringView name)
{
    // Case-sensitive: RFC 7515 §4.1.1 "alg" values are case-sensitive ASCII strings.
    for (const JwsAlgorithm algorithm : {JwsAlgorithm::RS256, JwsAlgorithm::RS384, JwsAlgorithm::ES384}) {
        if (name == jwsAlgorithmName(algorithm))
            return algorithm;
    }
    return std::nullopt;
}

const char *jwsDigestName(JwsAlgorithm algorithm)
{
    return algorithm == JwsAlgorithm::RS256 ? "SHA256" : "SHA384";
}

bool jwsUsesRsa(JwsAlgorithm algorithm)
{
    return algorithm != JwsAlgorithm::ES384;
}

} // namespace paw::auth
