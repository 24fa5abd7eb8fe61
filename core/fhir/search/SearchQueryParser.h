#pragma once

#include "Expected.h"
#include "fhir/FhirError.h"
#include "fhir/search/SearchParameterRegistry.h"
#include "fhir/search/SearchQuery.h"

#include <QList>
#include <QPair>
#include <QString>

namespace paw::fhir {

/// Turns the (already percent-decoded) name/value pairs of a search request into a SearchQuery.
/// Strict by default: an unknown parameter, modifier or prefix, or a malformed value is a 400
/// FhirError that names it. With `lenient` (Prefer: handling=lenient), unknown parameters are
/// skipped and listed in SearchQuery::ignored; malformed values of known ones still fail.
class SearchQueryParser
{
public:
    explicit SearchQueryParser(const SearchParameterRegistry &registry);

    Expected<SearchQuery, FhirError> parse(const QString &resourceType,
                                           const QList<QPair<QString, QString>> &parameters,
                                           bool lenient = false) const;

private:
    const SearchParameterRegistry &m_registry;
};

} // namespace paw::fhir
