#include "http/HttpService.h"

#include <QElapsedTimer>
#include <QMutex>
#include <QProcess>
#include <QSet>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>
#include <optional>
#include <stdexcept>

using namespace paw::http;

namespace {

constexpr int kWaitMs = 5000;

struct RawResponse
{
    int status = 0;
    QList<QPair<QByteArray, QByteArray>> headers;
    QByteArray body;

    QByteArray header(QByteArrayView name) const
    {
        for (const auto &[key, value] : headers) {
            if (QByteArrayView(key).compare(name, Qt::CaseInsensitive) == 0)
                return value;
        }
        return {};
    }
    bool hasHeader(QByteArrayView name) const
    {
        for (const auto &header : headers) {
            if (QByteArrayView(header.first).compare(name, Qt::CaseInsensitive) == 0)
                return true;
        }
        return false;
    }
};

// A blocking raw HTTP/1.1 client on the test thread (the server runs on its own threads).
class Client
{
public:
    bool connectTo(quint16 port)
    {
        m_socket.connectToHost(QHostAddress::LocalHost, port);
        return m_socket.waitForConnected(kWaitMs);
    }

    void send(const QByteArray &bytes)
    {
        m_socket.write(bytes);
        m_socket.waitForBytesWritten(kWaitMs);
    }

    /// The next response; `head` means it has no body whatever Content-Length says.
    std::optional<RawResponse> read(bool head = false)
    {
        qsizetype end = -1;
        while ((end = m_buffer.indexOf("\r\n\r\n")) < 0) {
            if (!fill())
                return std::nullopt;
        }
        const QList<QByteArray> lines = m_buffer.first(end).split('\n');
        m_buffer.remove(0, end + 4);
        RawResponse response;
        const QList<QByteArray> statusLine = lines.first().trimmed().split(' ');
        if (statusLine.size() < 2 || statusLine.first() != "HTTP/1.1")
            return std::nullopt;
        response.status = statusLine.at(1).toInt();
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const qsizetype colon = lines.at(i).indexOf(':');
            if (colon > 0)
                response.headers.append({lines.at(i).first(colon), lines.at(i).sliced(colon + 1).trimmed()});
        }
        const bool bodyless = head || response.status < 200 || response.status == 204 || response.status == 304;
        const qsizetype length = bodyless ? 0 : response.header("Content-Length").toLongLong();
        while (m_buffer.size() < length) {
            if (!fill())
                return std::nullopt;
        }
        response.body = m_buffer.first(length);
        m_buffer.remove(0, length);
        return response;
    }

    /// True when the server closes the connection (within the wait).
    bool closedByServer()
    {
        if (m_socket.state() != QAbstractSocket::UnconnectedState)
            m_socket.waitForDisconnected(kWaitMs);
        m_buffer += m_socket.readAll();
        return m_socket.state() == QAbstractSocket::UnconnectedState;
    }

    QByteArray unreadBytes() const { return m_buffer; }

private:
    bool fill()
    {
        if (m_socket.bytesAvailable() == 0 && !m_socket.waitForReadyRead(kWaitMs))
            return false;
        m_buffer += m_socket.readAll();
        return true;
    }

    QTcpSocket m_socket;
    QByteArray m_buffer;
};

QByteArray get(const QByteArray &target, const QByteArray &extraHeaders = {})
{
    return "GET " + target + " HTTP/1.1\r\nHost: localhost\r\n" + extraHeaders + "\r\n";
}

QByteArray chunked(const QByteArray &payload, int chunkSize)
{
    QByteArray out;
    for (qsizetype i = 0; i < payload.size(); i += chunkSize) {
        const QByteArray piece = payload.mid(i, chunkSize);
        out += QByteArray::number(piece.size(), 16) + "\r\n" + piece + "\r\n";
    }
    return out + "0\r\n\r\n";
}

} // namespace

