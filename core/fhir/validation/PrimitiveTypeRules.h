#pragma once

#include <QHash>
#include <QJsonValue>
#include <QRegularExpression>
#include <QString>
#include <optional>

namespace paw::fhir {

class FhirPackageSet;

/// The lexical rules of FHIR's primitive types: the JSON kind each must be (string, number,
/// boolean), the regular expression the specification gives for its value (read from the
/// type's StructureDefinition, `T.value` → type extension `regex`), and integer ranges.
class PrimitiveTypeRules
{
public:
    explicit PrimitiveTypeRules(const FhirPackageSet &packages) : m_packages(packages) {}

    static bool isPrimitive(const QString &type);
    /// Why `value` is not a valid `type`, or nullopt when it is (or when `type` is not a primitive).
    std::optional<QString> check(const QString &type, const QJsonValue &value);

private:
    const QRegularExpression *regex(const QString &type);

    const FhirPackageSet &m_packages;
    QHash<QString, std::optional<QRegularExpression>> m_regexes;
};

} // namespace paw::fhir
