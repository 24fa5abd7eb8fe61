#pragma once

#include "Expected.h"

#include <QHash>
#include <QJsonObject>
#include <QSet>
#include <QString>
#include <memory>

namespace paw::fhir {

class FhirPackage;
class FhirPackageSet;

/// Expands ValueSets from the loaded packages alone, without a terminology server, when that
/// can be done exactly: `compose.include` of listed concepts, of whole CodeSystems that are
/// loaded with `content = complete`, of other value sets, and `is-a`/`descendent-of` filters on
/// such a CodeSystem's nested concepts; `compose.exclude` of the same kinds. Anything else (a
/// code system not loaded or not complete, other filters) makes the value set not expandable,
/// with the reason, so that a binding to it is reported as not checked rather than guessed.
class ValueSetExpander
{
public:
    struct Expansion
    {
        QSet<QString> codes;   // "system|code"
        QSet<QString> bareCodes; // "code", for `code` elements that carry no system
        bool contains(const QString &system, const QString &code) const
        {
            return system.isEmpty() ? bareCodes.contains(code) : codes.contains(system + u'|' + code);
        }
    };
    using Result = Expected<std::shared_ptr<const Expansion>, QString>;

    explicit ValueSetExpander(const FhirPackageSet &packages) : m_packages(packages) {}

    /// The expansion of value set `canonical` as seen from `context`, or why it cannot be made.
    /// Results are cached.
    const Result &expand(const QString &canonical, const FhirPackage *context);

private:
    Result compute(const QString &canonical, const FhirPackage *context, int depth);
    Expected<QSet<QString>, QString> systemCodes(const QString &system, const QString &version,
                                                 const FhirPackage *context);
    Expected<QSet<QString>, QString> filteredCodes(const QString &system, const QJsonObject &include,
                                                   const FhirPackage *context);
    Expected<QSet<QString>, QString> includeCodes(const QJsonObject &include, const FhirPackage *context, int depth);

    const FhirPackageSet &m_packages;
    QHash<QString, Result> m_cache;
};

} // namespace paw::fhir
