#pragma once

// A small blocking HTTP client for end-to-end tests: the server under test runs on its own
// worker threads, so waiting here in a local event loop does not block it.

#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QTimer>
#include <QUrl>

namespace paw::test {

struct HttpResult
{
    int status = 0;
    QByteArray body;
    QList<QNetworkReply::RawHeaderPair> headers;
    QString error;

    QByteArray header(const QByteArray &name) const
    {
        for (const auto &[key, value] : headers) {
            if (key.compare(name, Qt::CaseInsensitive) == 0)
                return value;
        }
        return {};
    }
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
};

class HttpTestClient
{
public:
    HttpResult send(const QByteArray &method, const QUrl &url, const QList<QPair<QByteArray, QByteArray>> &headers = {},
                    const QByteArray &body = {})
    {
        QNetworkRequest request(url);
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
        for (const auto &[name, value] : headers)
            request.setRawHeader(name, value);
        QNetworkReply *reply = m_manager.sendCustomRequest(request, method, body);
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(30000, &loop, &QEventLoop::quit);
        loop.exec();
        HttpResult result;
        if (!reply->isFinished()) {
            reply->abort();
            result.error = QStringLiteral("timed out");
        }
        result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        result.body = reply->readAll();
        result.headers = reply->rawHeaderPairs();
        if (result.status == 0)
            result.error = reply->errorString();
        reply->deleteLater();
        return result;
    }
    HttpResult get(const QUrl &url, const QList<QPair<QByteArray, QByteArray>> &headers = {})
    {
        return send("GET", url, headers);
    }

private:
    QNetworkAccessManager m_manager;
};

} // namespace paw::test
