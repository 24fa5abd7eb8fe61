#include "auth/TokenAudit.h"

namespace paw::auth {

void TokenAudit::record(access::AuditEvent event) const
{
    if (!m_sink)
        return;
    event.timeMs = m_clock.nowMs();
    event.kind = access::AuditEvent::Kind::Token;
    m_sink->record(event);
}

} // namespace paw::auth
