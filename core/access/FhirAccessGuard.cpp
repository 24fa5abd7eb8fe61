#include "access/FhirAccessGuard.h"

#include <QUrl>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace paw::access {

namespace {

constexpr qsizetype kGrantedCapacity = 1024;

// RFC 6750 §2.1: credentials = "Bearer" 1*SP b64token; the scheme is case-insensitive (RFC 9110 §11.1).
std::optional<QByteArray> bearerToken(const QByteArray &authorization)
{
    const QByteArray header = authorization.trimmed();
    const qsizetype space = header.indexOf(' ');
    if (QByteArrayView(header).first(space < 0 ? header.size() : space).compare("bearer", Qt::CaseInsensitive) != 0)
        return std::nullopt;
    return space < 0 ? QByteArray() : header.mid(space + 1).trimmed();
}

} // namespace

FhirAccessGuard::FhirAccessGuard(std::shared_ptr<storage::Database> database, std::function<auth::PublicKeySet()> keys,
                                 QString issuer, QString fhirBase, const fhir::SearchParameterRegistry &registry,
                                 const platform::Clock &clock, AuditSink *audit)
    : m_fhirBase(fhirBase)
    , m_basePath(QUrl(fhirBase).path())
    , m_registry(registry)
    , m_clock(clock)
    , m_audit(audit)
    , m_validator(std::move(keys), std::move(issuer), std::move(fhirBase), clock)
    , m_state(std::move(database), clock)
    , m_compartment(registry)
{
}

bool FhirAccessGuard::isPublic(const QString &path) const
{
    return path == m_basePath + u"/metadata"_s || path == m_basePath + u"/.well-known/smart-configuration"_s;
}

Expected<std::shared_ptr<const GrantedAccess>, AccessRefusal> FhirAccessGuard::admit(const http::HttpRequest &request)
{
    const auto bearer = bearerToken(request.header("Authorization"));
    // RFC 6750 §3.1: a request without credentials (or with another scheme) gets no error code.
    if (!bearer)
        return AccessRefusal::missingToken();
    if (bearer->isEmpty())
        return AccessRefusal::invalidToken(u"the Authorization header holds no token"_s);
    auto token = m_validator.validate(*bearer);
    if (!token)
        return token.error();
    auto checked = checkGrant(*token);
    if (!checked)
        return checked.error();

    auto reach = m_state.reach((*token)->subject);
    if (!reach)
        return AccessRefusal::serverError(u"the user's delegations could not be read"_s);
    const auto refuse = [&token](const QString &description) {
        AccessRefusal refusal = AccessRefusal::invalidToken(description);
        refusal.token = *token;
        return refusal;
    };
    if (!(*reach)->known)
        return refuse(u"the user of this token no longer exists"_s);
    // A delegate's right to act for the patient is re-checked on every request: revoking or
    // suspending the delegation, or its end date passing, ends every token at once.
    if (!(*reach)->reaches((*token)->patientId))
        return refuse(u"the user may no longer act for this patient (delegation revoked, suspended or expired)"_s);

    const auto known = m_granted.constFind(token->get());
    if (known != m_granted.cend() && &(*known)->reach() == reach->get())
        return *known;
    if (m_granted.size() >= kGrantedCapacity)
        m_granted.clear();
    auto granted = std::make_shared<const GrantedAccess>(*token, *reach, m_compartment, m_registry);
    m_granted.insert(token->get(), granted);
    return std::shared_ptr<const GrantedAccess>(std::move(granted));
}

Expected<std::shared_ptr<const AccessToken>, AccessRefusal>
FhirAccessGuard::checkGrant(std::shared_ptr<const AccessToken> token)
{
    const auto grant = m_state.grant(token->grantId);
    if (!grant)
        return AccessRefusal::serverError(u"the grant could not be read"_s);
    QString problem;
    if (!grant->has_value())
        problem = u"the token's grant is unknown"_s;
    else if ((*grant)->revokedMs != 0)
        problem = u"the token's grant was revoked"_s;
    else if (!(*grant)->isActive(m_clock.nowMs()))
        problem = u"the token's grant has expired"_s;
    // The token must say what its grant says: a token is never worth more than the grant.
    else if ((*grant)->clientId != token->clientId || (*grant)->patientId != token->patientId
             || (*grant)->username != token->subject)
        problem = u"the token does not match its grant"_s;
    if (problem.isEmpty()) {
        m_state.noteUse(token->grantId);
        return token;
    }
    AccessRefusal refusal = AccessRefusal::invalidToken(problem);
    refusal.token = std::move(token);
    return refusal;
}

std::optional<AccessRefusal> FhirAccessGuard::authorize(const GrantedAccess &access, const QString &resourceType,
                                                        fhir::AccessInteraction interaction) const
{
    if (access.allowsType(resourceType, interaction))
        return std::nullopt;
    const bool read = interaction == fhir::AccessInteraction::Read;
    AccessRefusal refusal = AccessRefusal::insufficientScope(
        u"no scope of this token allows %1 of %2"_s.arg(read ? u"read"_s : u"search"_s, resourceType),
        u"patient/%1.%2"_s.arg(resourceType, read ? u"r"_s : u"s"_s));
    refusal.token = access.token();
    return refusal;
}

http::HttpResponse FhirAccessGuard::refusalResponse(const AccessRefusal &refusal) const
{
    return refusal.toResponse(m_fhirBase);
}

void FhirAccessGuard::audit(const http::HttpRequest &request, const AccessToken *token, const QString &interaction,
                            int status, int resultCount, const QString &outcome) const
{
    if (!m_audit)
        return;
    AuditEvent event;
    event.timeMs = m_clock.nowMs();
    event.kind = AuditEvent::Kind::Fhir;
    if (token) {
        event.clientId = token->clientId;
        event.username = token->subject;
        event.patientId = token->patientId;
        event.tokenId = token->tokenId;
    }
    event.interaction = interaction;
    QUrlQuery query;
    query.setQueryItems(request.query);
    event.query = query.isEmpty() ? request.path : request.path + u'?' + query.toString(QUrl::FullyEncoded);
    event.resultCount = resultCount;
    event.status = status;
    event.outcome = outcome;
    m_audit->record(event);
}

} // namespace paw::access
