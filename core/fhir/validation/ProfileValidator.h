#pragma once

#include "fhir/validation/ValidationReport.h"

#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <memory>

namespace paw::fhir {

class FhirPackage;
class FhirPackageSet;
class StructureDefinitionModel;

/// Validates FHIR resources (JSON) against StructureDefinition snapshots from a FhirPackageSet.
///
/// Checks: element names (choice types `value[x]` → `valueQuantity`; an element the definition
/// does not have is an error), cardinality (nested elements only where their parent is present),
/// JSON shape and the specification's regular expressions for primitives, fixed[x] and
/// pattern[x], slicing (value, pattern, type, profile and exists discriminators; closed, open,
/// openAtEnd, ordered; slice cardinality), extensions by URL (against their definition when it is
/// loaded), data types against their base definition and against profiles named in
/// `type.profile`, reference targets (the type of a relative, contained or bundled reference),
/// required bindings (errors) and extensible bindings (warnings) where the value set expands
/// locally, FHIRPath invariants the FhirPathEvaluator supports, and must-support elements
/// (information: present or absent). What it cannot check it reports as information and counts
/// in the report; it never reports such a rule as passed.
///
/// Definitions and compiled expressions are cached: create one validator, validate many
/// resources. Not thread-safe.
class ProfileValidator
{
public:
    explicit ProfileValidator(const FhirPackageSet &packages);
    ~ProfileValidator();
    ProfileValidator(const ProfileValidator &) = delete;
    ProfileValidator &operator=(const ProfileValidator &) = delete;

    /// Validates `resource` against `profiles` (canonical URLs, `url|version` allowed); with
    /// none, against its `meta.profile`, or its base definition when it claims none. Canonicals
    /// without a version resolve as `context` (the package the resource comes from) sees them.
    ValidationReport validate(const QJsonObject &resource, const QStringList &profiles = {},
                              const FhirPackage *context = nullptr);

    /// The compiled StructureDefinition `canonical` as seen from `context`, or nullptr.
    std::shared_ptr<const StructureDefinitionModel> model(const QString &canonical, const FhirPackage *context);

private:
    class Run;
    struct Caches;

    const FhirPackageSet &m_packages;
    std::unique_ptr<Caches> m_caches;
};

} // namespace paw::fhir
