#include "fhir/search/SearchParameter.h"

namespace paw::fhir {

QString toString(SearchParamType type)
{
    switch (type) {
    case SearchParamType::Token: return QStringLiteral("token");
    case SearchParamType::String: return QStringLiteral("string");
    case SearchParamType::Date: return QStringLiteral("date");
    case SearchParamType::Reference: return QStringLiteral("reference");
    case SearchParamType::Quantity: return QStringLiteral("quantity");
    case SearchParamType::Number: return QStringLiteral("number");
    case SearchParamType::Uri: return QStringLiteral("uri");
    }
    return {};
}

} // namespace paw::fhir
