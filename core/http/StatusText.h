#pragma once

#include <QByteArray>

namespace paw::http {

/// The reason phrase of an HTTP status (RFC 9110 §15) for the status line; clients ignore it,
/// people reading a capture do not.
QByteArray reasonPhrase(int status);

} // namespace paw::http
