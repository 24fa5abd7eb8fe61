#include "sandbox/SandboxConfig.h"

namespace paw::sandbox {

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
    return text;
}

} // namespace paw::sandbox
