#pragma once

#include <QDateTime>
#include <QString>
#include <QStringList>

namespace paw::auth {

/// A registered app (DESIGN.md §3). The secret itself is never kept: only its hash
/// (ClientSecret), and the secret is shown once, when it is made.
struct Client
{
    enum class Type { Public, Confidential, Asymmetric };
    enum class Status { Active, Disabled };

    QString clientId;
    QString name;
    Type type = Type::Confidential;
    QStringList redirectUris; // matched exactly
    QStringList allowedScopes; // empty: any scope the server supports
    QString jwksUri;          // Asymmetric: where its public keys are, or
    QString jwks;             // its JWKS as JSON text
    QString logoUri;
    QStringList contacts;
    Status status = Status::Active;
    QDateTime created;
    QString secretHash; // Confidential only

    static QString typeName(Type type);
    /// False for anything but "public", "confidential" and "asymmetric".
    static bool typeFromName(const QString &name, Type &type);
    static QString statusName(Status status);
};

} // namespace paw::auth
