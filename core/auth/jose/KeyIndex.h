#pragma once

#include "Expected.h"
#include "auth/jose/JwsAlgorithm.h"

#include <QDateTime>
#include <QList>
#include <QString>

namespace paw::auth {

/// `keys.json`, the index of a KeyStore's folder: which key signs, which keys are retired and
/// until when, when each was made, and the longest lifetime of the tokens each has signed.
///
///   {"current": {"kid", "alg", "created", "tokenLifetimeMs"},
///    "retired": [{"kid", "alg", "created", "tokenLifetimeMs", "until"}, ...]}
///
/// An index written before `paw key` existed has neither `created` nor `tokenLifetimeMs`: the
/// first reads as an invalid time, the second as 0 (unknown).
struct KeyIndex
{
    struct Entry
    {
        QString kid;
        JwsAlgorithm algorithm = JwsAlgorithm::RS256;
        QDateTime created;
        QDateTime until;            // retired keys only: when the key leaves the JWKS
        qint64 tokenLifetimeMs = 0; // recorded by the servers that sign with it (KeyStore::recordTokenLifetime)

        bool isRetired() const { return until.isValid(); }
    };

    Entry current;
    QList<Entry> retired;

    static constexpr const char *kFileName = "keys.json";

    /// The index in `path`; an error names what is wrong with it.
    static Expected<KeyIndex, QString> read(const QString &path);
    /// Written whole or not at all: a half-written index would lose the current key.
    Expected<bool, QString> write(const QString &path) const;
};

} // namespace paw::auth
