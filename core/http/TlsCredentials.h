#pragma once

#include "Expected.h"

#include <QDateTime>
#include <QList>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QSslKey>
#include <QString>

namespace paw::http {

/// A server's TLS identity: its certificate (with any intermediates after it) and private key,
/// read from PEM files and checked to belong together, as HTTPS needs them.
class TlsCredentials
{
public:
    /// Reads `certificateFile` (PEM, the server's certificate first) and `keyFile` (PEM, an RSA or
    /// EC key, not encrypted). The error is one line naming the file and what is wrong: unreadable,
    /// not PEM, a key that is not the certificate's, an expired certificate.
    static Expected<TlsCredentials, QString> load(const QString &certificateFile, const QString &keyFile,
                                                  const QDateTime &now);

    /// What a server socket needs: this identity, TLS 1.2 or later, no client certificates.
    QSslConfiguration serverConfiguration() const;
    QSslCertificate certificate() const { return m_chain.constFirst(); }
    /// SHA-256 of the certificate, as browsers and `openssl x509 -fingerprint -sha256` show it
    /// ("AB:CD:…").
    QString sha256Fingerprint() const;

private:
    TlsCredentials(QList<QSslCertificate> chain, QSslKey key);

    QList<QSslCertificate> m_chain;
    QSslKey m_key;
};

} // namespace paw::http
