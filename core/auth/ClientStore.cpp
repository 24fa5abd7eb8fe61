#include "auth/ClientStore.h"

#include "auth/ClientSecret.h"
#include "auth/RedirectUriRule.h"
#include "platform/SecureRandom.h"
#include "storage/SqlText.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSqlError>
#include <QSqlQuery>
#include <QUrl>
#include <QVariant>

namespace paw::auth {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("ClientStore", text);
}

QString jsonList(const QStringList &values)
{
    return QString::fromUtf8(QJsonDocument(QJsonArray::fromStringList(values)).toJson(QJsonDocument::Compact));
}

QStringList listFrom(const QVariant &json)
{
    QStringList out;
    const QJsonArray array = QJsonDocument::fromJson(json.toString().toUtf8()).array();
    for (const QJsonValue &value : array)
        out << value.toString();
    return out;
}

const QString kColumns = QStringLiteral("client_id, name, type, secret_hash, redirect_uris, allowed_scopes, jwks_uri, jwks,"
                                        " logo_uri, contacts, status, created");

Client clientFrom(const QSqlQuery &q)
{
    Client c;
    c.clientId = q.value(0).toString();
    c.name = q.value(1).toString();
    Client::typeFromName(q.value(2).toString(), c.type); // the table's CHECK allows no other
    c.secretHash = q.value(3).toString();
    c.redirectUris = listFrom(q.value(4));
    c.allowedScopes = listFrom(q.value(5));
    c.jwksUri = q.value(6).toString();
    c.jwks = q.value(7).toString();
    c.logoUri = q.value(8).toString();
    c.contacts = listFrom(q.value(9));
    c.status = q.value(10).toString() == QLatin1String("active") ? Client::Status::Active : Client::Status::Disabled;
    c.created = QDateTime::fromMSecsSinceEpoch(q.value(11).toLongLong(), Qt::UTC);
    return c;
}

} // namespace

ClientStore::ClientStore(std::shared_ptr<storage::Database> database, const platform::Clock &clock)
    : m_database(database)
    , m_clock(clock)
    , m_statements(std::move(database))
{
}

QString ClientStore::check(const Client &client)
{
    QStringList problems;
    if (client.name.trimmed().isEmpty())
        problems << tr("a client needs a name");
    if (client.redirectUris.isEmpty())
        problems << tr("a client needs at least one redirect URI");
    for (const QString &uri : client.redirectUris) {
        if (const QString problem = RedirectUriRule::check(uri); !problem.isEmpty())
            problems << uri + QStringLiteral(": ") + problem;
    }
    const bool hasKeys = !client.jwks.isEmpty() || !client.jwksUri.isEmpty();
    if (client.type == Client::Type::Asymmetric) {
        if (!hasKeys)
            problems << tr("an asymmetric client needs its public keys: a JWKS or a jwks_uri");
        if (!client.jwks.isEmpty() && !QJsonDocument::fromJson(client.jwks.toUtf8()).object().value(QLatin1String("keys")).isArray())
            problems << tr("the JWKS must be a JSON object with a \"keys\" array");
        if (!client.jwksUri.isEmpty() && QUrl(client.jwksUri).scheme() != QLatin1String("https"))
            problems << tr("the jwks_uri must be an https URL");
    } else if (hasKeys) {
        problems << tr("only an asymmetric client has public keys");
    }
    return problems.join(u'\n');
}

Expected<ClientStore::Registration, QString> ClientStore::add(Client draft)
{
    if (const QString problems = check(draft); !problems.isEmpty())
        return problems;
    Registration registration;
    // Not a secret, but unguessable; letters and digits after a prefix, so that it never starts
    // with '-' (a command line would read it as an option) and reads as PAW's in a log.
    const QByteArray random = platform::SecureRandom::bytes(16);
    draft.clientId = random.isEmpty() ? QString() : QStringLiteral("paw-") + QString::fromLatin1(random.toHex());
    draft.status = Client::Status::Active;
    draft.created = m_clock.now();
    draft.secretHash.clear();
    if (draft.type == Client::Type::Confidential) {
        registration.secret = ClientSecret::generate();
        draft.secretHash = ClientSecret::hash(registration.secret);
    }
    if (draft.clientId.isEmpty() || (draft.type == Client::Type::Confidential && registration.secret.isEmpty()))
        return tr("no random value could be made for the client id or secret");
    if (const QString error = save(draft, true); !error.isEmpty())
        return error;
    registration.client = std::move(draft);
    return registration;
}

