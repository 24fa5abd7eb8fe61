#include "http/CorsPolicy.h"
#include "http/Router.h"

#include <QTest>

using namespace paw::http;

using Headers = QList<QPair<QByteArray, QByteArray>>;

namespace {

HttpRequest request(const QByteArray &method, const QString &path, Headers headers = {})
{
    HttpRequest r;
    r.method = method;
    r.path = path;
    r.headers = std::move(headers);
    return r;
}

// Answers with "<route>|<captures joined by ,>" so tests see which handler ran with what.
Router::Handler named(const QByteArray &name)
{
    return [name](const HttpRequest &, const QStringList &captures) {
        return HttpResponse::withBody(200, "text/plain", name + '|' + captures.join(u',').toUtf8());
    };
}

Router makeRouter()
{
    Router router;
    router.route({"GET"}, QStringLiteral("/fhir/metadata"), named("metadata"));
    router.route({"GET", "PUT"}, QStringLiteral("/fhir/{type}/{id}"), named("instance"));
    router.route({"POST"}, QStringLiteral("/fhir/{type}"), named("create"));
    router.route({"GET"}, QStringLiteral("/fhir/{type}/{id}/_history/{vid}"), named("version"));
    router.route({"post"}, QStringLiteral("/oauth/token.json"), named("token"));
    router.route({"GET"}, QStringLiteral("/price/$list+(1)"), named("literal"));
    return router;
}

} // namespace

class TestRouter : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void dispatch_data();
    void dispatch();
    void allowedMethods();
    void customHandlers();
    void options_data();
    void options();
    void cors_data();
    void cors();
};

void TestRouter::dispatch_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QByteArray>("allow");

    QTest::addRow("matches a literal path") << QByteArray("GET") << u"/fhir/metadata"_qs << 200
                                            << QByteArray("metadata|") << QByteArray();
    QTest::addRow("passes captures in order") << QByteArray("GET") << u"/fhir/Patient/123"_qs << 200
                                              << QByteArray("instance|Patient,123") << QByteArray();
    QTest::addRow("matches the second method of a route") << QByteArray("PUT") << u"/fhir/Patient/123"_qs << 200
                                                          << QByteArray("instance|Patient,123") << QByteArray();
    QTest::addRow("answers HEAD with the GET route") << QByteArray("HEAD") << u"/fhir/Patient/1/_history/2"_qs
                                                     << 200 << QByteArray("version|Patient,1,2") << QByteArray();
    QTest::addRow("upper-cases route methods") << QByteArray("POST") << u"/oauth/token.json"_qs << 200
                                               << QByteArray("token|") << QByteArray();
    QTest::addRow("treats regex characters in patterns literally") << QByteArray("GET") << u"/price/$list+(1)"_qs
                                                                   << 200 << QByteArray("literal|") << QByteArray();

    QTest::addRow("answers 404 for an unknown path") << QByteArray("GET") << u"/nothing"_qs << 404 << QByteArray()
                                                     << QByteArray();
    QTest::addRow("does not let a capture match an empty segment") << QByteArray("GET") << u"/fhir/Patient/"_qs
                                                                   << 404 << QByteArray() << QByteArray();
    QTest::addRow("does not let a capture span a slash") << QByteArray("POST") << u"/fhir/a/b/c"_qs << 404
                                                         << QByteArray() << QByteArray();
    QTest::addRow("anchors patterns at both ends") << QByteArray("GET") << u"/x/fhir/metadata/y"_qs << 404
                                                   << QByteArray() << QByteArray();
    QTest::addRow("does not treat '.' in a pattern as any character")
        << QByteArray("POST") << u"/oauth/tokenXjson"_qs << 404 << QByteArray() << QByteArray();
    QTest::addRow("answers 405 with Allow for another method") << QByteArray("DELETE") << u"/fhir/Patient/1"_qs << 405
                                                               << QByteArray() << QByteArray("GET, HEAD, PUT, OPTIONS");
    QTest::addRow("does not answer HEAD for a POST-only route") << QByteArray("HEAD") << u"/fhir/Patient"_qs << 405
                                                                << QByteArray() << QByteArray("POST, OPTIONS");
}

void TestRouter::dispatch()
{
    QFETCH(QByteArray, method);
    QFETCH(QString, path);
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, allow);
    const HttpResponse response = makeRouter().dispatch(request(method, path));
    QCOMPARE(response.status, status);
    QCOMPARE(response.body, body);
    QCOMPARE(response.header("Allow"), allow);
}

void TestRouter::allowedMethods()
{
    const Router router = makeRouter();
    QCOMPARE(router.allowedMethods(u"/fhir/Patient/1"_qs), (QByteArrayList{"GET", "HEAD", "PUT", "OPTIONS"}));
    QCOMPARE(router.allowedMethods(u"/fhir/Patient"_qs), (QByteArrayList{"POST", "OPTIONS"}));
    QCOMPARE(router.allowedMethods(u"/unknown"_qs), QByteArrayList());
}

