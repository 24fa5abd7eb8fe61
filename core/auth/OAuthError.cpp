#include "auth/OAuthError.h"

#include "auth/TokenResponseHeaders.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace paw::auth {

namespace {

OAuthError make(const char *code, const QString &description, int status)
{
    return OAuthError{QString::fromLatin1(code), description, status, false};
}

// RFC 6749 §5.2: error_description is limited to %x20-21 / %x23-5B / %x5D-7E.
QString printable(const QString &text)
{
    QString out = text;
    for (QChar &c : out) {
        const char16_t u = c.unicode();
        if (u == u'"')
            c = u'\'';
        else if (u == u'\\')
            c = u'/';
        else if (u < 0x20 || u > 0x7e)
            c = u'?';
    }
    return out;
}

} // namespace

OAuthError OAuthError::invalidRequest(const QString &description)
{
    return make("invalid_request", description, 400);
}

OAuthError OAuthError::invalidClient(const QString &description, bool basicChallenge)
{
    OAuthError e = make("invalid_client", description, 401);
    e.basicChallenge = basicChallenge;
    return e;
}

OAuthError OAuthError::invalidGrant(const QString &description)
{
    return make("invalid_grant", description, 400);
}

OAuthError OAuthError::unauthorizedClient(const QString &description)
{
    return make("unauthorized_client", description, 400);
}

OAuthError OAuthError::unsupportedGrantType(const QString &description)
{
    return make("unsupported_grant_type", description, 400);
}

OAuthError OAuthError::invalidScope(const QString &description)
{
    return make("invalid_scope", description, 400);
}

OAuthError OAuthError::serverError(const QString &description)
{
    return make("server_error", description, 500);
}

http::HttpResponse OAuthError::toResponse() const
{
    QJsonObject body{{QStringLiteral("error"), error}};
    if (!description.isEmpty())
        body.insert(QStringLiteral("error_description"), printable(description));
    http::HttpResponse response = TokenResponseHeaders::json(status, body);
    // RFC 6749 §5.2: a client that authenticated through the Authorization header gets a 401
    // with the scheme it used.
    if (basicChallenge)
        response.setHeader(QByteArrayLiteral("WWW-Authenticate"), QByteArrayLiteral("Basic realm=\"paw\""));
    return response;
}

} // namespace paw::auth
