#pragma once

#include "Expected.h"
#include "auth/jose/JwsAlgorithm.h"
#include "auth/jose/PublicKey.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <optional>

namespace paw::auth {

/// A JWK Set (RFC 7517 §5): the public keys a verifier trusts, found by kid.
///
/// Parsing keeps the keys it can use and skips the rest (an unknown kty, a missing member, a key
/// for encryption), with a reason per skipped key: a set published by someone else may hold keys
/// PAW does not use, and that must not make the whole set unusable.
class PublicKeySet
{
public:
    struct Entry
    {
        QString kid; // empty when the JWK has none
        std::optional<JwsAlgorithm> algorithm; // the JWK's "alg", when it names one
        PublicKey key;
    };

    /// Refuses only text that is not a JSON object with a "keys" array.
    static Expected<PublicKeySet, QString> parse(QByteArrayView json);

    /// Adds a key; refuses a kid the set already holds.
    Expected<bool, QString> add(Entry entry);

    const QList<Entry> &entries() const { return m_entries; }
    qsizetype size() const { return m_entries.size(); }
    /// The key with this kid, or nullptr.
    const Entry *find(const QString &kid) const;
    /// Why each skipped key was skipped ("key 2 (kid \"a\"): ...").
    const QStringList &skipped() const { return m_skipped; }

    /// {"keys":[...]} with each key's kty, kid, use, alg and public members.
    QJsonObject toJsonObject() const;
    QByteArray toJson() const;

private:
    QList<Entry> m_entries;
    QStringList m_skipped;
};

} // namespace paw::auth
