#pragma once

#include <QString>
#include <QStringList>

namespace paw::fhir {

enum class SearchParamType { Token, String, Date, Reference, Quantity, Number, Uri };

/// One search parameter, as data (HAPI's approach): the engine is generic over these.
struct SearchParameter
{
    QString resourceType;  // the base type, e.g. "ExplanationOfBenefit"
    QString name;          // the code used in URLs, e.g. "service-date"
    SearchParamType type = SearchParamType::Token;
    QString expression;    // a FHIRPath expression of the subset FhirPathLite evaluates
    QStringList targets;   // reference target types; empty for other types
    QString definition;    // canonical URL of the SearchParameter resource it comes from
};

QString toString(SearchParamType type);

} // namespace paw::fhir
