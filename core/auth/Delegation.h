#pragma once

#include <QDate>
#include <QString>

namespace paw::auth {

/// A delegate's right to act for a member (DESIGN.md §3).
struct Delegation
{
    enum class Status { Active, Suspended, Revoked };
    QString delegate;          // the delegate's username
    QString patientId;         // the member's Patient id
    QString relatedPersonId;   // the RelatedPerson that stands for the delegate in the member's record
    QString relationship;      // parent | guardian | adult-child | spouse | caregiver | other
    QDate validFrom;
    QDate validTo;             // null: open-ended
    Status status = Status::Active;
    QString ceiling;           // empty: none; "no-sensitive": sensitive data is never shared

    static QString statusName(Status status);
    /// Active, and `day` within [validFrom, validTo].
    bool allows(QDate day) const;
};

} // namespace paw::auth