class TestHttpService : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();

    void routerFactoryRunsOnEachWorkerThread();
    void keepAliveServesTwoRequestsOnOneConnection();
    void pipelinedRequestsAreAnsweredInOrder();
    void connectionHandling_data();
    void connectionHandling();
    void limits_data();
    void limits();
    void expectContinueGets100ThenTheResponse();
    void expectContinueOverTheLimitGets413Without100();
    void idleConnectionIsClosed();
    void headHasContentLengthAndNoBody();
    void securityHeadersOnEveryResponse_data();
    void securityHeadersOnEveryResponse();
    void cors_data();
    void cors();
    void pathAndQueryAreDecoded();
    void requestFinishedIsEmitted();
    void portInUseGivesAnError();
    void listensOnIPv6();
    void stopIsCleanAndRepeatable();
    void workerExitHookRunsOnEachWorkerBeforeStopReturns();
    void curlIsServed();

private:
    HttpServerConfig testConfig() const;
    static Router makeRouter(quint16 port = 0);

    HttpService m_service;
    QMutex m_threadsMutex;
    QSet<QThread *> m_factoryThreads;
    QSet<quint16> m_factoryPorts;
};

HttpServerConfig TestHttpService::testConfig() const
{
    HttpServerConfig config;
    config.port = 0;
    config.threads = 2;
    config.maxBodyBytes = 1024;
    config.maxHeaderBytes = 2048;
    config.idleTimeoutMs = 30000;
    config.corsAllowedOrigins = {"https://app.example"};
    return config;
}

Router TestHttpService::makeRouter(quint16)
{
    Router router;
    router.route({"GET"}, QStringLiteral("/hello"), [](const HttpRequest &, const QStringList &) {
        return HttpResponse::withBody(200, "text/plain", "hello");
    });
    router.route({"POST"}, QStringLiteral("/echo"), [](const HttpRequest &request, const QStringList &) {
        return HttpResponse::withBody(200, "application/octet-stream", request.body);
    });
    router.route({"GET"}, QStringLiteral("/items/{id}"), [](const HttpRequest &request, const QStringList &captures) {
        QByteArray text = "id=" + captures.value(0).toUtf8();
        for (const auto &[name, value] : request.query)
            text += ';' + name.toUtf8() + '=' + value.toUtf8();
        return HttpResponse::withBody(200, "text/plain", text);
    });
    router.route({"GET"}, QStringLiteral("/fail"), [](const HttpRequest &, const QStringList &) -> HttpResponse {
        throw std::runtime_error("handler bug");
    });
    return router;
}

void TestHttpService::initTestCase()
{
    const QString error = m_service.start(testConfig(), [this](quint16 port) {
        QMutexLocker lock(&m_threadsMutex);
        m_factoryThreads.insert(QThread::currentThread());
        m_factoryPorts.insert(port);
        return makeRouter(port);
    });
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(m_service.isRunning());
    QVERIFY(m_service.port() != 0);
}

void TestHttpService::cleanupTestCase()
{
    m_service.stop();
}

void TestHttpService::routerFactoryRunsOnEachWorkerThread()
{
    QMutexLocker lock(&m_threadsMutex);
    QCOMPARE(m_factoryThreads.size(), 2);
    QCOMPARE(m_factoryPorts, QSet<quint16>{m_service.port()}); // every worker is told the port it serves
    QVERIFY(!m_factoryThreads.contains(QThread::currentThread()));
}

void TestHttpService::keepAliveServesTwoRequestsOnOneConnection()
{
    Client client;
    QVERIFY(client.connectTo(m_service.port()));
    for (int i = 0; i < 2; ++i) {
        client.send(get("/hello"));
        const auto response = client.read();
        QVERIFY(response);
        QCOMPARE(response->status, 200);
        QCOMPARE(response->body, QByteArray("hello"));
        QVERIFY(!response->hasHeader("Connection"));
    }
}

void TestHttpService::pipelinedRequestsAreAnsweredInOrder()
{
    Client client;
    QVERIFY(client.connectTo(m_service.port()));
    client.send(get("/items/1") + get("/items/2") + "POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\nabc"
                + get("/items/4"));
    const QByteArrayList expected{"id=1", "id=2", "abc", "id=4"};
    for (const QByteArray &body : expected) {
        const auto response = client.read();
        QVERIFY(response);
        QCOMPARE(response->status, 200);
        QCOMPARE(response->body, body);
    }
}

