#pragma once

#include "Expected.h"

#include <QDateTime>
#include <QString>

namespace paw::sandbox {

/// The sandbox's own HTTPS certificate (`paw serve --tls`), a SelfSignedCertificate kept in the
/// data folder: made on first use, reused on every start while it has more than a day to run,
/// made anew after that. Reusing it matters: clients told to trust it keep trusting it.
class SandboxCertificate
{
public:
    struct Files
    {
        QString certificate; // <data>/tls/sandbox-cert.pem
        QString key;         // <data>/tls/sandbox-key.pem, owner-only (0600)
        bool created = false;
    };

    /// The files in `dataFolder`, made when missing or expiring. Refuses a key file that group or
    /// others may read or write.
    static Expected<Files, QString> ensure(const QString &dataFolder, const QDateTime &now);
};

} // namespace paw::sandbox
