#include "sandbox/SandboxConfig.h"

#include "http/TlsCredentials.h"
#include "sandbox/SandboxCertificate.h"

namespace paw::sandbox {

QString SandboxConfig::loadTls(const QDateTime &now)
{
    if (!wantsTls())
        return {};
    if (tlsSandboxCertificate) {
        const auto files = SandboxCertificate::ensure(dataFolder, now);
        if (!files)
            return files.error();
        tlsCertificateFile = files->certificate;
        tlsKeyFile = files->key;
        tlsCertificateCreated = files->created;
    }
    const auto credentials = http::TlsCredentials::load(tlsCertificateFile, tlsKeyFile, now);
    if (!credentials)
        return credentials.error();
    http.tls = credentials->serverConfiguration();
    tlsFingerprint = credentials->sha256Fingerprint();
    return {};
}

QString EndpointCard::toText() const
{
    QString text;
    const auto line = [&text](const QString &label, const QString &value) {
        text += label + QStringLiteral(": ") + value + QLatin1Char('\n');
    };
    line(QStringLiteral("API Endpoint"), apiEndpoint);
    line(QStringLiteral("OAuth Issuer"), oauthIssuer);
    line(QStringLiteral("OIDC aud"), oidcAudience);
    line(QStringLiteral("CapabilityStatement"), capabilityStatement);
    line(QStringLiteral("SMART configuration"), smartConfiguration);
    line(QStringLiteral("OpenID configuration"), openIdConfiguration);
    line(QStringLiteral("Database"), databaseUrl);
    line(QStringLiteral("Authorization"), open ? QStringLiteral("NONE (--open): every record is readable without a token")
                                               : QStringLiteral("required"));
    if (!tlsCertificateFile.isEmpty()) {
        line(QStringLiteral("TLS certificate"), tlsCertificateFile);
        line(QStringLiteral("SHA-256 fingerprint"), tlsFingerprint);
    }
    return text;
}

} // namespace paw::sandbox
