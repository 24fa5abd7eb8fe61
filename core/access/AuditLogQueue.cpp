#include "access/AuditLogQueue.h"

namespace paw::access {

AuditLogQueue::AuditLogQueue(int capacity)
    : m_capacity(qMax(1, capacity))
{
}

bool AuditLogQueue::push(const AuditEvent &event)
{
    const bool full = qsizetype(m_events.size()) >= m_capacity;
    if (full) {
        m_events.pop_front();
        ++m_dropped;
    }
    m_events.push_back(event);
    return full;
}

void AuditLogQueue::putBack(const QList<AuditEvent> &events)
{
    const qsizetype room = m_capacity - qsizetype(m_events.size());
    const qsizetype kept = qBound(qsizetype(0), room, events.size());
    m_dropped += events.size() - kept;
    // The newest `kept` of them, in their order, before everything queued since.
    for (qsizetype i = events.size() - 1; i >= events.size() - kept; --i)
        m_events.push_front(events.at(i));
}

QList<AuditEvent> AuditLogQueue::take(int count)
{
    QList<AuditEvent> out;
    const qsizetype n = qMin(qsizetype(count), qsizetype(m_events.size()));
    out.reserve(n);
    for (qsizetype i = 0; i < n; ++i) {
        out.append(std::move(m_events.front()));
        m_events.pop_front();
    }
    return out;
}

} // namespace paw::access