void TestHttpService::connectionHandling_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<bool>("closes");
    QTest::addRow("keeps an HTTP/1.1 connection open")
        << QByteArray("GET /hello HTTP/1.1\r\nHost: x\r\n\r\n") << false;
    QTest::addRow("keeps an HTTP/1.0 connection that asks for keep-alive open")
        << QByteArray("GET /hello HTTP/1.0\r\nConnection: keep-alive\r\n\r\n") << false;
    QTest::addRow("closes after the response when the client sends Connection: close")
        << QByteArray("GET /hello HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n") << true;
    QTest::addRow("closes after the response to a plain HTTP/1.0 request")
        << QByteArray("GET /hello HTTP/1.0\r\n\r\n") << true;
}

void TestHttpService::connectionHandling()
{
    QFETCH(QByteArray, request);
    QFETCH(bool, closes);
    Client client;
    QVERIFY(client.connectTo(m_service.port()));
    // A second request pipelined behind the first must not be answered after a close.
    client.send(request + get("/items/2"));
    const auto first = client.read();
    QVERIFY(first);
    QCOMPARE(first->status, 200);
    QCOMPARE(first->body, QByteArray("hello"));
    if (closes) {
        QCOMPARE(first->header("Connection"), QByteArray("close"));
        QVERIFY(client.closedByServer());
        QCOMPARE(client.unreadBytes(), QByteArray());
    } else {
        const auto second = client.read();
        QVERIFY(second);
        QCOMPARE(second->body, QByteArray("id=2"));
    }
}

void TestHttpService::limits_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");

    const QByteArray post = "POST /echo HTTP/1.1\r\nHost: x\r\n";
    QTest::addRow("accepts a body exactly at the limit")
        << QByteArray(post + "Content-Length: 1024\r\n\r\n" + QByteArray(1024, 'a')) << 200;
    QTest::addRow("accepts an empty body")
        << QByteArray(post + "Content-Length: 0\r\n\r\n") << 200;
    QTest::addRow("accepts a chunked body within the limit")
        << QByteArray(post + "Transfer-Encoding: chunked\r\n\r\n" + chunked(QByteArray(1000, 'b'), 300)) << 200;
    QTest::addRow("accepts headers just under the limit")
        << get("/hello", "X-Pad: " + QByteArray(1800, 'p') + "\r\n") << 200;
    QTest::addRow("accepts many small headers")
        << get("/hello", QByteArray("X-A: 1\r\n").repeated(50)) << 200;

    QTest::addRow("rejects a declared body one byte over the limit without reading it")
        << QByteArray(post + "Content-Length: 1025\r\n\r\n") << 413;
    QTest::addRow("rejects a chunked body that grows past the limit")
        << QByteArray(post + "Transfer-Encoding: chunked\r\n\r\n" + chunked(QByteArray(1100, 'c'), 400)) << 413;
    QTest::addRow("rejects one header over the limit")
        << get("/hello", "X-Pad: " + QByteArray(3000, 'p') + "\r\n") << 431;
    QTest::addRow("rejects many headers adding up over the limit")
        << get("/hello", QByteArray("X-A: 1\r\n").repeated(300)) << 431;
    QTest::addRow("rejects a garbage request line") << QByteArray("NONSENSE\r\n\r\n") << 400;
    QTest::addRow("rejects a negative Content-Length")
        << QByteArray(post + "Content-Length: -1\r\n\r\n") << 400;
    QTest::addRow("rejects Content-Length together with chunked (request smuggling)")
        << QByteArray(post + "Content-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked("abcd", 4)) << 400;
}

