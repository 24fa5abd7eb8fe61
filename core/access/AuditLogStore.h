#pragma once

#include "Expected.h"
#include "access/AuditEvent.h"
#include "access/AuditLogQuery.h"
#include "storage/Database.h"
#include "storage/SqlSession.h"

#include <QList>
#include <memory>

namespace paw::access {

/// The audit_event table (schema step 7). An instance writes on the thread that first calls
/// insert() (it keeps that thread's native session); select() runs on the caller's connection.
class AuditLogStore
{
public:
    explicit AuditLogStore(std::shared_ptr<storage::Database> database);
    ~AuditLogStore();

    /// Appends `events` in one transaction: all or none. Empty on success.
    [[nodiscard]] QString insert(const QList<AuditEvent> &events);
    /// The events `query` selects, newest first.
    Expected<QList<AuditEvent>, QString> select(const AuditLogQuery &query) const;

private:
    QString abandon(const QString &error);

    std::shared_ptr<storage::Database> m_database;
    std::unique_ptr<storage::SqlSession> m_session;
    storage::SqlSession::Inserter *m_inserter = nullptr; // owned by m_session
};

} // namespace paw::access
