#pragma once

#include <QString>

namespace paw::fhir {

/// The normalization FHIR string search and token :text compare on, shared by the indexer and
/// the query parser so both sides agree: lower case, accents folded (NFD, combining marks
/// dropped), runs of whitespace collapsed to one space, trimmed.
class SearchText
{
public:
    static QString normalize(QStringView text);
};

} // namespace paw::fhir
