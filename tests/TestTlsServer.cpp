// HTTPS end to end: HttpService with a TLS configuration on port 0, driven over loopback as a
// client would. TLS goes through the same guarded connections as plain HTTP (limits, idle
// timeout); plain HTTP and clients that do not trust the certificate get nothing.

#include "http/HttpService.h"
#include "http/SelfSignedCertificate.h"
#include "http/TlsCredentials.h"

#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QSslSocket>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>

using namespace paw;

namespace {

constexpr int kWaitMs = 5000;

QByteArray get(const QByteArray &target)
{
    return "GET " + target + " HTTP/1.1\r\nHost: localhost\r\n\r\n";
}

// Reads from `socket` until `done` says the bytes are complete or the server closes.
QByteArray readUntil(QTcpSocket &socket, const std::function<bool(const QByteArray &)> &done)
{
    QByteArray bytes;
    while (!done(bytes) && (socket.bytesAvailable() > 0 || socket.waitForReadyRead(kWaitMs)))
        bytes += socket.readAll();
    return bytes;
}

bool endsResponse(const QByteArray &bytes)
{
    return bytes.contains("\r\n\r\n") && bytes.endsWith("}");
}

} // namespace

class TestTlsServer : public QObject
{
    Q_OBJECT

private:
    QTemporaryDir m_dir;
    http::HttpService m_service;
    QSslCertificate m_certificate;

    QSslConfiguration trusting(const QList<QSslCertificate> &authorities) const
    {
        QSslConfiguration configuration = QSslConfiguration::defaultConfiguration();
        configuration.setCaCertificates(authorities);
        return configuration;
    }

    // A TLS connection to the server that trusts only `authorities`; false when the handshake fails.
    bool connectTls(QSslSocket &socket, const QList<QSslCertificate> &authorities, const QString &host = QStringLiteral("127.0.0.1"))
    {
        socket.setSslConfiguration(trusting(authorities));
        socket.connectToHostEncrypted(host, m_service.port());
        return socket.waitForEncrypted(kWaitMs);
    }

private Q_SLOTS:
    void initTestCase()
    {
        const QDateTime now = QDateTime::currentDateTimeUtc();
        const auto pem = http::SelfSignedCertificate::generate(now);
        QVERIFY(pem);
        const QString cert = m_dir.filePath(QStringLiteral("cert.pem"));
        const QString key = m_dir.filePath(QStringLiteral("key.pem"));
        for (const auto &[path, content] : {std::pair{cert, pem->certificate}, std::pair{key, pem->privateKey}}) {
            QFile file(path);
            QVERIFY(file.open(QIODevice::WriteOnly));
            file.write(content);
        }
        const auto credentials = http::TlsCredentials::load(cert, key, now);
        QVERIFY2(credentials, qPrintable(credentials ? QString() : credentials.error()));
        m_certificate = credentials->certificate();

        http::HttpServerConfig config;
        config.port = 0;
        config.threads = 2;
        config.maxBodyBytes = 1024;
        config.idleTimeoutMs = 400;
        config.tls = credentials->serverConfiguration();
        const QString error = m_service.start(config, [](quint16) {
            http::Router router;
            router.route({"GET", "POST"}, QStringLiteral("/hello"), [](const http::HttpRequest &request, const QStringList &) {
                return http::HttpResponse::withBody(200, "application/json", "{\"secure\":true,\"bytes\":"
                                                                                 + QByteArray::number(request.body.size()) + "}");
            });
            return router;
        });
        QVERIFY2(error.isEmpty(), qPrintable(error));
    }
    void cleanupTestCase() { m_service.stop(); }

