#pragma once

// An application/x-www-form-urlencoded body, as a client sends a form or a token request.

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

namespace paw::test {

/// Each name and value percent-encoded (so '+' and ' ' arrive as themselves), joined by '&'.
inline QByteArray formBody(const QList<QPair<QString, QString>> &pairs)
{
    QByteArray body;
    for (const auto &[name, value] : pairs) {
        if (!body.isEmpty())
            body += '&';
        body += QUrl::toPercentEncoding(name) + '=' + QUrl::toPercentEncoding(value);
    }
    return body;
}

} // namespace paw::test
