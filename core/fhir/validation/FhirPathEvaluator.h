#pragma once

#include "Expected.h"

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QString>
#include <functional>
#include <memory>
#include <optional>

namespace paw::fhir {

/// The FHIRPath (http://hl7.org/fhirpath/N1/) that StructureDefinition invariants use, compiled
/// once and evaluated against FHIR JSON. This is validation's own evaluator: search keeps its
/// smaller FhirPathLite.
///
/// Supported: paths (with choice elements `value` → `valueQuantity`, backtick names, a leading
/// type name), literals (string, number, boolean, `{}`, `@date`), `$this`, `$index`, `%resource`,
/// `%rootResource`, `%context`, `%ucum`, every operator (`implies or xor and in contains = != ~ !~
/// < > <= >= | is as + - & * / div mod`, unary minus, indexer) and the functions listed in
/// `isSupportedFunction`. Anything else fails to compile, and the caller counts the invariant
/// as not supported. An evaluation that cannot be decided honestly (a type it cannot tell, a
/// reference it cannot resolve, a value set it cannot expand) answers an error, never a guess.
class FhirPathEvaluator
{
public:
    /// A value with its FHIR type when known ("dateTime", "Quantity", "Patient"; empty if not).
    /// `extension` is the `_name` companion of a primitive (its id and extensions).
    struct Item
    {
        QJsonValue value;
        QString type;
        QJsonValue extension;
    };
    using Collection = QList<Item>;

    /// What the expression may ask of its surroundings. Each callback answers nullopt when it
    /// cannot tell, which makes the evaluation undecided rather than false.
    struct Environment
    {
        Item resource;     // %resource
        Item rootResource; // %rootResource
        /// The resource a reference string points to (or just `{"resourceType": T}` when only
        /// its type is known).
        std::function<std::optional<QJsonObject>(const QString &reference)> resolve;
        /// Whether a code, Coding or CodeableConcept (of FHIR type `type`) is in value set `url`.
        std::function<std::optional<bool>(const Item &item, const QString &url)> memberOf;
    };

    struct Node;

    static Expected<FhirPathEvaluator, QString> compile(const QString &expression);
    static bool isSupportedFunction(const QString &name);

    /// The collection the expression yields for `context`, or why it cannot be decided.
    Expected<Collection, QString> evaluate(const Item &context, const Environment &environment) const;
    /// An invariant's verdict: true when it holds, false when it is violated, or why it cannot
    /// be decided (including an empty result, FHIRPath's "unknown").
    Expected<bool, QString> evaluateInvariant(const Item &context, const Environment &environment) const;

    const QString &expression() const { return m_expression; }

private:
    QString m_expression;
    std::shared_ptr<const Node> m_root;
};

} // namespace paw::fhir
