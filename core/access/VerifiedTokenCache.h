#pragma once

#include "access/AccessToken.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QHash>

#include <memory>

namespace paw::access {

/// The tokens one worker verified lately, so that a client's next requests skip the RSA check:
/// keyed by the token's SHA-256 (the cache holds no token), each verification trusted for a
/// minute, so that a key withdrawn from the key ring stops its tokens within a minute. Times and
/// the grant are still checked on every use. Bounded; one instance per worker thread.
class VerifiedTokenCache
{
public:
    static constexpr qint64 kTrustMs = 60 * 1000;
    static constexpr qsizetype kCapacity = 4096;

    /// SHA-256 of the token's bytes.
    static QByteArray keyOf(QByteArrayView token);

    /// The token verified under `key` less than kTrustMs before `nowMs`, or null.
    std::shared_ptr<const AccessToken> find(const QByteArray &key, qint64 nowMs) const;
    void insert(const QByteArray &key, std::shared_ptr<const AccessToken> token, qint64 nowMs);

private:
    struct Entry
    {
        std::shared_ptr<const AccessToken> token;
        qint64 verifiedMs = 0;
    };
    static bool isFresh(const Entry &entry, qint64 nowMs);

    QHash<QByteArray, Entry> m_entries;
};

} // namespace paw::access
