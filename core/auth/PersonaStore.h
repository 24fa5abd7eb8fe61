#pragma once

#include "Expected.h"
#include "auth/Delegation.h"
#include "auth/Persona.h"
#include "storage/Database.h"

#include <QList>
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

    /// Every persona, by username.
    Expected<QList<Persona>, QString> personas() const;
    /// Every delegation, by delegate then patient.
    Expected<QList<Delegation>, QString> delegations() const;

private:
    std::shared_ptr<storage::Database> m_database;
};

} // namespace paw::auth
