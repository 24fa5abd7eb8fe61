#include "fhir/JsonElement.h"

#include <QJsonArray>
#include <QJsonObject>

namespace paw::fhir::json {

QJsonValue toQt(element value)
{
    switch (value.type()) {
    case element_type::ARRAY: {
        QJsonArray out;
        for (element item : items(value))
            out.append(toQt(item));
        return out;
    }
    case element_type::OBJECT: {
        QJsonObject out;
        for (const auto field : members(value))
            out.insert(qString(field.key), toQt(field.value));
        return out;
    }
    case element_type::STRING: return qString(value.get_string().value_unsafe());
    case element_type::INT64: return double(value.get_int64().value_unsafe());
    case element_type::UINT64: return double(value.get_uint64().value_unsafe());
    case element_type::DOUBLE: return value.get_double().value_unsafe();
    case element_type::BOOL: return value.get_bool().value_unsafe();
    case element_type::NULL_VALUE: return QJsonValue(QJsonValue::Null);
    }
    return {};
}

} // namespace paw::fhir::json
