#pragma once

#include "auth/ScopeSet.h"
#include "auth/SmartScope.h"

#include <QString>
#include <QStringList>

namespace paw::access {

/// The sensitivity labels PAW withholds (DESIGN.md §3): HL7 v3 ActCode codes in `meta.security`,
/// each released by one sensitive-data scope.
///
/// | scope                          | codes          |
/// |--------------------------------|----------------|
/// | sensitive/substance-use        | ETH            |
/// | sensitive/mental-health        | PSY, MH        |
/// | sensitive/hiv                  | HIV            |
/// | sensitive/reproductive-health  | SEX, STD, SDV  |
/// | sensitive/genetic              | GDIS           |
///
/// Codes are matched whatever their system: a label written without the ActCode system still
/// withholds (failing closed), and no other label system PAW meets uses these codes.
class SensitivityLabels
{
public:
    using Category = auth::SmartScope::SensitiveCategory;

    static QStringList codes(Category category);
    /// Every code of every category.
    static QStringList all();
    /// The codes a grant with `scopes` does not release.
    static QStringList withheldBy(const auth::ScopeSet &scopes);
};

} // namespace paw::access
