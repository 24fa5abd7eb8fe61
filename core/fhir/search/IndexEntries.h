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
    };
    struct String
    {
        QString param;
        QString normalized; // lower case, accents folded, whitespace collapsed: for default and :contains
        QString exact;      // as written: for :exact
    };
    struct Date
    {
        QString param;
        qint64 low = 0;  // first millisecond of the value's range (UTC epoch ms)
        qint64 high = 0; // last millisecond of the value's range, inclusive
    };
    struct Reference
    {
        QString param;
        QString targetType; // "Patient" for "Patient/1" or a local absolute URL; empty when unknown
        QString targetId;   // "1"; empty for an external URL
        QString url;        // the reference as written when it is an absolute URL not on this server
    };

    QList<Token> tokens;
    QList<String> strings;
    QList<Date> dates;
    QList<Reference> references;
};

} // namespace paw::fhir
