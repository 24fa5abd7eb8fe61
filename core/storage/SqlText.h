#pragma once

#include <QString>

namespace paw::storage {

/// `value` ready to bind to a NOT NULL text column: Qt binds a null QString as SQL NULL, so an
/// empty value must be made '' first.
inline QString sqlText(const QString &value)
{
    return value.isNull() ? QStringLiteral("") : value;
}

} // namespace paw::storage
