#pragma once

#include "http/HttpRequest.h"
#include "http/HttpResponse.h"

#include <QByteArrayList>
#include <QList>
#include <QRegularExpression>
#include <QStringList>
#include <functional>

namespace paw::http {

/// Maps (method, path) to a handler. Patterns are literal paths with `{name}` segments that match
/// one non-empty path segment ("/fhir/{type}/{id}"); handlers get the segments in order.
/// A path that matches with another method answers 405 with `Allow`; GET routes also answer
/// HEAD (same headers, no body: dispatch() returns the GET body and the server drops it after
/// taking its Content-Length); OPTIONS on a known path answers 204 with `Allow`, or the CORS
/// preflight answer; an unknown path goes to the not-found handler (default: empty 404).
class Router
{
public:
    using Handler = std::function<HttpResponse(const HttpRequest &, const QStringList &captures)>;

    void route(const QByteArrayList &methods, const QString &pattern, Handler handler);
    void setNotFoundHandler(Handler handler);
    /// Builds the 405 response (default: empty body); the router adds the Allow header.
    void setMethodNotAllowedHandler(Handler handler);

    HttpResponse dispatch(const HttpRequest &request) const;
    /// The methods some route accepts for `path` (with HEAD where GET is), for OPTIONS and 405.
    QByteArrayList allowedMethods(const QString &path) const;

private:
    struct Route
    {
        QByteArrayList methods;
        QRegularExpression pattern;
        Handler handler;
    };
    QList<Route> m_routes;
    Handler m_notFound;
    Handler m_methodNotAllowed;
};

} // namespace paw::http
