#include "http/HttpRequest.h"

namespace paw::http {

namespace {

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

// Decodes %XX escapes (and '+' when `plusIsSpace`) to bytes; a '%' not followed by two hex
// digits is kept as it is, so malformed input is never silently dropped.
QByteArray percentDecode(QByteArrayView encoded, bool plusIsSpace)
{
    QByteArray decoded;
    decoded.reserve(encoded.size());
    for (qsizetype i = 0; i < encoded.size(); ++i) {
        const char c = encoded[i];
        if (c == '+' && plusIsSpace) {
            decoded.append(' ');
        } else if (c == '%' && i + 2 < encoded.size() && hexValue(encoded[i + 1]) >= 0
                   && hexValue(encoded[i + 2]) >= 0) {
            decoded.append(char(hexValue(encoded[i + 1]) * 16 + hexValue(encoded[i + 2])));
            i += 2;
        } else {
            decoded.append(c);
        }
    }
    return decoded;
}

} // namespace

QByteArray HttpRequest::header(QByteArrayView name) const
{
    for (const auto &[key, value] : headers) {
        if (QByteArrayView(key).compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

QList<QPair<QString, QString>> decodeFormUrlEncoded(QByteArrayView encoded)
{
    QList<QPair<QString, QString>> pairs;
    qsizetype start = 0;
    while (start <= encoded.size()) {
        qsizetype end = encoded.indexOf('&', start);
        if (end < 0)
            end = encoded.size();
        const QByteArrayView piece = encoded.sliced(start, end - start);
        if (!piece.isEmpty()) { // "a=1&&b=2" and a trailing '&' carry no pair
            const qsizetype eq = piece.indexOf('=');
            const QByteArrayView name = eq < 0 ? piece : piece.first(eq);
            const QByteArrayView value = eq < 0 ? QByteArrayView() : piece.sliced(eq + 1);
            pairs.append({QString::fromUtf8(percentDecode(name, true)),
                          QString::fromUtf8(percentDecode(value, true))});
        }
        start = end + 1;
    }
    return pairs;
}

QString decodePercentEncoded(QByteArrayView encoded)
{
    return QString::fromUtf8(percentDecode(encoded, false));
}

} // namespace paw::http
