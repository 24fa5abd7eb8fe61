#pragma once

#include "fhir/validation/ElementDefinition.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QString>

namespace paw::fhir {

class FhirPackage;

/// A StructureDefinition's snapshot turned into a tree the validator walks: each element's
/// children grouped by name, each group with its unsliced definition and its slices.
class StructureDefinitionModel
{
public:
    struct ChildGroup
    {
        QString name;     // "value[x]", "extension"
        int base = -1;    // the element without a slice name (holds the slicing, if any)
        QList<int> slices;
    };

    /// The model of `definition`, or nullptr when it has no snapshot.
    static std::shared_ptr<const StructureDefinitionModel> build(const QJsonObject &definition,
                                                                 const FhirPackage *package);

    const QString &url() const { return m_url; }
    const QString &version() const { return m_version; }
    /// The FHIR type it constrains ("ExplanationOfBenefit", "Extension", "CodeableConcept").
    const QString &type() const { return m_type; }
    const QString &kind() const { return m_kind; }
    /// "constraint" for profiles, "specialization" for base definitions.
    bool isProfile() const { return m_derivation == QLatin1String("constraint"); }
    const FhirPackage *package() const { return m_package; }
    /// "url|version", the canonical issues name.
    QString canonical() const { return m_version.isEmpty() ? m_url : m_url + u'|' + m_version; }

    const QList<ElementDefinition> &elements() const { return m_elements; }
    const ElementDefinition &element(int index) const { return m_elements.at(index); }
    /// The children of element `index`. A slice listed without children in the snapshot has the
    /// children of its unsliced element.
    const QList<ChildGroup> &children(int index) const;
    int indexOfId(const QString &id) const { return m_byId.value(id, -1); }

private:
    QString m_url;
    QString m_version;
    QString m_type;
    QString m_kind;
    QString m_derivation;
    const FhirPackage *m_package = nullptr;
    QList<ElementDefinition> m_elements;
    QList<QList<ChildGroup>> m_children;
    QList<int> m_unslicedOf; // for a slice: its unsliced element; else -1
    QHash<QString, int> m_byId;
};

} // namespace paw::fhir
