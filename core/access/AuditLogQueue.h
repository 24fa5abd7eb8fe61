#pragma once

#include "access/AuditEvent.h"

#include <QList>
#include <deque>

namespace paw::access {

/// The events waiting for AuditLog's writer, at most `capacity` of them: when full, a new event
/// pushes out the oldest (and counts it), so that a stalled database costs bounded memory and the
/// newest events, the ones an incident is read from, survive. Not thread-safe: AuditLog locks.
class AuditLogQueue
{
public:
    explicit AuditLogQueue(int capacity);

    /// Appends `event`; returns true when the oldest waiting event had to be dropped for it.
    bool push(const AuditEvent &event);
    /// Puts back events taken for a write that failed, ahead of newer ones, as far as room allows
    /// (newer events win: the oldest of `events` are dropped first).
    void putBack(const QList<AuditEvent> &events);
    /// Removes and returns up to `count` of the oldest events.
    QList<AuditEvent> take(int count);

    qsizetype size() const { return qsizetype(m_events.size()); }
    bool isEmpty() const { return m_events.empty(); }
    qint64 dropped() const { return m_dropped; }

private:
    std::deque<AuditEvent> m_events;
    qsizetype m_capacity;
    qint64 m_dropped = 0;
};

} // namespace paw::access
