#include "auth/TokenSubject.h"

#include <QCoreApplication>

namespace paw::auth {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("TokenSubject", text);
}

} // namespace

Expected<TokenSubject, QString> TokenSubject::resolve(const PersonaStore &personas, const QString &username,
                                                      const QString &patientId, QDate today)
{
    const auto persona = personas.find(username);
    if (!persona)
        return persona.error();
    if (!persona.value())
        return tr("the user of this grant no longer exists");
    TokenSubject subject{username, patientId, {}, false, (*persona)->displayName};
    if ((*persona)->kind == Persona::Kind::Member && (*persona)->patientId == patientId) {
        subject.fhirUser = QStringLiteral("Patient/") + patientId;
        return subject;
    }
    const auto delegation = personas.delegation(username, patientId);
    if (!delegation)
        return delegation.error();
    if (!delegation.value() || !(*delegation)->allows(today))
        return tr("the user may no longer act for this patient (delegation not active)");
    subject.fhirUser = QStringLiteral("RelatedPerson/") + (*delegation)->relatedPersonId;
    subject.delegate = true;
    return subject;
}

} // namespace paw::auth
