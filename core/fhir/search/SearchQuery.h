#pragma once

#include "fhir/search/SearchParameter.h"

#include <QList>
#include <QString>
#include <QStringList>
#include <memory>
#include <optional>
#include <variant>

namespace paw::fhir {

class AccessConstraints;

enum class Prefix { Eq, Ne, Gt, Lt, Ge, Le, Sa, Eb, Ap };

enum class Modifier {
    None,
    Missing,  // :missing=true|false (any type)
    Exact,    // string
    Contains, // string
    Text,     // token; its values are StringValue (normalized), matched against Token::text
    Not,      // token
    Type,     // reference :Patient etc.; SearchCriterion::modifierType holds the type, the values
              // are ids (ReferenceValue::type is set to modifierType as well)
};

struct TokenValue
{
    std::optional<QString> system; // nullopt: any system ("code"); "": no system ("|code")
    QString code;                  // empty with a system: any code in that system ("system|")
};
struct StringValue
{
    QString normalized; // same normalization as IndexEntries::String::normalized
    QString raw;        // as given, for :exact
};
struct DateValue
{
    Prefix prefix = Prefix::Eq;
    qint64 low = 0;  // the search value's range, UTC epoch ms, inclusive
    qint64 high = 0;
};
struct ReferenceValue
{
    QString type; // may be empty ("123" on a parameter with several targets)
    QString id;
    QString url;  // an absolute URL or urn:uuid; when the URL ends in /Type/id with a known type,
                  // type and id are set too and the store decides whether the URL is its own
};
struct MissingValue
{
    bool missing = true;
};

using SearchValue = std::variant<TokenValue, StringValue, DateValue, ReferenceValue, MissingValue>;

/// One parameter occurrence: its values are ORed (comma); criteria in a query are ANDed.
struct SearchCriterion
{
    const SearchParameter *parameter = nullptr;
    Modifier modifier = Modifier::None;
    QString modifierType; // for Modifier::Type
    QList<SearchValue> anyOf;
};

struct IncludeSpec
{
    QString sourceType; // "ExplanationOfBenefit"
    QString parameter;  // "patient", or "*" for every reference parameter
    QString targetType; // optional third part
    bool iterate = false;
};

struct SortSpec
{
    QString parameter; // "_lastUpdated", "_id" or a date parameter
    bool descending = false;
};

enum class TotalMode { None, Estimate, Accurate };

/// A parsed, validated search request for one resource type.
struct SearchQuery
{
    QString resourceType;
    QList<SearchCriterion> criteria;
    int count = 20;       // page size, 0..500
    int offset = 0;       // from `_offset` in paging links
    std::optional<qint64> snapshot; // `_snapshot` in paging links: newest row the first page saw
    QList<SortSpec> sort;
    TotalMode total = TotalMode::Accurate;
    bool summaryCount = false; // _summary=count
    QStringList elements;      // _elements
    QList<IncludeSpec> includes;
    QList<IncludeSpec> revIncludes;
    QStringList ignored;       // parameters skipped under Prefer: handling=lenient
    // Set by the REST layer when a request is authorized by a token: the store ANDs the rule for
    // each type with the criteria, for matches and included resources. Null: no limits.
    std::shared_ptr<const AccessConstraints> access;
};

} // namespace paw::fhir
