#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>

namespace paw::http {

/// One request as the connection guard parsed it (libhttp_parser): the raw request line parts,
/// headers, body, and whether the connection ends with this message. Queued per connection in
/// arrival order, so pipelined requests line up with their responses.
struct PendingMessage
{
    QByteArray method;        // as sent, e.g. "GET"
    QByteArray target;        // raw request-target, still percent-encoded: "/a%20b?x=1+2"
    QList<QPair<QByteArray, QByteArray>> headers; // in order, duplicates kept
    int httpMinor = 1;        // HTTP/1.x
    bool keepAlive = true;    // false: HTTP/1.0 without keep-alive, or "Connection: close"
    bool expectsContinue = false;
    bool continueSent = false;
    QByteArray body;
    bool complete = false;    // the whole message, body included, has arrived
};

} // namespace paw::http
