#pragma once

#include "auth/SigningKeyRing.h"

#include <QByteArray>
#include <QFileSystemWatcher>
#include <QObject>
#include <QTimer>

#include <memory>

namespace paw::auth {

/// Keeps a running server's SigningKeyRing in step with its key folder, which `paw key rotate`
/// changes from another process: when keys.json changes, the ring is reloaded, so new tokens
/// are signed with the new key and /auth/jwks lists it at once.
///
///   folder changed ─▶ (quiet 100 ms) ─▶ keys.json differs from the last one read? ─▶ ring.reload()
///
/// The folder is watched rather than keys.json, which a rotation replaces (QSaveFile renames a
/// new file over it, and a watch on the old file would end there). Lives on a thread with an
/// event loop (the server's).
class SigningKeyFolderWatcher : public QObject
{
    Q_OBJECT
public:
    explicit SigningKeyFolderWatcher(std::shared_ptr<SigningKeyRing> ring, QObject *parent = nullptr);

Q_SIGNALS:
    /// After a reload that changed the current key.
    void currentKeyChanged(const QString &kid);

private:
    void checkIndex();
    QByteArray readIndex() const;

    std::shared_ptr<SigningKeyRing> m_ring;
    QFileSystemWatcher m_watcher;
    QTimer m_quiet;
    QByteArray m_index; // keys.json as last read: the lock file and key files come and go too
};

} // namespace paw::auth
