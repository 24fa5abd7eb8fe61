#pragma once

#include <QString>

namespace paw::sandbox {

/// US National Provider Identifiers: 10 digits whose last is a Luhn check digit computed over
/// the prefix 80840 and the first nine (CMS, "Requirements for NPI check digit").
class NpiNumber
{
public:
    /// The NPI whose first nine digits are `serial` (a 9-digit number starting with 1 or 2).
    static QString fromSerial(int serial);
    static bool isValid(const QString &npi);
    static int checkDigit(const QString &firstNine);
};

} // namespace paw::sandbox
