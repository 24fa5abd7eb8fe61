#pragma once

#include "http/HttpRequest.h"
#include "http/HttpResponse.h"

#include <QByteArrayList>

namespace paw::http {

/// Cross-origin resource sharing (Fetch standard, "CORS protocol") for the whole server: which
/// origins may read responses, and the preflight answer. The server applies it to every
/// response in one place; the router only asks whether an OPTIONS request is a preflight.
class CorsPolicy
{
public:
    /// `allowedOrigins` holds exact origins ("https://app.example") or "*" for any origin.
    explicit CorsPolicy(QByteArrayList allowedOrigins = {});

    bool allowsOrigin(QByteArrayView origin) const;

    /// A preflight is an OPTIONS request with Origin and Access-Control-Request-Method.
    static bool isPreflight(const HttpRequest &request);
    /// The 204 answer to a preflight for a path that accepts `allowedMethods`.
    static HttpResponse preflightResponse(const QByteArrayList &allowedMethods);

    /// Adds Access-Control-Allow-Origin (and Vary, Expose-Headers) when the request's Origin is
    /// allowed; leaves the response alone otherwise.
    void apply(const HttpRequest &request, HttpResponse &response) const;

private:
    QByteArrayList m_allowedOrigins;
    bool m_anyOrigin = false;
};

} // namespace paw::http
