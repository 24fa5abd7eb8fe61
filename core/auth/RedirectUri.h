#pragma once

#include <QList>
#include <QPair>
#include <QString>

namespace paw::auth {

/// Builds the redirect back to the app (RFC 6749 §4.1.2): the registered URI with the response
/// parameters added to its query, keeping any query it already has (§3.1.2: "MUST retain the
/// query component"). Values are percent-encoded.
class RedirectUri
{
public:
    static QString withParameters(const QString &redirectUri, const QList<QPair<QString, QString>> &parameters);
    /// What the page's Content-Security-Policy `form-action` must allow so that the browser
    /// follows the redirect after a form post: the URI's origin, or its scheme for a private-use
    /// scheme ("com.example.app:").
    static QString formActionSource(const QString &redirectUri);
};

} // namespace paw::auth
