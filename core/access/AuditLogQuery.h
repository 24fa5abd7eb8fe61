#pragma once

#include <QString>

namespace paw::access {

/// Which audit events to list (AuditLog::query): every set filter must match; the newest come
/// first, at most `limit` of them.
struct AuditLogQuery
{
    QString patientId;   // empty: any patient
    QString clientId;    // empty: any client
    qint64 sinceMs = 0;  // events at or after this time (epoch ms); 0: from the start
    qint64 untilMs = 0;  // events before this time; 0: up to now
    int limit = 100;     // 1 or more
};

} // namespace paw::access
