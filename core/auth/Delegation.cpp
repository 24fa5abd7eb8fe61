#include "auth/Delegation.h"

namespace paw::auth {

QString Delegation::statusName(Status status)
{
    switch (status) {
    case Status::Active: return QStringLiteral("active");
    case Status::Suspended: return QStringLiteral("suspended");
    case Status::Revoked: return QStringLiteral("revoked");
    }
    return {};
}

bool Delegation::allows(QDate day) const
{
    if (status != Status::Active)
        return false;
    if (validFrom.isValid() && day < validFrom)
        return false;
    return !validTo.isValid() || day <= validTo;
}

} // namespace paw::auth
