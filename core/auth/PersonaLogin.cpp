#include "auth/PersonaLogin.h"

#include "auth/PasswordHasher.h"
#include "sandbox/data/PersonaPlan.h"

#include <openssl/crypto.h>

namespace paw::auth {

PersonaLogin::PersonaLogin(const PersonaStore &personas, LoginThrottle &throttle)
    : m_personas(personas)
    , m_throttle(throttle)
{
}

Expected<Persona, PersonaLogin::Failure> PersonaLogin::check(const QString &username, const QString &password)
{
    // The throttle is keyed by the username as typed, so guessing many names is slowed name by
    // name, and one victim's name cannot be locked by guessing others.
    const QString key = username.trimmed().toLower();
    if (const qint64 wait = m_throttle.retryAfterMs(key); wait > 0)
        return Failure{Failure::Kind::Throttled, wait};
    const auto found = m_personas.find(username.trimmed());
    if (!found)
        return Failure{Failure::Kind::Unavailable, 0};
    if (!found->has_value() || !matches(**found, password)) {
        m_throttle.recordFailure(key);
        return Failure{Failure::Kind::WrongCredentials, 0};
    }
    m_throttle.recordSuccess(key);
    return **found;
}

bool PersonaLogin::matches(const Persona &persona, const QString &password)
{
    if (persona.credential == u"sandbox") {
        const QByteArray expected = sandbox::PersonaPlan::sandboxPassword(persona.username).toUtf8();
        const QByteArray given = password.toUtf8();
        return expected.size() == given.size() && CRYPTO_memcmp(expected.constData(), given.constData(), size_t(given.size())) == 0;
    }
    return PasswordHasher::isHash(persona.credential) && PasswordHasher::verify(password, persona.credential);
}

} // namespace paw::auth
