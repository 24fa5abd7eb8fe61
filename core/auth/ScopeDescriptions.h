#pragma once

#include "auth/SmartScope.h"

#include <QCoreApplication>
#include <QString>

namespace paw::auth {

/// Plain-language text for the consent page, one sentence per scope, translated in the context
/// "paw::auth::ScopeDescriptions" (e.g. patient/ExplanationOfBenefit.rs: "Read and search your
/// claims and explanations of benefit"). Sensitive-data scopes are opt-in: the page shows them
/// unticked, apart from the rest.
class ScopeDescriptions
{
    Q_DECLARE_TR_FUNCTIONS(paw::auth::ScopeDescriptions)

public:
    static QString describe(const SmartScope &scope);
    static bool isOptIn(const SmartScope &scope) { return scope.kind() == SmartScope::Kind::Sensitive; }

private:
    static QString describeResource(const SmartScope &scope);
    static QString describeSensitive(const SmartScope &scope);
    static QString recordsOf(const SmartScope &scope);
};

} // namespace paw::auth
