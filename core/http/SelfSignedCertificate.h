#pragma once

#include "Expected.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

namespace paw::http {

/// A new key and a certificate signed by that same key, for a server that only this machine's
/// clients reach: the sandbox on localhost. Nobody vouches for it; a client trusts it by being
/// given the certificate (see README, "HTTPS").
class SelfSignedCertificate
{
public:
    struct Pem
    {
        QByteArray certificate;
        QByteArray privateKey; // PKCS#8, not encrypted: keep it owner-only
    };

    /// An ECDSA P-256 key and an X.509 v3 certificate for DNS:localhost, IP:127.0.0.1 and IP:::1
    /// (subjectAltName; CN localhost), for TLS servers only (CA:FALSE, serverAuth), with a random
    /// 127-bit serial, valid from a minute before `now` for `days` days, signed with SHA-256.
    static Expected<Pem, QString> generate(const QDateTime &now, int days = 365);
};

} // namespace paw::http
