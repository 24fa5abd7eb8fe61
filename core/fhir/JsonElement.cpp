#include "fhir/JsonElement.h"

#include <QJsonArray>
#include <QJsonDocument>
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

bool parse(const QJsonObject &object, simdjson::dom::parser &parser, element &root)
{
    // The parser copies the text into its own padded buffer: the text may go right after.
    const QByteArray text = QJsonDocument(object).toJson(QJsonDocument::Compact);
    return !parser.parse(text.constData(), std::size_t(text.size())).get(root);
}

} // namespace paw::fhir::json
