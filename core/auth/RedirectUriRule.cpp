#include "auth/RedirectUriRule.h"

#include <QCoreApplication>
#include <QHostAddress>
#include <QUrl>

namespace paw::auth {

QString RedirectUriRule::check(const QString &uri)
{
    const QUrl url(uri, QUrl::StrictMode);
    if (uri.trimmed() != uri || !url.isValid() || url.isRelative() || url.host().isEmpty())
        return QCoreApplication::translate("RedirectUriRule", "not an absolute URL");
    if (url.hasFragment() || uri.contains(u'#'))
        return QCoreApplication::translate("RedirectUriRule", "a redirect URI may not have a fragment (#...)");
    if (!url.userInfo().isEmpty())
        return QCoreApplication::translate("RedirectUriRule", "a redirect URI may not carry a user name or password");
    const QString scheme = url.scheme();
    if (scheme == QLatin1String("https"))
        return {};
    if (scheme == QLatin1String("http")) {
        // "localhost" may resolve elsewhere (RFC 8252 §8.3): only literal loopback addresses.
        const QHostAddress host(url.host());
        if (!host.isNull() && host.isLoopback())
            return {};
        return QCoreApplication::translate("RedirectUriRule", "http is allowed only to a loopback address (127.0.0.1 or [::1]); use https");
    }
    return QCoreApplication::translate("RedirectUriRule", "the scheme must be https (or http to a loopback address)");
}

} // namespace paw::auth
