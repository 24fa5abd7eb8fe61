#include "auth/RedirectUri.h"

#include <QUrl>

namespace paw::auth {

QString RedirectUri::withParameters(const QString &redirectUri, const QList<QPair<QString, QString>> &parameters)
{
    QString query;
    for (const auto &[name, value] : parameters) {
        if (!query.isEmpty())
            query += u'&';
        query += QString::fromLatin1(QUrl::toPercentEncoding(name)) + u'='
                 + QString::fromLatin1(QUrl::toPercentEncoding(value));
    }
    // A registered URI never has a fragment (RedirectUriRule), so the query is at the end.
    const QChar separator = redirectUri.contains(u'?') ? u'&' : u'?';
    return query.isEmpty() ? redirectUri : redirectUri + separator + query;
}

QString RedirectUri::formActionSource(const QString &redirectUri)
{
    const QUrl url(redirectUri, QUrl::StrictMode);
    if (!url.isValid() || url.scheme().isEmpty())
        return {};
    if (url.scheme() == u"http" || url.scheme() == u"https")
        return url.toString(QUrl::RemovePath | QUrl::RemoveQuery | QUrl::RemoveFragment | QUrl::RemoveUserInfo);
    return url.scheme() + u':';
}

} // namespace paw::auth
