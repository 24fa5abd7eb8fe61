#include "sandbox/data/NpiNumber.h"

namespace paw::sandbox {

int NpiNumber::checkDigit(const QString &firstNine)
{
    // Luhn over "80840" + the nine digits: double every second digit from the right.
    const QString digits = QStringLiteral("80840") + firstNine;
    int sum = 0;
    bool doubleIt = true; // the rightmost of these digits is doubled: the check digit follows it
    for (qsizetype i = digits.size() - 1; i >= 0; --i) {
        int d = digits.at(i).digitValue();
        if (doubleIt) {
            d *= 2;
            if (d > 9)
                d -= 9;
        }
        sum += d;
        doubleIt = !doubleIt;
    }
    return (10 - sum % 10) % 10;
}

QString NpiNumber::fromSerial(int serial)
{
    const QString firstNine = QString::number(serial).rightJustified(9, u'0').right(9);
    return firstNine + QString::number(checkDigit(firstNine));
}

bool NpiNumber::isValid(const QString &npi)
{
    if (npi.size() != 10)
        return false;
    for (const QChar c : npi) {
        if (!c.isDigit() || c.unicode() > 127)
            return false;
    }
    if (npi.at(0) != u'1' && npi.at(0) != u'2')
        return false;
    return checkDigit(npi.left(9)) == npi.at(9).digitValue();
}

} // namespace paw::sandbox
