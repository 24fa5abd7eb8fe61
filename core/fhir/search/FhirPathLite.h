#pragma once

#include "Expected.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>
#include <memory>

namespace paw::fhir {

/// The subset of FHIRPath that search parameter expressions use, compiled once and evaluated
/// against a resource's JSON many times.
///
/// Supported: dotted paths (arrays are flattened at every step), a leading resource type name
/// (a branch for another type yields nothing) or `Resource.`/`DomainResource.`, `|` union,
/// parentheses, `.where(resolve() is Type)` (references whose reference names that type),
/// `.where(name = 'literal')`, and type casts `.as(T)`, `.ofType(T)`, `x as T`. A cast right
/// after a member reads the choice element (`onset.as(dateTime)` reads `onsetDateTime`); a member
/// that is absent reads every choice `name[x]` present (`effective` reads `effectiveDateTime`,
/// `effectivePeriod`, ...). Values read from a choice carry their FHIR type.
class FhirPathLite
{
public:
    struct Value
    {
        QJsonValue value;
        QString type; // FHIR type when known from a choice suffix or cast ("dateTime", "Period"); else empty
    };
    struct Node;

    /// The compiled expression, or a message naming what could not be parsed.
    static Expected<FhirPathLite, QString> parse(const QString &expression);

    /// Every value the expression selects in `resource`, in document order per union branch.
    QList<Value> evaluate(const QJsonObject &resource) const;

    const QString &expression() const { return m_expression; }

    /// The member names each branch walks down from the resource, cut at the first step that reads
    /// inside a value (a where()): a copy of the resource holding only the values at the ends of
    /// these paths, whole, evaluates the same. An empty path means the whole resource.
    QList<QStringList> memberPaths() const;

private:
    FhirPathLite() = default;

    QString m_expression;
    std::shared_ptr<const Node> m_root;
};

} // namespace paw::fhir
