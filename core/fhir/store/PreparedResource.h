#pragma once

#include "fhir/store/IncomingResource.h"

#include <QByteArray>
#include <QList>
#include <QString>

#include <array>

namespace paw::fhir {

/// One resource with the CPU work of writing it done: checked, serialized with its hash
/// (IncomingResource), and its search index rows extracted, already UTF-8, so that the store's
/// single writer thread only binds and inserts. ResourcePreparer makes them.
struct PreparedResource
{
    qsizetype position = 0; // in its batch; errors name it ("resource 7 (Patient/x)")
    QString error;          // why it cannot be written; empty when it can
    IncomingResource resource;
    QByteArray typeUtf8;
    QByteArray idUtf8;
    QList<std::array<QByteArray, 4>> tokens;     // param, system, code, text
    QList<std::array<QByteArray, 3>> strings;    // param, norm, exact
    struct Date
    {
        QByteArray param;
        qint64 low;
        qint64 high;
    };
    QList<Date> dates;
    QList<std::array<QByteArray, 4>> references; // param, ttype, tid, url

    /// "resource 7 (Patient/x)", or "resource 7" before the type is known.
    QString where() const;
};

} // namespace paw::fhir
