#pragma once

// A token, code or secret that differs from the real one in its last character, whatever that
// character is (appending a fixed one after left(n) gives the real value back one time in 64).

#include <QString>

namespace paw::test {

inline QString withLastCharacterChanged(const QString &value)
{
    return value.chopped(1) + (value.endsWith(u'A') ? u'B' : u'A');
}

} // namespace paw::test
