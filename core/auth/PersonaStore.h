#pragma once

#include "Expected.h"
#include "auth/Delegation.h"
#include "auth/Persona.h"
#include "storage/Database.h"
#include "storage/PreparedStatements.h"

#include <QList>
#include <QVariantList>
#include <optional>
#include <memory>

namespace paw::auth {

/// Personas and delegations in the database (tables `persona` and `delegation`).
class PersonaStore
{
public:
    explicit PersonaStore(std::shared_ptr<storage::Database> database);

    /// Adds or replaces these personas and delegations (by username; by delegate and patient),
    /// in one transaction.
    QString save(const QList<Persona> &personas, const QList<Delegation> &delegations);
    /// Sets one delegation's status (revoking keeps the row, so that it stays listed). Empty on
    /// success; an error when there is no such delegation.
    [[nodiscard]] QString setDelegationStatus(const QString &delegate, const QString &patientId, Delegation::Status status);

    /// Replaces a persona's credential ("sandbox", or a PasswordHasher hash).
    QString setCredential(const QString &username, const QString &credential);

    /// Every persona, by username.
    Expected<QList<Persona>, QString> personas() const;
    /// Every delegation, by delegate then patient.
    Expected<QList<Delegation>, QString> delegations() const;

    Expected<std::optional<Persona>, QString> find(const QString &username) const;
    /// The member whose Patient id is `patientId`.
    Expected<std::optional<Persona>, QString> findMember(const QString &patientId) const;
    /// The delegations of one delegate (whatever their status), by patient.
    Expected<QList<Delegation>, QString> delegationsOf(const QString &delegate) const;
    Expected<std::optional<Delegation>, QString> delegation(const QString &delegate, const QString &patientId) const;

private:
    Expected<QList<Persona>, QString> selectPersonas(const QString &where, const QVariantList &values) const;
    Expected<QList<Delegation>, QString> selectDelegations(const QString &where, const QVariantList &values) const;

    std::shared_ptr<storage::Database> m_database;
    storage::PreparedStatements m_statements; // lookups on the token endpoint's path
};

} // namespace paw::auth
