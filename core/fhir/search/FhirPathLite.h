#pragma once

#include "Expected.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

namespace simdjson::dom {
class element;
}

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

    /// Every value the expression selects in `resource` (a document simdjson parsed), in document
    /// order per union branch, each with its FHIR type when known (as Value::type).
    using Visit = std::function<void(const simdjson::dom::element &value, const QString &type)>;
    void evaluate(const simdjson::dom::element &resource, const QString &resourceType, const Visit &visit) const;
    /// The same for a Qt JSON object (written out and parsed: for tests and tools, not bulk work).
    QList<Value> evaluate(const QJsonObject &resource) const;

    const QString &expression() const { return m_expression; }

private:
    FhirPathLite() = default;

    QString m_expression;
    std::shared_ptr<const Node> m_root;
};

} // namespace paw::fhir
