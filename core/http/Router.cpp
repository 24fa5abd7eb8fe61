#include "http/Router.h"

#include "http/CorsPolicy.h"

namespace paw::http {

namespace {

QRegularExpression compilePattern(const QString &pattern)
{
    // "{name}" matches one non-empty segment; everything else is literal ('.', '$', '+' ...).
    static const QRegularExpression placeholder(QStringLiteral("\\{[A-Za-z_][A-Za-z0-9_]*\\}"));
    QString regex;
    qsizetype last = 0;
    auto it = placeholder.globalMatch(pattern);
    while (it.hasNext()) {
        const QRegularExpressionMatch match = it.next();
        regex += QRegularExpression::escape(pattern.mid(last, match.capturedStart() - last));
        regex += QStringLiteral("([^/]+)");
        last = match.capturedEnd();
    }
    regex += QRegularExpression::escape(pattern.mid(last));
    QRegularExpression compiled(QRegularExpression::anchoredPattern(regex));
    Q_ASSERT_X(compiled.isValid(), "Router::route", "route pattern does not compile");
    return compiled;
}

HttpResponse emptyResponse(int status)
{
    HttpResponse response;
    response.status = status;
    return response;
}

} // namespace

void Router::route(const QByteArrayList &methods, const QString &pattern, Handler handler)
{
    QByteArrayList upper;
    for (const QByteArray &method : methods)
        upper.append(method.toUpper());
    m_routes.append({upper, compilePattern(pattern), std::move(handler)});
}

void Router::setNotFoundHandler(Handler handler)
{
    m_notFound = std::move(handler);
}

void Router::setMethodNotAllowedHandler(Handler handler)
{
    m_methodNotAllowed = std::move(handler);
}

HttpResponse Router::dispatch(const HttpRequest &request) const
{
    bool pathKnown = false;
    const Route *headFallback = nullptr;
    QStringList headCaptures;
    for (const Route &route : m_routes) {
        const QRegularExpressionMatch match = route.pattern.match(request.path);
        if (!match.hasMatch())
            continue;
        pathKnown = true;
        QStringList captures = match.capturedTexts();
        captures.removeFirst();
        if (route.methods.contains(request.method))
            return route.handler(request, captures);
        if (!headFallback && request.method == "HEAD" && route.methods.contains("GET")) {
            headFallback = &route;
            headCaptures = captures;
        }
    }
    // GET answers HEAD; the server sends the headers (Content-Length of this body) without it.
    if (headFallback)
        return headFallback->handler(request, headCaptures);
    if (!pathKnown)
        return m_notFound ? m_notFound(request, {}) : emptyResponse(404);

    const QByteArrayList allowed = allowedMethods(request.path);
    if (request.method == "OPTIONS") {
        if (CorsPolicy::isPreflight(request))
            return CorsPolicy::preflightResponse(allowed);
        HttpResponse response = emptyResponse(204);
        response.setHeader(QByteArrayLiteral("Allow"), allowed.join(", "));
        return response;
    }
    // RFC 9110 15.5.6: "The origin server MUST generate an Allow header field in a 405 response".
    HttpResponse response = m_methodNotAllowed ? m_methodNotAllowed(request, {}) : emptyResponse(405);
    response.status = 405;
    response.setHeader(QByteArrayLiteral("Allow"), allowed.join(", "));
    return response;
}

QByteArrayList Router::allowedMethods(const QString &path) const
{
    QByteArrayList methods;
    for (const Route &route : m_routes) {
        if (!route.pattern.match(path).hasMatch())
            continue;
        for (const QByteArray &method : route.methods) {
            if (!methods.contains(method))
                methods.append(method);
            if (method == "GET" && !methods.contains("HEAD"))
                methods.append(QByteArrayLiteral("HEAD"));
        }
    }
    // Every known path answers OPTIONS (Allow or a CORS preflight).
    if (!methods.isEmpty() && !methods.contains("OPTIONS"))
        methods.append(QByteArrayLiteral("OPTIONS"));
    return methods;
}

} // namespace paw::http