void TestHttpService::limits()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    Client client;
    QVERIFY(client.connectTo(m_service.port()));
    client.send(request);
    const auto response = client.read();
    QVERIFY(response);
    QCOMPARE(response->status, status);
    if (status >= 400) {
        QCOMPARE(response->header("Content-Type"), QByteArray("application/json"));
        QVERIFY(response->body.startsWith("{\"error\":"));
        QCOMPARE(response->header("Connection"), QByteArray("close"));
        QVERIFY(client.closedByServer());
    } else {
        client.send(get("/hello")); // still usable
        QVERIFY(client.read());
    }
}

void TestHttpService::expectContinueGets100ThenTheResponse()
{
    Client client;
    QVERIFY(client.connectTo(m_service.port()));
    client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
    const auto interim = client.read();
    QVERIFY(interim);
    QCOMPARE(interim->status, 100);
    client.send("hello");
    const auto response = client.read();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(response->body, QByteArray("hello"));
}

void TestHttpService::expectContinueOverTheLimitGets413Without100()
{
    Client client;
    QVERIFY(client.connectTo(m_service.port()));
    client.send("POST /echo HTTP/1.1\r\nHost: x\r\nContent-Length: 2000000\r\nExpect: 100-continue\r\n\r\n");
    const auto response = client.read();
    QVERIFY(response);
    QCOMPARE(response->status, 413);
    QVERIFY(client.closedByServer());
}

void TestHttpService::idleConnectionIsClosed()
{
    HttpService service;
    HttpServerConfig config = testConfig();
    config.idleTimeoutMs = 200;
    QCOMPARE(service.start(config, &TestHttpService::makeRouter), QString());
    Client client;
    QVERIFY(client.connectTo(service.port()));
    client.send(get("/hello"));
    QVERIFY(client.read()); // traffic restarts the timer; then nothing more happens
    QElapsedTimer elapsed;
    elapsed.start();
    QVERIFY(client.closedByServer());
    QVERIFY2(elapsed.elapsed() >= 100, "closed long before the idle timeout");
}

void TestHttpService::headHasContentLengthAndNoBody()
{
    Client client;
    QVERIFY(client.connectTo(m_service.port()));
    client.send("HEAD /hello HTTP/1.1\r\nHost: x\r\n\r\n");
    const auto head = client.read(true);
    QVERIFY(head);
    QCOMPARE(head->status, 200);
    QCOMPARE(head->header("Content-Length"), QByteArray("5"));
    QCOMPARE(head->header("Content-Type"), QByteArray("text/plain"));
    // No body bytes: the next response starts right after the HEAD headers.
    client.send(get("/items/9"));
    const auto next = client.read();
    QVERIFY(next);
    QCOMPARE(next->body, QByteArray("id=9"));
}

void TestHttpService::securityHeadersOnEveryResponse_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    QTest::addRow("a successful GET") << get("/hello") << 200;
    QTest::addRow("an OPTIONS request") << QByteArray("OPTIONS /hello HTTP/1.1\r\nHost: x\r\n\r\n") << 204;
    QTest::addRow("an unknown path") << get("/nowhere") << 404;
    QTest::addRow("a method the path does not accept") << QByteArray("DELETE /hello HTTP/1.1\r\nHost: x\r\n\r\n") << 405;
    QTest::addRow("a handler that throws") << get("/fail") << 500;
}

void TestHttpService::securityHeadersOnEveryResponse()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    Client client;
    QVERIFY(client.connectTo(m_service.port()));
    client.send(request);
    const auto response = client.read();
    QVERIFY(response);
    QCOMPARE(response->status, status);
    QCOMPARE(response->header("X-Content-Type-Options"), QByteArray("nosniff"));
    QCOMPARE(response->header("Referrer-Policy"), QByteArray("no-referrer"));
    if (status == 405 || status == 204)
        QCOMPARE(response->header("Allow"), QByteArray("GET, HEAD, OPTIONS"));
    QCOMPARE(response->hasHeader("Content-Length"), status != 204);
}

