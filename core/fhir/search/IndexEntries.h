#pragma once

#include <QList>
#include <QString>

namespace paw::fhir {

/// The search index rows extracted from one resource (one list per parameter type).
/// `param` is the search parameter's name; the resource type is known by the caller.
struct IndexEntries
{
    struct Token
    {
        QString param;
        QString system; // empty when the value has no system (code, boolean, id, ...)
        QString code;
        QString text;   // normalized display/text for :text (lower case, accents folded); may be empty
        bool operator==(const Token &) const = default;
    };
    struct String
    {
        QString param;
        QString normalized; // lower case, accents folded, whitespace collapsed: for default and :contains
        QString exact;      // as written: for :exact
        bool operator==(const String &) const = default;
    };
    struct Date
    {
        QString param;
        qint64 low = 0;  // first millisecond of the value's range (UTC epoch ms)
        qint64 high = 0; // last millisecond of the value's range, inclusive
        bool operator==(const Date &) const = default;
    };
    struct Reference
    {
        QString param;
        QString targetType; // "Patient" for "Patient/1" or a local absolute URL; empty when unknown
        QString targetId;   // "1"; empty for an external URL
        QString url;        // the reference as written when it is an absolute URL (also set, with type
                            // and id, when the URL ends in Type/id: the store decides whether it is local)
        bool operator==(const Reference &) const = default;
    };

    QList<Token> tokens;
    QList<String> strings;
    QList<Date> dates;
    QList<Reference> references;
};

} // namespace paw::fhir
