#include "http/HttpService.h"

#include "http/HttpWorker.h"
#include "http/ListeningSocket.h"

#include <QLoggingCategory>
#include <vector>

Q_LOGGING_CATEGORY(lcService, "paw.http.service")

namespace paw::http {

struct HttpService::Private
{
    std::vector<std::unique_ptr<HttpWorker>> workers;
    quint16 port = 0;
};

HttpService::HttpService(const platform::Clock &clock, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
    , m_clock(clock)
{
    qRegisterMetaType<paw::http::RequestLogEntry>();
}

HttpService::~HttpService()
{
    stop();
}

QString HttpService::start(const HttpServerConfig &config, RouterFactory factory)
{
    if (isRunning())
        return QStringLiteral("the HTTP server is already running on port ") + QString::number(d->port);
    const int threads = config.threads > 0 ? config.threads : qMax(1, QThread::idealThreadCount());

    // Bind every socket before starting any thread, so a failure leaves nothing running. The
    // first picks the port (when 0); the others join it.
    std::vector<int> descriptors;
    quint16 port = config.port;
    for (int i = 0; i < threads; ++i) {
        Expected<int, QString> descriptor = ListeningSocket::open(config.address, port);
        if (!descriptor) {
            for (int open : descriptors)
                ListeningSocket::close(open);
            return descriptor.error();
        }
        descriptors.push_back(*descriptor);
        if (i == 0)
            port = ListeningSocket::localPort(*descriptor);
    }

    const auto logSink = [this](RequestLogEntry entry) {
        entry.timestampMs = m_clock.nowMs();
        Q_EMIT requestFinished(entry);
    };
    QString error;
    for (int descriptor : descriptors) {
        auto worker = std::make_unique<HttpWorker>(descriptor, port, config, factory, logSink);
        worker->setObjectName(QStringLiteral("http-worker-") + QString::number(d->workers.size()));
        worker->start();
        const QString workerError = worker->waitUntilReady();
        d->workers.push_back(std::move(worker));
        if (!workerError.isEmpty() && error.isEmpty())
            error = workerError;
    }
    d->port = port;
    if (!error.isEmpty()) {
        stop();
        return error;
    }
    qCInfo(lcService) << "listening on" << config.address << "port" << port << "with" << threads << "threads";
    return {};
}

void HttpService::stop()
{
    for (const auto &worker : d->workers)
        worker->quit();
    for (const auto &worker : d->workers)
        worker->wait();
    d->workers.clear();
    d->port = 0;
}

bool HttpService::isRunning() const
{
    return !d->workers.empty();
}

quint16 HttpService::port() const
{
    return d->port;
}

} // namespace paw::http