Expected<ClientStore::Registration, QString> ClientStore::rotateSecret(const QString &clientId)
{
    auto found = find(clientId);
    if (!found)
        return found.error();
    if (!*found)
        return tr("no client has the id %1").arg(clientId);
    Registration registration{**found, ClientSecret::generate()};
    if (registration.client.type != Client::Type::Confidential)
        return tr("only a confidential client has a secret");
    if (registration.secret.isEmpty())
        return tr("no random value could be made for the secret");
    registration.client.secretHash = ClientSecret::hash(registration.secret);
    if (const QString error = save(registration.client, false); !error.isEmpty())
        return error;
    return registration;
}

QString ClientStore::setStatus(const QString &clientId, Client::Status status)
{
    QSqlQuery q(m_database->connection());
    q.prepare(QStringLiteral("UPDATE client SET status = ? WHERE client_id = ?"));
    q.addBindValue(Client::statusName(status));
    q.addBindValue(clientId);
    if (!q.exec())
        return q.lastError().text();
    return q.numRowsAffected() == 1 ? QString() : tr("no client has the id %1").arg(clientId);
}

QString ClientStore::remove(const QString &clientId)
{
    QSqlQuery q(m_database->connection());
    q.prepare(QStringLiteral("DELETE FROM client WHERE client_id = ?"));
    q.addBindValue(clientId);
    if (!q.exec())
        return q.lastError().text();
    return q.numRowsAffected() == 1 ? QString() : tr("no client has the id %1").arg(clientId);
}

Expected<std::optional<Client>, QString> ClientStore::find(const QString &clientId) const
{
    auto q = m_statements.exec(QStringLiteral("SELECT ") + kColumns + QStringLiteral(" FROM client WHERE client_id = ?"), {clientId});
    if (!q.ok())
        return q->lastError().text();
    if (!q->next())
        return std::optional<Client>();
    return std::optional<Client>(clientFrom(q.query()));
}

Expected<QList<Client>, QString> ClientStore::list() const
{
    QSqlQuery q(m_database->connection());
    if (!q.exec(QStringLiteral("SELECT ") + kColumns + QStringLiteral(" FROM client ORDER BY name, client_id")))
        return q.lastError().text();
    QList<Client> clients;
    while (q.next())
        clients << clientFrom(q);
    return clients;
}

QString ClientStore::save(const Client &c, bool isNew)
{
    QSqlQuery q(m_database->connection());
    q.prepare(isNew ? QStringLiteral("INSERT INTO client (") + kColumns + QStringLiteral(") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                    : QStringLiteral("UPDATE client SET client_id = ?, name = ?, type = ?, secret_hash = ?, redirect_uris = ?,"
                                     " allowed_scopes = ?, jwks_uri = ?, jwks = ?, logo_uri = ?, contacts = ?, status = ?,"
                                     " created = ? WHERE client_id = ?"));
    q.addBindValue(c.clientId);
    q.addBindValue(c.name);
    q.addBindValue(Client::typeName(c.type));
    q.addBindValue(c.secretHash.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(c.secretHash));
    q.addBindValue(jsonList(c.redirectUris));
    q.addBindValue(jsonList(c.allowedScopes));
    q.addBindValue(storage::sqlText(c.jwksUri));
    q.addBindValue(storage::sqlText(c.jwks));
    q.addBindValue(storage::sqlText(c.logoUri));
    q.addBindValue(jsonList(c.contacts));
    q.addBindValue(Client::statusName(c.status));
    q.addBindValue(c.created.toMSecsSinceEpoch());
    if (!isNew)
        q.addBindValue(c.clientId);
    if (!q.exec())
        return q.lastError().text();
    return {};
}

} // namespace paw::auth
