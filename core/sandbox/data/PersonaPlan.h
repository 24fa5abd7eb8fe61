#pragma once

#include "auth/Delegation.h"
#include "auth/Persona.h"
#include "sandbox/data/MemberStory.h"

#include <QByteArray>
#include <QList>

namespace paw::sandbox {

/// The sandbox's logins: every member, and the delegates who act for members (DESIGN.md §3),
/// with a C4BB RelatedPerson for each delegation.
///
/// In each block of 25 members (index 25k + r, the households MemberStoryPlanner makes):
/// - parent-<k>: parent of the siblings r = 1 and r = 2, active until each turns 18;
/// - adultchild-<k>: adult child of r = 3 (aged 78-92), active;
/// - guardian-<k>: legal guardian of r = 4, active, with a ceiling that excludes sensitive data;
/// - spouse-<k>: spouse of r = 5, expired (ended 30 days before the as-of date);
/// - caregiver-<k>: caregiver of r = 6, revoked.
/// Blocks whose members do not exist (a sandbox of 3 members) have only the delegations they can.
///
/// Sandbox passwords follow one public scheme, sandboxPassword(): the username followed by
/// "-sandbox". They are for the local sandbox only, which says so wherever it shows them.
class PersonaPlan
{
public:
    struct Login
    {
        auth::Persona persona;
        QString password; // the sandbox password (scheme above)
    };

    /// The logins and delegations of `stories`, which hold whole blocks of 25 members (the
    /// population's last block may be partial): a block's delegations need its members.
    static PersonaPlan plan(const QList<MemberStory> &stories, QDate asOf);

    static QString sandboxPassword(const QString &username);
    static QString relatedPersonId(const QString &delegateUsername, const QString &patientId);
    /// The parent delegate of the siblings in member `index`'s block (MemberStoryPlanner uses it
    /// as their coverages' subscriber).
    static QString parentUsername(int memberIndex);

    QList<Login> logins;
    QList<auth::Delegation> delegations;
    QList<QByteArray> relatedPersons; // C4BB RelatedPerson, one per delegation, as JSON text
};

} // namespace paw::sandbox
