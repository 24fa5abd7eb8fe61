#pragma once

#include "Expected.h"
#include "auth/Client.h"
#include "platform/Clock.h"
#include "storage/Database.h"
#include "storage/PreparedStatements.h"

#include <QList>

#include <memory>
#include <optional>

namespace paw::auth {

/// Registered apps in the database (table `client`).
class ClientStore
{
public:
    /// A client as just registered or re-keyed: the secret is here once and never again.
    struct Registration
    {
        Client client;
        QString secret; // Confidential only
    };

    ClientStore(std::shared_ptr<storage::Database> database, const platform::Clock &clock);

    /// Empty when `client` may be registered; else every problem, one per line, for the admin:
    /// a name, at least one redirect URI and each one valid (RedirectUriRule), a JWKS or an https
    /// jwks_uri exactly when asymmetric.
    static QString check(const Client &client);

    /// Registers `draft` (its id, secret, status and time are assigned here).
    Expected<Registration, QString> add(Client draft);
    /// A new secret for a confidential client; the old one stops working at once.
    Expected<Registration, QString> rotateSecret(const QString &clientId);
    QString setStatus(const QString &clientId, Client::Status status);
    QString remove(const QString &clientId);

    Expected<std::optional<Client>, QString> find(const QString &clientId) const;
    /// Every client, by name.
    Expected<QList<Client>, QString> list() const;

private:
    QString save(const Client &client, bool isNew);

    std::shared_ptr<storage::Database> m_database;
    const platform::Clock &m_clock;
    storage::PreparedStatements m_statements; // find(), on every token request
};

} // namespace paw::auth
