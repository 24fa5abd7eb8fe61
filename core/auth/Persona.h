#pragma once

#include <QString>

namespace paw::auth {

/// Someone who can log in to the authorization server (DESIGN.md §3).
struct Persona
{
    enum class Kind { Member, Delegate };
    QString username;
    QString displayName;
    Kind kind = Kind::Member;
    QString patientId; // a member's own Patient id; empty for a delegate
    // How the password is checked: "sandbox" (the public sandbox scheme, nothing secret to
    // store) or a password hash string. Never a password.
    QString credential;

    static QString kindName(Kind kind) { return kind == Kind::Member ? QStringLiteral("member") : QStringLiteral("delegate"); }
};

} // namespace paw::auth
