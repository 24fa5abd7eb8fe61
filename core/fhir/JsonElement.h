#pragma once

// Reading simdjson's DOM from Qt code. Only .cpp files include this header: simdjson's own
// header is large, and the public headers name simdjson::dom::element by declaration only.

#include <QJsonObject>
#include <QJsonValue>
#include <QString>

#include <simdjson.h>

#include <string_view>

namespace paw::fhir::json {

using simdjson::dom::element;
using simdjson::dom::element_type;

inline QString qString(std::string_view text)
{
    return QString::fromUtf8(text.data(), qsizetype(text.size()));
}

/// The items of an array and the members of an object, by value: a range-for straight over
/// get_array().value_unsafe() would iterate a reference into a destroyed temporary.
inline simdjson::dom::array items(element array)
{
    return array.get_array().value_unsafe();
}
inline simdjson::dom::object members(element object)
{
    return object.get_object().value_unsafe();
}

/// The member `key` of an object; false when `value` is not an object or has no such member.
inline bool member(element value, std::string_view key, element &out)
{
    return value.type() == element_type::OBJECT && !members(value).at_key(key).get(out);
}

inline bool hasMember(element value, std::string_view key)
{
    element ignored;
    return member(value, key, ignored);
}

/// The text of a string value; empty for any other value.
inline std::string_view text(element value)
{
    return value.type() == element_type::STRING ? value.get_string().value_unsafe() : std::string_view();
}

/// The text of the string member `key`; empty when there is none.
inline std::string_view textOf(element value, std::string_view key)
{
    element found;
    return member(value, key, found) ? text(found) : std::string_view();
}

/// The same value as Qt JSON.
QJsonValue toQt(element value);

/// A Qt JSON object as simdjson's document (written out and parsed: for the Qt overloads that
/// tests and tools use, never bulk work). False when it cannot be parsed; `root` lives as long
/// as `parser` does.
bool parse(const QJsonObject &object, simdjson::dom::parser &parser, element &root);

} // namespace paw::fhir::json
