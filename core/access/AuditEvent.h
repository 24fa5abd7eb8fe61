#pragma once

#include <QString>

namespace paw::access {

/// One audited event (issue 4): a token issued or refused, or a FHIR request answered or refused.
/// Never holds a token value, a code or a secret: token ids (jti) only.
struct AuditEvent
{
    enum class Kind { Token, Fhir };

    qint64 timeMs = 0;    // from the injected clock
    Kind kind = Kind::Fhir;
    QString clientId;     // empty when the client is unknown
    QString username;     // who acted: the member, or the delegate acting for them
    QString patientId;    // the patient in context
    QString interaction;  // Fhir: read, vread, history, search; Token: authorization_code, refresh_token, revoke
    QString query;        // Fhir: path and query string as received; Token: the granted scope
    int resultCount = 0;  // Fhir: resources returned (matches and included)
    int status = 0;       // HTTP status of the answer
    QString outcome;      // "ok", or the error code (invalid_token, insufficient_scope, invalid_grant, ...)
    QString tokenId;      // jti of the access token used or issued

    static QString kindName(Kind kind) { return kind == Kind::Token ? QStringLiteral("token") : QStringLiteral("fhir"); }
};

/// Where audit events go. Implementations must be safe to call from any worker thread and must
/// not block the request for long (the database-backed one queues and writes in batches).
class AuditSink
{
public:
    virtual ~AuditSink() = default;
    virtual void record(const AuditEvent &event) = 0;
};

} // namespace paw::access