void TestHttpService::cors_data()
{
    QTest::addColumn<QByteArray>("request");
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("allowOrigin");

    const QByteArray preflight = "Access-Control-Request-Method: GET\r\n";
    QTest::addRow("echoes an allowed origin on a GET")
        << get("/hello", "Origin: https://app.example\r\n") << 200 << QByteArray("https://app.example");
    QTest::addRow("echoes an allowed origin on a preflight")
        << QByteArray("OPTIONS /hello HTTP/1.1\r\nHost: x\r\nOrigin: https://app.example\r\n" + preflight + "\r\n")
        << 204 << QByteArray("https://app.example");
    QTest::addRow("omits CORS for a foreign origin") << get("/hello", "Origin: https://evil.example\r\n") << 200
                                                     << QByteArray();
    QTest::addRow("omits CORS for a foreign origin's preflight")
        << QByteArray("OPTIONS /hello HTTP/1.1\r\nHost: x\r\nOrigin: https://evil.example\r\n" + preflight + "\r\n")
        << 204 << QByteArray();
    QTest::addRow("omits CORS for a look-alike origin")
        << get("/hello", "Origin: https://app.example.evil\r\n") << 200 << QByteArray();
}

void TestHttpService::cors()
{
    QFETCH(QByteArray, request);
    QFETCH(int, status);
    QFETCH(QByteArray, allowOrigin);
    Client client;
    QVERIFY(client.connectTo(m_service.port()));
    client.send(request);
    const auto response = client.read();
    QVERIFY(response);
    QCOMPARE(response->status, status);
    QCOMPARE(response->header("Access-Control-Allow-Origin"), allowOrigin);
    QCOMPARE(response->header("Vary"), QByteArray("Origin"));
    if (!allowOrigin.isEmpty()) {
        QCOMPARE(response->header("Access-Control-Expose-Headers"),
                 QByteArray("ETag, Location, Last-Modified, Content-Location, WWW-Authenticate"));
    }
}

void TestHttpService::pathAndQueryAreDecoded()
{
    Client client;
    QVERIFY(client.connectTo(m_service.port()));
    client.send(get("/items/a%20b?name=J%C3%BCrgen+M&bad=%zz&plus=%2B"));
    const auto response = client.read();
    QVERIFY(response);
    QCOMPARE(response->status, 200);
    QCOMPARE(QString::fromUtf8(response->body), QStringLiteral("id=a b;name=Jürgen M;bad=%zz;plus=+"));
}

void TestHttpService::requestFinishedIsEmitted()
{
    QSignalSpy spy(&m_service, &HttpService::requestFinished);
    Client client;
    QVERIFY(client.connectTo(m_service.port()));
    client.send(get("/items/7?x=1"));
    QVERIFY(client.read());
    QTRY_COMPARE(spy.size(), 1);
    const auto entry = spy.at(0).at(0).value<RequestLogEntry>();
    QCOMPARE(entry.method, QByteArray("GET"));
    QCOMPARE(entry.path, QStringLiteral("/items/7"));
    QCOMPARE(entry.status, 200);
    QVERIFY(entry.latencyUs >= 0);
    QVERIFY(qAbs(entry.timestampMs - QDateTime::currentMSecsSinceEpoch()) < 60000);

    // The time comes from the service's clock, so a test (or a replay) can set it.
    paw::platform::MockClock clock;
    HttpService stamped(clock);
    QCOMPARE(stamped.start(testConfig(), &TestHttpService::makeRouter), QString());
    QSignalSpy stampedSpy(&stamped, &HttpService::requestFinished);
    Client other;
    QVERIFY(other.connectTo(stamped.port()));
    other.send(get("/items/8"));
    QVERIFY(other.read());
    QTRY_COMPARE(stampedSpy.size(), 1);
    QCOMPARE(stampedSpy.at(0).at(0).value<RequestLogEntry>().timestampMs, clock.nowMs());
}

void TestHttpService::portInUseGivesAnError()
{
    QTcpServer blocker;
    QVERIFY(blocker.listen(QHostAddress::LocalHost, 0));
    HttpService service;
    HttpServerConfig config = testConfig();
    config.port = blocker.serverPort();
    const QString error = service.start(config, &TestHttpService::makeRouter);
    QCOMPARE(error, QStringLiteral("cannot listen on 127.0.0.1:%1: Address already in use").arg(config.port));
    QVERIFY(!service.isRunning());
    QCOMPARE(service.port(), quint16(0));
}

