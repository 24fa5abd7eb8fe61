#include "sandbox/SandboxCertificate.h"

#include "http/SelfSignedCertificate.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSslCertificate>

namespace paw::sandbox {

namespace {

constexpr QFileDevice::Permissions kOwnerOnly = QFileDevice::ReadOwner | QFileDevice::WriteOwner;
constexpr QFileDevice::Permissions kGroupOrOther = QFileDevice::ReadGroup | QFileDevice::WriteGroup | QFileDevice::ExeGroup
    | QFileDevice::ReadOther | QFileDevice::WriteOther | QFileDevice::ExeOther;
constexpr int kValidDays = 365;

QString writeFile(const QString &path, const QByteArray &content, QFileDevice::Permissions permissions)
{
    QFile file(path);
    // Created with its final permissions and set again (the umask can only take some away)
    // before the content is written: the key is never readable by others, not for a moment.
    if (!file.open(QIODevice::WriteOnly | QIODevice::NewOnly, permissions) || !file.setPermissions(permissions))
        return QStringLiteral("cannot create %1: %2").arg(path, file.errorString());
    if (file.write(content) != content.size() || !file.flush()) {
        file.remove();
        return QStringLiteral("cannot write %1: %2").arg(path, file.errorString());
    }
    return {};
}

} // namespace

Expected<SandboxCertificate::Files, QString> SandboxCertificate::ensure(const QString &dataFolder, const QDateTime &now)
{
    const QString folder = QDir(dataFolder).filePath(QStringLiteral("tls"));
    Files files{QDir(folder).filePath(QStringLiteral("sandbox-cert.pem")), QDir(folder).filePath(QStringLiteral("sandbox-key.pem")), false};
    if (QFileInfo::exists(files.certificate) && QFileInfo::exists(files.key)) {
        // A private key others can read is no longer private: refuse it rather than serve with it.
        if (QFile::permissions(files.key) & kGroupOrOther)
            return QStringLiteral("the key file %1 may be read or written by group or others; it must be owner-only (chmod 600)").arg(files.key);
        const QList<QSslCertificate> found = QSslCertificate::fromPath(files.certificate, QSsl::Pem);
        if (!found.isEmpty() && found.constFirst().expiryDate() > now.addDays(1))
            return files;
    }
    // Missing, half there, unreadable or expiring: a new pair.
    if (!QDir().mkpath(folder) || !QFile::setPermissions(folder, kOwnerOnly | QFileDevice::ExeOwner))
        return QStringLiteral("cannot create the folder %1").arg(folder);
    QFile::remove(files.certificate);
    QFile::remove(files.key);
    auto pem = http::SelfSignedCertificate::generate(now, kValidDays);
    if (!pem)
        return pem.error();
    QString error = writeFile(files.key, pem->privateKey, kOwnerOnly);
    pem->privateKey.fill('\0');
    if (error.isEmpty())
        error = writeFile(files.certificate, pem->certificate, kOwnerOnly | QFileDevice::ReadGroup | QFileDevice::ReadOther);
    if (!error.isEmpty()) {
        QFile::remove(files.key);
        return error;
    }
    files.created = true;
    return files;
}

} // namespace paw::sandbox
