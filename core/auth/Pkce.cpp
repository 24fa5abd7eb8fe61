#include "auth/Pkce.h"

#include "auth/jose/Base64Url.h"
#include "platform/Sha256.h"

#include <QCoreApplication>

#include <openssl/crypto.h>

namespace paw::auth {

namespace {

// unreserved = ALPHA / DIGIT / "-" / "." / "_" / "~" (RFC 7636 §4.1), 43-128 of them.
bool isWellFormed(const QString &value)
{
    if (value.size() < 43 || value.size() > 128)
        return false;
    for (const QChar c : value) {
        const char16_t u = c.unicode();
        const bool unreserved = (u >= u'A' && u <= u'Z') || (u >= u'a' && u <= u'z') || (u >= u'0' && u <= u'9')
                                || u == u'-' || u == u'.' || u == u'_' || u == u'~';
        if (!unreserved)
            return false;
    }
    return true;
}

} // namespace

QString Pkce::checkChallenge(const QString &challenge, const QString &method)
{
    if (challenge.isEmpty())
        return QCoreApplication::translate("Pkce", "code_challenge is required (PKCE with S256)");
    if (method != QLatin1String("S256"))
        return QCoreApplication::translate("Pkce", "code_challenge_method must be S256");
    // A SHA-256 in base64url without padding is always 43 characters.
    if (challenge.size() != 43 || !isWellFormed(challenge))
        return QCoreApplication::translate("Pkce", "code_challenge is not a base64url SHA-256 value");
    return {};
}

bool Pkce::verify(const QString &verifier, const QString &challenge)
{
    if (!isWellFormed(verifier) || challenge.size() != 43)
        return false;
    const QByteArray expected = challengeFor(verifier).toLatin1();
    const QByteArray given = challenge.toLatin1();
    return CRYPTO_memcmp(expected.constData(), given.constData(), size_t(expected.size())) == 0;
}

QString Pkce::challengeFor(const QString &verifier)
{
    const QByteArray digest = platform::Sha256::digest(verifier.toLatin1());
    return QString::fromLatin1(Base64Url::encode(digest));
}

} // namespace paw::auth
