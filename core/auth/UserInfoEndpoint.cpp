#include "auth/UserInfoEndpoint.h"

#include "auth/DiscoveryDocuments.h"
#include "auth/ScopeSet.h"
#include "auth/TokenResponseHeaders.h"
#include "auth/TokenSubject.h"

namespace paw::auth {

namespace {

// RFC 6750 §3: the challenge; with no token at all it carries no error code (§3.1).
http::HttpResponse bearerError(int status, const char *error, const QString &description)
{
    QByteArray challenge = QByteArrayLiteral("Bearer realm=\"paw\"");
    QJsonObject body;
    if (error) {
        // Quotes and backslashes would end the quoted string early.
        QString safe = description;
        safe.replace(u'"', u'\'').replace(u'\\', u'/');
        challenge += ", error=\"" + QByteArray(error) + "\", error_description=\"" + safe.toUtf8() + '"';
        body = {{QStringLiteral("error"), QLatin1String(error)}, {QStringLiteral("error_description"), description}};
    }
    http::HttpResponse response = error ? TokenResponseHeaders::json(status, body) : TokenResponseHeaders::empty(status);
    response.setHeader(QByteArrayLiteral("WWW-Authenticate"), challenge);
    return response;
}

} // namespace

UserInfoEndpoint::UserInfoEndpoint(const TokenServiceConfig &config)
    : m_clock(*config.clock)
    , m_grants(config.database, *config.clock)
    , m_personas(config.database)
    , m_accessTokens(config.keys, config.root, m_grants, *config.clock)
    , m_fhirBase(DiscoveryDocuments(config.root, {}).fhirBase())
{
}

http::HttpResponse UserInfoEndpoint::handle(const http::HttpRequest &request)
{
    const QByteArray authorization = request.header("Authorization").trimmed();
    const qsizetype space = authorization.indexOf(' ');
    if (space < 0 || authorization.first(space).compare("Bearer", Qt::CaseInsensitive) != 0)
        return bearerError(401, nullptr, {});
    const auto live = m_accessTokens.read(authorization.sliced(space + 1).trimmed());
    if (!live)
        return bearerError(401, "invalid_token", live.error());
    const ScopeSet scope = ScopeSet::parse(live->claims.value(QLatin1String("scope")).toString());
    if (!scope.hasOpenId())
        return bearerError(403, "insufficient_scope", QStringLiteral("userinfo needs the openid scope"));
    const auto subject = TokenSubject::resolve(m_personas, live->grant.username, live->grant.patientId,
                                               m_clock.now().toUTC().date());
    if (!subject)
        return bearerError(401, "invalid_token", subject.error());
    QJsonObject body{{QStringLiteral("sub"), subject->username}};
    if (scope.hasFhirUser())
        body.insert(QStringLiteral("fhirUser"), QString(m_fhirBase + u'/' + subject->fhirUser));
    if (scope.hasProfile() && !subject->displayName.isEmpty())
        body.insert(QStringLiteral("name"), subject->displayName);
    return TokenResponseHeaders::json(200, body);
}

} // namespace paw::auth
