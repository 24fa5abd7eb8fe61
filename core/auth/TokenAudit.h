#pragma once

#include "access/AuditEvent.h"
#include "platform/Clock.h"

namespace paw::auth {

/// Sends the token side's audit events (kind Token, stamped by the injected clock) to the
/// optional sink. Callers fill in token ids (jti), never token values.
class TokenAudit
{
public:
    TokenAudit(access::AuditSink *sink, const platform::Clock &clock) : m_sink(sink), m_clock(clock) {}

    void record(access::AuditEvent event) const;

private:
    access::AuditSink *m_sink;
    const platform::Clock &m_clock;
};

} // namespace paw::auth
