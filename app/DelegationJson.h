#pragma once

#include "auth/Delegation.h"

#include <QJsonObject>

namespace paw::app {

/// A delegation as `paw persona list` and `paw delegate` print it: patient, relationship,
/// relatedPerson, status, validFrom/validTo (ISO dates or null), ceiling (or null), and whether it
/// allows access `today`. Without the delegate, whom the caller names where it fits.
QJsonObject delegationJson(const auth::Delegation &delegation, QDate today);

} // namespace paw::app
