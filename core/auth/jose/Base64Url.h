#pragma once

#include "Expected.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace paw::auth {

/// base64url without padding (RFC 7515 §2), the encoding of every JOSE part.
class Base64Url
{
public:
    static QByteArray encode(QByteArrayView data);

    /// Strict: only the URL-safe alphabet, no padding, no whitespace, no impossible length.
    static Expected<QByteArray, QString> decode(QByteArrayView text);
};

} // namespace paw::auth
