#include "auth/jose/Base64Url.h"

#include <algorithm>

namespace paw::auth {

namespace {

bool isUrlSafe(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

} // namespace

QByteArray Base64Url::encode(QByteArrayView data)
{
    return data.toByteArray().toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

Expected<QByteArray, QString> Base64Url::decode(QByteArrayView text)
{
    // RFC 7515 §2: "with all trailing '=' characters omitted ... and without the inclusion of any
    // line breaks, whitespace, or other additional characters".
    if (!std::all_of(text.begin(), text.end(), isUrlSafe))
        return QStringLiteral("not base64url (a character outside A-Z a-z 0-9 - _)");
    // One character left over carries only 6 bits: no byte string encodes to that.
    if (text.size() % 4 == 1)
        return QStringLiteral("not base64url (impossible length)");
    auto result = QByteArray::fromBase64Encoding(text.toByteArray(), QByteArray::Base64UrlEncoding
                                                     | QByteArray::OmitTrailingEquals
                                                     | QByteArray::AbortOnBase64DecodingErrors);
    if (!result)
        return QStringLiteral("not base64url");
    return std::move(result.decoded);
}

} // namespace paw::auth
