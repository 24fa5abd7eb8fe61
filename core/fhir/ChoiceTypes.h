#pragma once

#include <QHash>
#include <QString>

namespace paw::fhir {

/// The data types an R4 choice element `name[x]` can take, and the suffix each gives the name in
/// JSON ("valueDateTime", "valueQuantity"). One table for the search paths and the validator.
class ChoiceTypes
{
public:
    /// Every suffix with the FHIR type it names ("DateTime" → "dateTime", "Quantity" → "Quantity").
    static const QHash<QString, QString> &bySuffix();
    /// The FHIR type `suffix` names, or an empty string when it names none.
    static QString typeForSuffix(const QString &suffix) { return bySuffix().value(suffix); }
    /// The suffix a type gives a choice element ("dateTime" → "DateTime").
    static QString suffixForType(const QString &type);
};

} // namespace paw::fhir
