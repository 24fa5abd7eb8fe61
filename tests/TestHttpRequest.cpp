#include "http/HttpRequest.h"
#include "http/HttpResponse.h"

#include <QTest>

using namespace paw::http;

using Pairs = QList<QPair<QString, QString>>;

class TestHttpRequest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void decodeFormUrlEncoded_data();
    void decodeFormUrlEncoded();
    void decodePercentEncoded_data();
    void decodePercentEncoded();
    void headerLookup_data();
    void headerLookup();
    void responseHeaders();
};

void TestHttpRequest::decodeFormUrlEncoded_data()
{
    QTest::addColumn<QByteArray>("encoded");
    QTest::addColumn<Pairs>("expected");

    QTest::addRow("decodes '+' as a space") << QByteArray("q=John+Smith") << Pairs{{"q", "John Smith"}};
    QTest::addRow("decodes percent escapes as UTF-8")
        << QByteArray("name=J%C3%BCrgen&city=K%c3%b6ln") << Pairs{{"name", u"Jürgen"_qs}, {"city", u"Köln"_qs}};
    QTest::addRow("keeps pairs in order with repeated names")
        << QByteArray("b=2&a=1&b=3") << Pairs{{"b", "2"}, {"a", "1"}, {"b", "3"}};
    QTest::addRow("gives a name without '=' an empty value") << QByteArray("flag&x=") << Pairs{{"flag", ""}, {"x", ""}};
    QTest::addRow("decodes an escaped plus as a plus") << QByteArray("a=1%2B1") << Pairs{{"a", "1+1"}};
    QTest::addRow("decodes '=' inside a value") << QByteArray("redirect=a%3Db%26c") << Pairs{{"redirect", "a=b&c"}};

    QTest::addRow("keeps a malformed escape literally") << QByteArray("a=%zz") << Pairs{{"a", "%zz"}};
    QTest::addRow("keeps a truncated escape literally") << QByteArray("a=%4&b=%") << Pairs{{"a", "%4"}, {"b", "%"}};
    QTest::addRow("skips empty pieces between separators") << QByteArray("&&a=1&&") << Pairs{{"a", "1"}};
    QTest::addRow("gives nothing for empty input") << QByteArray() << Pairs{};
    QTest::addRow("replaces invalid UTF-8 instead of failing")
        << QByteArray("a=%FF") << Pairs{{"a", QString(QChar::ReplacementCharacter)}};
    QTest::addRow("splits only at the first '='") << QByteArray("a=b=c") << Pairs{{"a", "b=c"}};
}

void TestHttpRequest::decodeFormUrlEncoded()
{
    QFETCH(QByteArray, encoded);
    QFETCH(Pairs, expected);
    QCOMPARE(paw::http::decodeFormUrlEncoded(encoded), expected);
}

void TestHttpRequest::decodePercentEncoded_data()
{
    QTest::addColumn<QByteArray>("encoded");
    QTest::addColumn<QString>("expected");
    QTest::addRow("decodes a space in a path") << QByteArray("/a%20b") << u"/a b"_qs;
    QTest::addRow("keeps '+' in a path") << QByteArray("/a+b") << u"/a+b"_qs;
    QTest::addRow("keeps a malformed escape in a path") << QByteArray("/100%") << u"/100%"_qs;
    QTest::addRow("keeps non-hex escapes in a path") << QByteArray("/%G1") << u"/%G1"_qs;
}

void TestHttpRequest::decodePercentEncoded()
{
    QFETCH(QByteArray, encoded);
    QFETCH(QString, expected);
    QCOMPARE(paw::http::decodePercentEncoded(encoded), expected);
}

void TestHttpRequest::headerLookup_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<QByteArray>("expected");
    QTest::addRow("finds a header with the same case") << QByteArray("Content-Type") << QByteArray("text/plain");
    QTest::addRow("finds a header in lower case") << QByteArray("content-type") << QByteArray("text/plain");
    QTest::addRow("returns the first of repeated headers") << QByteArray("ACCEPT") << QByteArray("a/1");
    QTest::addRow("returns empty for a missing header") << QByteArray("Authorization") << QByteArray();
    QTest::addRow("does not match a prefix") << QByteArray("Content") << QByteArray();
    QTest::addRow("does not match an empty name") << QByteArray() << QByteArray();
}

void TestHttpRequest::headerLookup()
{
    QFETCH(QByteArray, name);
    QFETCH(QByteArray, expected);
    HttpRequest request;
    request.headers = {{"Content-Type", "text/plain"}, {"Accept", "a/1"}, {"accept", "b/2"}};
    QCOMPARE(request.header(name), expected);
}

void TestHttpRequest::responseHeaders()
{
    HttpResponse response = HttpResponse::withBody(201, "application/fhir+json", "{}");
    QCOMPARE(response.status, 201);
    QCOMPARE(response.body, QByteArray("{}"));
    QCOMPARE(response.header("content-type"), QByteArray("application/fhir+json"));
    response.setHeader("CONTENT-TYPE", "text/plain");
    QCOMPARE(response.headers.size(), 1);
    QCOMPARE(response.header("Content-Type"), QByteArray("text/plain"));
    QCOMPARE(response.header("ETag"), QByteArray());
}

QTEST_GUILESS_MAIN(TestHttpRequest)
#include "TestHttpRequest.moc"
