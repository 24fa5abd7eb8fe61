#include "http/CorsPolicy.h"

namespace paw::http {

CorsPolicy::CorsPolicy(QByteArrayList allowedOrigins)
    : m_allowedOrigins(std::move(allowedOrigins))
    , m_anyOrigin(m_allowedOrigins.contains(QByteArrayLiteral("*")))
{
}

bool CorsPolicy::allowsOrigin(QByteArrayView origin) const
{
    if (origin.isEmpty())
        return false;
    if (m_anyOrigin)
        return true;
    // Origins are compared byte for byte: "https://a.example" is not "https://a.example:443".
    for (const QByteArray &allowed : m_allowedOrigins) {
        if (QByteArrayView(allowed) == origin)
            return true;
    }
    return false;
}

bool CorsPolicy::isPreflight(const HttpRequest &request)
{
    return request.method == "OPTIONS" && !request.header("Origin").isEmpty()
           && !request.header("Access-Control-Request-Method").isEmpty();
}

HttpResponse CorsPolicy::preflightResponse(const QByteArrayList &allowedMethods)
{
    HttpResponse response;
    response.status = 204;
    response.setHeader(QByteArrayLiteral("Access-Control-Allow-Methods"), allowedMethods.join(", "));
    response.setHeader(QByteArrayLiteral("Access-Control-Allow-Headers"),
                       QByteArrayLiteral("Authorization, Content-Type, Accept, Prefer, If-None-Match, "
                                         "If-Modified-Since"));
    response.setHeader(QByteArrayLiteral("Access-Control-Max-Age"), QByteArrayLiteral("600"));
    return response;
}

void CorsPolicy::apply(const HttpRequest &request, HttpResponse &response) const
{
    if (!m_anyOrigin && !m_allowedOrigins.isEmpty()) {
        // The answer depends on Origin whenever origins are listed, so caches must key on it.
        const QByteArray vary = response.header("Vary");
        if (vary.isEmpty())
            response.setHeader(QByteArrayLiteral("Vary"), QByteArrayLiteral("Origin"));
        else if (!vary.toLower().contains("origin"))
            response.setHeader(QByteArrayLiteral("Vary"), vary + ", Origin");
    }
    const QByteArray origin = request.header("Origin");
    // HTML pages (login, consent) are for a browser tab, never for another site's script.
    if (!allowsOrigin(origin) || response.header("Content-Type").startsWith("text/html"))
        return;
    response.setHeader(QByteArrayLiteral("Access-Control-Allow-Origin"),
                       m_anyOrigin ? QByteArrayLiteral("*") : origin);
    response.setHeader(QByteArrayLiteral("Access-Control-Expose-Headers"),
                       QByteArrayLiteral("ETag, Location, Last-Modified, Content-Location, WWW-Authenticate"));
}

} // namespace paw::http
