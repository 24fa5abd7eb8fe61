#include "auth/JwksFetcher.h"

#include <QLoggingCategory>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QNetworkRequest>
#include <QUrl>

#include <future>

Q_LOGGING_CATEGORY(lcJwks, "paw.auth.jwks")

namespace paw::auth {

JwksFetcher::JwksFetcher(const platform::Clock &clock)
    : JwksFetcher(clock, Settings{})
{
}

JwksFetcher::JwksFetcher(const platform::Clock &clock, Settings settings)
    : m_clock(clock)
    , m_settings(std::move(settings))
{
    m_thread.setObjectName(QStringLiteral("jwks-fetcher"));
    m_context = new QObject;
    m_context->moveToThread(&m_thread);
    // The context (and the manager, its child) goes with the thread's event loop.
    QObject::connect(&m_thread, &QThread::finished, m_context, &QObject::deleteLater);
    m_thread.start();
}

JwksFetcher::~JwksFetcher()
{
    m_thread.quit();
    m_thread.wait();
}

Expected<QByteArray, QString> JwksFetcher::fetch(const QString &url, bool refresh)
{
    const QUrl parsed(url, QUrl::StrictMode);
    if (!parsed.isValid() || parsed.scheme() != u"https" || parsed.host().isEmpty())
        return QStringLiteral("the jwks_uri is not an https URL");
    const qint64 now = m_clock.nowMs();
    {
        std::lock_guard lock(m_mutex);
        const auto it = m_cache.constFind(url);
        if (it != m_cache.constEnd()) {
            const qint64 age = now - it->fetchedMs;
            if (age < m_settings.cacheMs && (!refresh || age < m_settings.minRefetchMs))
                return it->json;
        }
    }
    auto fetched = download(url);
    if (!fetched) {
        qCWarning(lcJwks) << "could not fetch" << url << ':' << fetched.error();
        return fetched;
    }
    std::lock_guard lock(m_mutex);
    m_cache.insert(url, Cached{*fetched, now});
    return fetched;
}

Expected<QByteArray, QString> JwksFetcher::download(const QString &url)
{
    auto promise = std::make_shared<std::promise<Expected<QByteArray, QString>>>();
    std::future<Expected<QByteArray, QString>> answer = promise->get_future();
    const Settings settings = m_settings;
    QObject *context = m_context;
    QMetaObject::invokeMethod(m_context, [promise, settings, url, context] {
        auto *manager = context->findChild<QNetworkAccessManager *>();
        if (!manager)
            manager = new QNetworkAccessManager(context);
        QNetworkRequest request{QUrl(url)};
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
        request.setTransferTimeout(settings.timeoutMs);
        request.setRawHeader("Accept", "application/jwk-set+json, application/json");
        if (settings.tls)
            request.setSslConfiguration(*settings.tls);
        QNetworkReply *reply = manager->get(request);
        // Settled once: by the size guard or by the end of the reply, whichever comes first.
        auto settled = std::make_shared<bool>(false);
        const auto settle = [promise, settled](Expected<QByteArray, QString> value) {
            if (!*settled) {
                *settled = true;
                promise->set_value(std::move(value));
            }
        };
        QObject::connect(reply, &QNetworkReply::downloadProgress, reply, [reply, settings, settle](qint64 received, qint64) {
            if (received > settings.maxBytes) {
                settle(QStringLiteral("the JWKS is larger than %1 bytes").arg(settings.maxBytes));
                reply->abort();
            }
        });
        QObject::connect(reply, &QNetworkReply::finished, reply, [reply, settle] {
            reply->deleteLater();
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            if (reply->error() != QNetworkReply::NoError && status == 0)
                settle(QString(reply->errorString()));
            else if (status != 200)
                settle(QStringLiteral("the jwks_uri answered HTTP %1").arg(status));
            else
                settle(reply->readAll());
        });
    });
    // A little longer than the transfer timeout, which ends the request on the fetcher's side.
    if (answer.wait_for(std::chrono::milliseconds(m_settings.timeoutMs + 1000)) != std::future_status::ready)
        return QStringLiteral("the jwks_uri did not answer in time");
    return answer.get();
}

} // namespace paw::auth
