#pragma once

#include "Expected.h"
#include "auth/PersonaStore.h"

#include <QDate>
#include <QString>

namespace paw::auth {

/// Who a token speaks for (docs/AUTHORIZATION.md): the user who logged in and, for a delegate,
/// the RelatedPerson that stands for them in the patient's record.
struct TokenSubject
{
    QString username;
    QString patientId;
    QString fhirUser;    // relative: "Patient/<id>" for a member, "RelatedPerson/<id>" for a delegate
    bool delegate = false;
    QString displayName;

    /// Resolves `username` acting for `patientId` on `today`: a member for their own record, or a
    /// delegate whose delegation allows it today. The error says why not (for invalid_grant):
    /// a delegation revoked, suspended or expired ends what was granted under it.
    static Expected<TokenSubject, QString> resolve(const PersonaStore &personas, const QString &username,
                                                   const QString &patientId, QDate today);
};

} // namespace paw::auth
