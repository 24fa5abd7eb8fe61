#include "auth/AssertionJtiStore.h"

#include "storage/SqlText.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

namespace paw::auth {

AssertionJtiStore::AssertionJtiStore(std::shared_ptr<storage::Database> database, const platform::Clock &clock)
    : m_database(std::move(database))
    , m_clock(clock)
{
}

Expected<bool, QString> AssertionJtiStore::remember(const QString &clientId, const QString &jti, qint64 keepUntilMs)
{
    QSqlDatabase db = m_database->connection();
    QSqlQuery prune(db);
    prune.prepare(QStringLiteral("DELETE FROM client_assertion_jti WHERE expires <= ?"));
    prune.addBindValue(m_clock.nowMs());
    if (!prune.exec())
        return prune.lastError().text();
    // The insert is the atomic test: of two requests with the same jti only one adds the row.
    QSqlQuery insert(db);
    insert.prepare(QStringLiteral("INSERT INTO client_assertion_jti (client_id, jti, expires) VALUES (?, ?, ?)"
                                  " ON CONFLICT DO NOTHING"));
    insert.addBindValue(storage::sqlText(clientId));
    insert.addBindValue(storage::sqlText(jti));
    insert.addBindValue(keepUntilMs);
    if (!insert.exec())
        return insert.lastError().text();
    return insert.numRowsAffected() == 1;
}

} // namespace paw::auth
