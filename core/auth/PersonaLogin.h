#pragma once

#include "Expected.h"
#include "auth/LoginThrottle.h"
#include "auth/Persona.h"
#include "auth/PersonaStore.h"

namespace paw::auth {

/// Checks a username and password on the login page, behind the login throttle. Sandbox
/// personas use the public sandbox scheme (nothing secret is stored); any other credential is
/// an Argon2id hash (PasswordHasher).
class PersonaLogin
{
public:
    struct Failure
    {
        enum class Kind { WrongCredentials, Throttled, Unavailable };
        Kind kind;
        qint64 retryAfterMs = 0; // Throttled
    };

    PersonaLogin(const PersonaStore &personas, LoginThrottle &throttle);

    Expected<Persona, Failure> check(const QString &username, const QString &password);

private:
    static bool matches(const Persona &persona, const QString &password);

    const PersonaStore &m_personas;
    LoginThrottle &m_throttle;
};

} // namespace paw::auth
