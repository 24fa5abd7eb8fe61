#include "access/AccessRefusal.h"

#include "fhir/FhirError.h"
#include "fhir/rest/FhirResponses.h"

using namespace Qt::StringLiterals;

namespace paw::access {

namespace {

// RFC 6750 §3: error_description and scope values are %x20-21 / %x23-5B / %x5D-7E: no quote, no
// backslash, nothing outside printable ASCII.
QByteArray quoted(const QString &text)
{
    QByteArray out;
    out.reserve(text.size() + 2);
    out += '"';
    for (const QChar c : text) {
        const char16_t u = c.unicode();
        out += (u >= 0x20 && u <= 0x7E && u != u'"' && u != u'\\') ? char(u) : '?';
    }
    out += '"';
    return out;
}

} // namespace

AccessRefusal AccessRefusal::missingToken()
{
    return {401, {}, u"this FHIR server needs an access token (Authorization: Bearer)"_s, {}, {}};
}

AccessRefusal AccessRefusal::invalidToken(const QString &description)
{
    return {401, u"invalid_token"_s, description, {}, {}};
}

AccessRefusal AccessRefusal::insufficientScope(const QString &description, const QString &scope)
{
    return {403, u"insufficient_scope"_s, description, scope, {}};
}

AccessRefusal AccessRefusal::serverError(const QString &description)
{
    return {500, u"server_error"_s, description, {}, {}};
}

QString AccessRefusal::outcome() const
{
    return error.isEmpty() ? u"invalid_request"_s : error;
}

http::HttpResponse AccessRefusal::toResponse(const QString &realm) const
{
    // OperationOutcome issue types: login (authenticate first), security, forbidden.
    const QString code = status == 500 ? u"exception"_s
                         : status == 403 ? u"forbidden"_s
                         : error.isEmpty() ? u"login"_s
                                           : u"security"_s;
    http::HttpResponse response = fhir::errorResponse(fhir::FhirError::of(status, code, description));
    if (status == 500)
        return response;
    QByteArray challenge = "Bearer realm=" + quoted(realm);
    if (!error.isEmpty())
        challenge += ", error=" + quoted(error) + ", error_description=" + quoted(description);
    if (!scope.isEmpty())
        challenge += ", scope=" + quoted(scope);
    response.setHeader("WWW-Authenticate", challenge);
    return response;
}

} // namespace paw::access
