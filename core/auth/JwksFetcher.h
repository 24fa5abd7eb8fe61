#pragma once

#include "Expected.h"
#include "platform/Clock.h"

#include <QByteArray>
#include <QHash>
#include <QSslConfiguration>
#include <QString>
#include <QThread>

#include <mutex>
#include <optional>

namespace paw::auth {

/// Fetches the JWKS a private_key_jwt client registered as `jwks_uri` (RFC 7591 §2, SMART's
/// "client-confidential-asymmetric"), for every worker thread. Requests run on the fetcher's own
/// thread, so a worker waits for an answer (at most the timeout) without running its event loop
/// re-entrantly. Answers are cached; a key set is refetched early, at most once a minute, when
/// an assertion names a key it does not hold (the client rotated its keys).
///
/// Only https URLs; no redirects; at most 64 KB; a non-200 answer or a timeout is an error.
class JwksFetcher
{
public:
    struct Settings
    {
        int timeoutMs = 5000;
        qint64 cacheMs = 5 * 60 * 1000;
        qint64 minRefetchMs = 60 * 1000;
        qint64 maxBytes = 64 * 1024;
        std::optional<QSslConfiguration> tls; // the authorities to trust; the system's when unset
    };

    explicit JwksFetcher(const platform::Clock &clock);
    JwksFetcher(const platform::Clock &clock, Settings settings);
    ~JwksFetcher();
    JwksFetcher(const JwksFetcher &) = delete;
    JwksFetcher &operator=(const JwksFetcher &) = delete;

    /// The JWKS at `url` as JSON text, cached or fetched now. With `refresh`, a cached copy older
    /// than minRefetchMs is fetched again.
    Expected<QByteArray, QString> fetch(const QString &url, bool refresh = false);

private:
    struct Cached
    {
        QByteArray json;
        qint64 fetchedMs = 0;
    };

    Expected<QByteArray, QString> download(const QString &url);

    const platform::Clock &m_clock;
    Settings m_settings;
    QThread m_thread;
    QObject *m_context = nullptr; // lives in m_thread; owns the QNetworkAccessManager
    std::mutex m_mutex;
    QHash<QString, Cached> m_cache;
};

} // namespace paw::auth
