#include "auth/SigningKeyFolderWatcher.h"

#include <QDir>
#include <QFile>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcKeys, "paw.auth.keys")

namespace paw::auth {

namespace {
// A rotation writes a key file, a temporary index, renames it and drops a lock: one check after
// the burst, not one per step.
constexpr int kQuietMs = 100;
} // namespace

SigningKeyFolderWatcher::SigningKeyFolderWatcher(std::shared_ptr<SigningKeyRing> ring, QObject *parent)
    : QObject(parent)
    , m_ring(std::move(ring))
{
    m_index = readIndex();
    m_quiet.setSingleShot(true);
    m_quiet.setInterval(kQuietMs);
    connect(&m_quiet, &QTimer::timeout, this, &SigningKeyFolderWatcher::checkIndex);
    connect(&m_watcher, &QFileSystemWatcher::directoryChanged, &m_quiet, qOverload<>(&QTimer::start));
    if (!m_watcher.addPath(m_ring->folder()))
        qCWarning(lcKeys) << "cannot watch the key folder" << m_ring->folder()
                          << "; a rotation by `paw key rotate` takes effect when the server starts again";
}

QByteArray SigningKeyFolderWatcher::readIndex() const
{
    QFile file(QDir(m_ring->folder()).filePath(QLatin1String(KeyIndex::kFileName)));
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void SigningKeyFolderWatcher::checkIndex()
{
    const QByteArray index = readIndex();
    if (index.isEmpty() || index == m_index)
        return;
    const auto changed = m_ring->reload();
    if (!changed) {
        qCWarning(lcKeys) << "the key folder changed but could not be read again; the keys in use stay:" << changed.error();
        return; // the next change tries again
    }
    m_index = index;
    if (*changed) {
        const QString kid = m_ring->current().kid();
        qCInfo(lcKeys) << "signing key changed in" << m_ring->folder() << "; new tokens are signed with" << kid;
        Q_EMIT currentKeyChanged(kid);
    }
}

} // namespace paw::auth
