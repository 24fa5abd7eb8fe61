#include "auth/PersonaStore.h"

#include "storage/SqlText.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace paw::auth {

namespace {

QVariant dateOrNull(QDate date)
{
    return date.isValid() ? QVariant(date.toString(Qt::ISODate)) : QVariant(QMetaType(QMetaType::QString));
}

Delegation::Status statusFrom(const QString &name)
{
    if (name == QLatin1String("active"))
        return Delegation::Status::Active;
    if (name == QLatin1String("suspended"))
        return Delegation::Status::Suspended;
    return Delegation::Status::Revoked; // the table's CHECK allows nothing else
}

} // namespace

PersonaStore::PersonaStore(std::shared_ptr<storage::Database> database)
    : m_database(database)
    , m_statements(std::move(database))
{
}

QString PersonaStore::save(const QList<Persona> &personas, const QList<Delegation> &delegations)
{
    QSqlDatabase db = m_database->connection();
    if (!db.transaction())
        return db.lastError().text();
    const auto fail = [&db](const QSqlQuery &q) {
        const QString error = q.lastError().text();
        db.rollback();
        return error;
    };
    QSqlQuery persona(db);
    persona.prepare(QStringLiteral("INSERT INTO persona (username, display_name, kind, patient_id, credential)"
                                   " VALUES (?, ?, ?, ?, ?) ON CONFLICT (username) DO UPDATE SET"
                                   " display_name = excluded.display_name, kind = excluded.kind,"
                                   " patient_id = excluded.patient_id, credential = excluded.credential"));
    for (const Persona &p : personas) {
        persona.addBindValue(p.username);
        persona.addBindValue(storage::sqlText(p.displayName));
        persona.addBindValue(Persona::kindName(p.kind));
        persona.addBindValue(p.patientId.isEmpty() ? QVariant(QMetaType(QMetaType::QString)) : QVariant(p.patientId));
        persona.addBindValue(storage::sqlText(p.credential));
        if (!persona.exec())
            return fail(persona);
    }
    QSqlQuery delegation(db);
    delegation.prepare(QStringLiteral("INSERT INTO delegation (delegate, patient_id, related_person_id, relationship,"
                                      " valid_from, valid_to, status, ceiling) VALUES (?, ?, ?, ?, ?, ?, ?, ?)"
                                      " ON CONFLICT (delegate, patient_id) DO UPDATE SET"
                                      " related_person_id = excluded.related_person_id, relationship = excluded.relationship,"
                                      " valid_from = excluded.valid_from, valid_to = excluded.valid_to,"
                                      " status = excluded.status, ceiling = excluded.ceiling"));
    for (const Delegation &d : delegations) {
        delegation.addBindValue(d.delegate);
        delegation.addBindValue(d.patientId);
        delegation.addBindValue(d.relatedPersonId);
        delegation.addBindValue(storage::sqlText(d.relationship));
        delegation.addBindValue(dateOrNull(d.validFrom));
        delegation.addBindValue(dateOrNull(d.validTo));
        delegation.addBindValue(Delegation::statusName(d.status));
        delegation.addBindValue(storage::sqlText(d.ceiling));
        if (!delegation.exec())
            return fail(delegation);
    }
    if (!db.commit())
        return db.lastError().text();
    return {};
}

QString PersonaStore::setCredential(const QString &username, const QString &credential)
{
    QSqlQuery q(m_database->connection());
    q.prepare(QStringLiteral("UPDATE persona SET credential = ? WHERE username = ?"));
    q.addBindValue(storage::sqlText(credential));
    q.addBindValue(username);
    if (!q.exec())
        return q.lastError().text();
    if (q.numRowsAffected() != 1)
        return QStringLiteral("no persona named %1").arg(username);
    return {};
}