void TestHttpService::listensOnIPv6()
{
    HttpService service;
    HttpServerConfig config = testConfig();
    config.address = QHostAddress::LocalHostIPv6;
    const QString error = service.start(config, &TestHttpService::makeRouter);
    if (error.contains(QStringLiteral("Cannot assign requested address")))
        QSKIP("no IPv6 loopback on this machine");
    QCOMPARE(error, QString());
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHostIPv6, service.port());
    QVERIFY(socket.waitForConnected(kWaitMs));
    socket.write(get("/hello"));
    QTRY_VERIFY_WITH_TIMEOUT((socket.waitForReadyRead(100), socket.peek(64).startsWith("HTTP/1.1 200")), kWaitMs);
}

void TestHttpService::stopIsCleanAndRepeatable()
{
    HttpService service;
    service.stop(); // never started
    for (int round = 0; round < 2; ++round) {
        QCOMPARE(service.start(testConfig(), &TestHttpService::makeRouter), QString());
        QVERIFY(service.start(testConfig(), &TestHttpService::makeRouter).contains(QStringLiteral("already running")));
        const quint16 port = service.port();
        Client open; // a connection still open when the server stops
        QVERIFY(open.connectTo(port));
        open.send(get("/hello"));
        QVERIFY(open.read());
        service.stop();
        QVERIFY(!service.isRunning());
        QVERIFY(open.closedByServer());
        service.stop();
        Client refused;
        QVERIFY(!refused.connectTo(port));
    }
}

void TestHttpService::workerExitHookRunsOnEachWorkerBeforeStopReturns()
{
    QMutex mutex;
    QList<QThread *> exited;
    HttpServerConfig config = testConfig();
    config.onWorkerExit = [&mutex, &exited] {
        QMutexLocker lock(&mutex);
        exited << QThread::currentThread();
    };
    HttpService service;
    QCOMPARE(service.start(config, &TestHttpService::makeRouter), QString());
    {
        QMutexLocker lock(&mutex);
        QVERIFY(exited.isEmpty());
    }
    service.stop();
    QMutexLocker lock(&mutex);
    QCOMPARE(exited.size(), config.threads);
    QCOMPARE(QSet<QThread *>(exited.cbegin(), exited.cend()).size(), config.threads); // once per worker
    QVERIFY(!exited.contains(QThread::currentThread()));
}

void TestHttpService::curlIsServed()
{
    const QString curl = QStandardPaths::findExecutable(QStringLiteral("curl"));
    if (curl.isEmpty())
        QSKIP("curl is not installed");
    const QString base = QStringLiteral("http://127.0.0.1:%1").arg(m_service.port());
    QProcess process;
    // A 2 KB upload: curl waits for 100 Continue only above 1 MB, so force the header.
    process.start(curl, {QStringLiteral("-sS"), QStringLiteral("-H"), QStringLiteral("Expect: 100-continue"),
                         QStringLiteral("--data-binary"), QString(2000, u'x'), base + QStringLiteral("/echo"),
                         QStringLiteral("-o"), QStringLiteral("/dev/null"), QStringLiteral("-w"),
                         QStringLiteral("%{http_code}")});
    QVERIFY(process.waitForFinished(kWaitMs * 2));
    QCOMPARE(process.readAllStandardOutput(), QByteArray("413"));

    process.start(curl, {QStringLiteral("-sS"), QStringLiteral("--http1.1"), base + QStringLiteral("/items/1"),
                         base + QStringLiteral("/items/2")});
    QVERIFY(process.waitForFinished(kWaitMs * 2));
    QCOMPARE(process.exitCode(), 0);
    QCOMPARE(process.readAllStandardOutput(), QByteArray("id=1id=2"));
}

QTEST_GUILESS_MAIN(TestHttpService)
#include "TestHttpService.moc"