    void anHttpsRequestSucceedsWithTheCertificateAsItsAuthority()
    {
        QNetworkAccessManager network;
        QNetworkRequest request(QUrl(QStringLiteral("https://127.0.0.1:%1/hello").arg(m_service.port())));
        request.setSslConfiguration(trusting({m_certificate}));
        QNetworkReply *reply = network.get(request);
        QTRY_VERIFY_WITH_TIMEOUT(reply->isFinished(), kWaitMs);
        QCOMPARE(reply->error(), QNetworkReply::NoError);
        QCOMPARE(reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
        QCOMPARE(reply->readAll(), QByteArray("{\"secure\":true,\"bytes\":0}"));
        QCOMPARE(reply->header(QNetworkRequest::ContentLengthHeader).toInt(), 25);
        delete reply;
    }

    void theCertificateNamesLocalhostToo()
    {
        QSslSocket socket;
        QVERIFY2(connectTls(socket, {m_certificate}, QStringLiteral("localhost")), qPrintable(socket.errorString()));
        QCOMPARE(socket.sessionProtocol() >= QSsl::TlsV1_2, true);
        socket.write(get("/hello"));
        QVERIFY(readUntil(socket, endsResponse).startsWith("HTTP/1.1 200"));
    }

    void plainHttpToTheTlsPortGetsNoAnswer()
    {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_service.port());
        QVERIFY(socket.waitForConnected(kWaitMs));
        socket.write(get("/hello"));
        const QByteArray bytes = readUntil(socket, [](const QByteArray &) { return false; });
        QVERIFY2(!bytes.contains("HTTP/1.1 200") && !bytes.contains("secure"), bytes.constData());
        QTRY_COMPARE_WITH_TIMEOUT(socket.state(), QAbstractSocket::UnconnectedState, kWaitMs);
    }

    void aClientThatDoesNotTrustTheCertificateRefusesIt()
    {
        QSslSocket socket;
        QVERIFY(!connectTls(socket, {})); // the system's authorities only
        bool selfSigned = false;
        for (const QSslError &error : socket.sslHandshakeErrors())
            selfSigned = selfSigned || error.error() == QSslError::SelfSignedCertificate;
        QVERIFY2(selfSigned, qPrintable(socket.errorString()));
    }

    void theServerStillAnswersAfterFailedHandshakes()
    {
        for (int i = 0; i < 3; ++i) {
            QTcpSocket plain;
            plain.connectToHost(QHostAddress::LocalHost, m_service.port());
            QVERIFY(plain.waitForConnected(kWaitMs));
            plain.write("\x16\x03\x01\x00\x05hello"); // a broken ClientHello
            plain.waitForDisconnected(kWaitMs);
        }
        QSslSocket socket;
        QVERIFY(connectTls(socket, {m_certificate}));
        socket.write(get("/hello"));
        QVERIFY(readUntil(socket, endsResponse).startsWith("HTTP/1.1 200"));
    }

    // The connection guard sees the decrypted stream: limits hold over TLS as over plain HTTP.
    void aBodyOverTheLimitGets413OverTls()
    {
        QSslSocket socket;
        QVERIFY(connectTls(socket, {m_certificate}));
        socket.write("POST /hello HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n");
        const QByteArray bytes = readUntil(socket, endsResponse);
        QVERIFY2(bytes.startsWith("HTTP/1.1 413"), bytes.constData());
        QVERIFY(bytes.contains("request_too_large"));
    }

    void aSmallBodyIsServedOverTls()
    {
        QSslSocket socket;
        QVERIFY(connectTls(socket, {m_certificate}));
        socket.write("POST /hello HTTP/1.1\r\nHost: localhost\r\nContent-Length: 3\r\n\r\nabc");
        QVERIFY(readUntil(socket, endsResponse).endsWith("{\"secure\":true,\"bytes\":3}"));
    }

    void anIdleTlsConnectionIsClosed()
    {
        QSslSocket socket;
        QVERIFY(connectTls(socket, {m_certificate}));
        QTRY_COMPARE_WITH_TIMEOUT(socket.state(), QAbstractSocket::UnconnectedState, kWaitMs);
    }

    // A client that connects and never starts its handshake holds nothing for long.
    void aHandshakeThatNeverStartsIsClosed()
    {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, m_service.port());
        QVERIFY(socket.waitForConnected(kWaitMs));
        QVERIFY(socket.waitForDisconnected(kWaitMs));
    }

    void connectionCloseIsHonouredOverTls()
    {
        QSslSocket socket;
        QVERIFY(connectTls(socket, {m_certificate}));
        socket.write("GET /hello HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n");
        QVERIFY(readUntil(socket, endsResponse).contains("Connection: close"));
        QTRY_COMPARE_WITH_TIMEOUT(socket.state(), QAbstractSocket::UnconnectedState, 300); // before the idle timeout
    }
};

QTEST_GUILESS_MAIN(TestTlsServer)
#include "TestTlsServer.moc"