QString PersonaStore::setDelegationStatus(const QString &delegate, const QString &patientId, Delegation::Status status)
{
    QSqlQuery q(m_database->connection());
    q.prepare(QStringLiteral("UPDATE delegation SET status = ? WHERE delegate = ? AND patient_id = ?"));
    q.addBindValue(Delegation::statusName(status));
    q.addBindValue(delegate);
    q.addBindValue(patientId);
    if (!q.exec())
        return q.lastError().text();
    if (q.numRowsAffected() == 0)
        return QStringLiteral("%1 has no delegation for patient %2").arg(delegate, patientId);
    return {};
}

Expected<QList<Persona>, QString> PersonaStore::selectPersonas(const QString &where, const QVariantList &values) const
{
    auto run = m_statements.exec(QStringLiteral("SELECT username, display_name, kind, patient_id, credential FROM persona") + where
                                     + QStringLiteral(" ORDER BY username"),
                                 values);
    if (!run.ok())
        return run->lastError().text();
    const QSqlQuery &q = run.query();
    QList<Persona> out;
    while (run->next()) {
        Persona p;
        p.username = q.value(0).toString();
        p.displayName = q.value(1).toString();
        p.kind = q.value(2).toString() == QLatin1String("member") ? Persona::Kind::Member : Persona::Kind::Delegate;
        p.patientId = q.value(3).toString();
        p.credential = q.value(4).toString();
        out.append(p);
    }
    return out;
}

Expected<QList<Delegation>, QString> PersonaStore::selectDelegations(const QString &where, const QVariantList &values) const
{
    auto run = m_statements.exec(QStringLiteral("SELECT delegate, patient_id, related_person_id, relationship, valid_from,"
                                                " valid_to, status, ceiling FROM delegation")
                                     + where + QStringLiteral(" ORDER BY delegate, patient_id"),
                                 values);
    if (!run.ok())
        return run->lastError().text();
    const QSqlQuery &q = run.query();
    QList<Delegation> out;
    while (run->next()) {
        Delegation d;
        d.delegate = q.value(0).toString();
        d.patientId = q.value(1).toString();
        d.relatedPersonId = q.value(2).toString();
        d.relationship = q.value(3).toString();
        d.validFrom = QDate::fromString(q.value(4).toString(), Qt::ISODate);
        d.validTo = QDate::fromString(q.value(5).toString(), Qt::ISODate);
        d.status = statusFrom(q.value(6).toString());
        d.ceiling = q.value(7).toString();
        out.append(d);
    }
    return out;
}

Expected<QList<Persona>, QString> PersonaStore::personas() const
{
    return selectPersonas({}, {});
}

Expected<std::optional<Persona>, QString> PersonaStore::find(const QString &username) const
{
    auto found = selectPersonas(QStringLiteral(" WHERE username = ?"), {username});
    if (!found)
        return found.error();
    return found->isEmpty() ? std::optional<Persona>() : std::optional<Persona>(found->constFirst());
}

Expected<std::optional<Persona>, QString> PersonaStore::findMember(const QString &patientId) const
{
    auto found = selectPersonas(QStringLiteral(" WHERE kind = 'member' AND patient_id = ?"), {patientId});
    if (!found)
        return found.error();
    return found->isEmpty() ? std::optional<Persona>() : std::optional<Persona>(found->constFirst());
}

Expected<QList<Delegation>, QString> PersonaStore::delegations() const
{
    return selectDelegations({}, {});
}

Expected<QList<Delegation>, QString> PersonaStore::delegationsOf(const QString &delegate) const
{
    return selectDelegations(QStringLiteral(" WHERE delegate = ?"), {delegate});
}

Expected<std::optional<Delegation>, QString> PersonaStore::delegation(const QString &delegate, const QString &patientId) const
{
    auto found = selectDelegations(QStringLiteral(" WHERE delegate = ? AND patient_id = ?"), {delegate, patientId});
    if (!found)
        return found.error();
    return found->isEmpty() ? std::optional<Delegation>() : std::optional<Delegation>(found->constFirst());
}

} // namespace paw::auth