void TestRouter::customHandlers()
{
    Router router = makeRouter();
    router.setNotFoundHandler([](const HttpRequest &, const QStringList &) {
        return HttpResponse::withBody(404, "application/json", "{\"missing\":true}");
    });
    router.setMethodNotAllowedHandler([](const HttpRequest &, const QStringList &) {
        return HttpResponse::withBody(400, "application/json", "{\"method\":false}"); // status forced to 405
    });
    const HttpResponse missing = router.dispatch(request("GET", u"/nope"_qs));
    QCOMPARE(missing.status, 404);
    QCOMPARE(missing.body, QByteArray("{\"missing\":true}"));
    const HttpResponse wrongMethod = router.dispatch(request("PATCH", u"/fhir/metadata"_qs));
    QCOMPARE(wrongMethod.status, 405);
    QCOMPARE(wrongMethod.body, QByteArray("{\"method\":false}"));
    // "/fhir/metadata" is also a "/fhir/{type}" (POST): Allow lists every route the path matches.
    QCOMPARE(wrongMethod.header("Allow"), QByteArray("GET, HEAD, POST, OPTIONS"));
}

void TestRouter::options_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<Headers>("headers");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("allow");
    QTest::addColumn<QByteArray>("allowMethods");

    QTest::addRow("answers a plain OPTIONS with Allow") << u"/fhir/Patient/1"_qs << Headers{} << 204
                                                        << QByteArray("GET, HEAD, PUT, OPTIONS") << QByteArray();
    QTest::addRow("answers a preflight with the allowed methods")
        << u"/fhir/Patient"_qs
        << Headers{{"Origin", "https://app.example"}, {"Access-Control-Request-Method", "POST"}} << 204
        << QByteArray() << QByteArray("POST, OPTIONS");

    QTest::addRow("treats OPTIONS without Access-Control-Request-Method as plain")
        << u"/fhir/Patient"_qs << Headers{{"Origin", "https://app.example"}} << 204 << QByteArray("POST, OPTIONS")
        << QByteArray();
    QTest::addRow("answers 404 to a preflight for an unknown path")
        << u"/nope"_qs << Headers{{"Origin", "https://app.example"}, {"Access-Control-Request-Method", "GET"}} << 404
        << QByteArray() << QByteArray();
}

void TestRouter::options()
{
    QFETCH(QString, path);
    QFETCH(Headers, headers);
    QFETCH(int, status);
    QFETCH(QByteArray, allow);
    QFETCH(QByteArray, allowMethods);
    const HttpResponse response = makeRouter().dispatch(request("OPTIONS", path, headers));
    QCOMPARE(response.status, status);
    QCOMPARE(response.header("Allow"), allow);
    QCOMPARE(response.header("Access-Control-Allow-Methods"), allowMethods);
    if (!allowMethods.isEmpty()) {
        QCOMPARE(response.header("Access-Control-Allow-Headers"),
                 QByteArray("Authorization, Content-Type, Accept, Prefer, If-None-Match, If-Modified-Since"));
        QCOMPARE(response.header("Access-Control-Max-Age"), QByteArray("600"));
    }
    QVERIFY(response.body.isEmpty());
}

void TestRouter::cors_data()
{
    QTest::addColumn<QByteArrayList>("allowed");
    QTest::addColumn<QByteArray>("origin");
    QTest::addColumn<QByteArray>("allowOrigin");
    QTest::addColumn<QByteArray>("vary");

    const QByteArrayList list{"https://app.example", "http://localhost:3000"};
    QTest::addRow("answers '*' for any origin with a wildcard") << QByteArrayList{"*"} << QByteArray("https://x.example")
                                                                << QByteArray("*") << QByteArray();
    QTest::addRow("echoes a listed origin and varies on Origin") << list << QByteArray("http://localhost:3000")
                                                                 << QByteArray("http://localhost:3000")
                                                                 << QByteArray("Origin");
    QTest::addRow("echoes the first listed origin") << list << QByteArray("https://app.example")
                                                    << QByteArray("https://app.example") << QByteArray("Origin");

    QTest::addRow("omits CORS for an unlisted origin") << list << QByteArray("https://evil.example") << QByteArray()
                                                       << QByteArray("Origin");
    QTest::addRow("omits CORS for a listed origin with another port")
        << list << QByteArray("http://localhost:3001") << QByteArray() << QByteArray("Origin");
    QTest::addRow("omits CORS without an Origin header") << QByteArrayList{"*"} << QByteArray() << QByteArray()
                                                         << QByteArray();
    QTest::addRow("omits CORS when no origin is configured") << QByteArrayList{} << QByteArray("https://app.example")
                                                             << QByteArray() << QByteArray();
}

void TestRouter::cors()
{
    QFETCH(QByteArrayList, allowed);
    QFETCH(QByteArray, origin);
    QFETCH(QByteArray, allowOrigin);
    QFETCH(QByteArray, vary);
    const CorsPolicy policy(allowed);
    HttpRequest r = request("GET", u"/fhir/metadata"_qs);
    if (!origin.isEmpty())
        r.headers.append({"Origin", origin});
    HttpResponse response = HttpResponse::withBody(200, "application/json", "{}");
    policy.apply(r, response);
    QCOMPARE(response.header("Access-Control-Allow-Origin"), allowOrigin);
    QCOMPARE(response.header("Vary"), vary);
    QCOMPARE(response.header("Access-Control-Expose-Headers"),
             allowOrigin.isEmpty() ? QByteArray() : QByteArray("ETag, Location, Last-Modified, Content-Location, WWW-Authenticate"));
}

QTEST_GUILESS_MAIN(TestRouter)
#include "TestRouter.moc"
