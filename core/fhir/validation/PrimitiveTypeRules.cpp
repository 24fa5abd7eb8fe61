#include "fhir/validation/PrimitiveTypeRules.h"

#include "fhir/validation/FhirPackageSet.h"

#include <QJsonArray>
#include <QJsonObject>
#include <QSet>
#include <cmath>

using namespace Qt::StringLiterals;

namespace paw::fhir {

namespace {

const QSet<QString> &numberTypes()
{
    static const QSet<QString> types{u"integer"_s, u"positiveInt"_s, u"unsignedInt"_s, u"decimal"_s, u"integer64"_s,
                                     u"http://hl7.org/fhirpath/System.Integer"_s,
                                     u"http://hl7.org/fhirpath/System.Decimal"_s};
    return types;
}

QString jsonKind(const QJsonValue &value)
{
    switch (value.type()) {
    case QJsonValue::Bool:
        return u"a boolean"_s;
    case QJsonValue::Double:
        return u"a number"_s;
    case QJsonValue::String:
        return u"a string"_s;
    case QJsonValue::Array:
        return u"an array"_s;
    case QJsonValue::Object:
        return u"an object"_s;
    default:
        return u"null"_s;
    }
}

} // namespace

bool PrimitiveTypeRules::isPrimitive(const QString &type)
{
    static const QSet<QString> primitives{
        u"base64Binary"_s, u"boolean"_s, u"canonical"_s, u"code"_s, u"date"_s, u"dateTime"_s, u"decimal"_s,
        u"id"_s, u"instant"_s, u"integer"_s, u"markdown"_s, u"oid"_s, u"positiveInt"_s, u"string"_s,
        u"time"_s, u"unsignedInt"_s, u"uri"_s, u"url"_s, u"uuid"_s, u"xhtml"_s};
    return primitives.contains(type) || type.startsWith(u"http://hl7.org/fhirpath/System."_s);
}

const QRegularExpression *PrimitiveTypeRules::regex(const QString &type)
{
    auto it = m_regexes.find(type);
    if (it == m_regexes.end()) {
        std::optional<QRegularExpression> re;
        const auto definition = m_packages.baseDefinition(type);
        const QJsonArray elements = definition.resource.value(u"snapshot"_s).toObject().value(u"element"_s).toArray();
        for (const QJsonValue &element : elements) {
            if (element.toObject().value(u"path"_s).toString() != type + u".value"_s)
                continue;
            for (const QJsonValue &t : element.toObject().value(u"type"_s).toArray())
                for (const QJsonValue &e : t.toObject().value(u"extension"_s).toArray())
                    if (e.toObject().value(u"url"_s).toString() == u"http://hl7.org/fhir/StructureDefinition/regex"_s)
                        re = QRegularExpression(u"\\A(?:"_s + e.toObject().value(u"valueString"_s).toString() + u")\\z"_s);
        }
        if (re && !re->isValid())
            re.reset();
        if (re)
            re->optimize();
        it = m_regexes.insert(type, re);
    }
    return it->has_value() ? &**it : nullptr;
}

std::optional<QString> PrimitiveTypeRules::check(const QString &type, const QJsonValue &value)
{
    if (type == u"xhtml"_s)
        return value.isString() ? std::nullopt : std::optional<QString>(u"xhtml must be a JSON string"_s);
    if (!isPrimitive(type))
        return std::nullopt;
    const QString shortType = type.startsWith(u"http://hl7.org/fhirpath/System."_s) ? type.mid(31) : type;
    if (type == u"boolean"_s || shortType == u"Boolean"_s) {
        if (!value.isBool())
            return u"a %1 must be a JSON boolean, not %2"_s.arg(shortType, jsonKind(value));
        return std::nullopt;
    }
    if (numberTypes().contains(type)) {
        if (!value.isDouble())
            return u"a %1 must be a JSON number, not %2"_s.arg(shortType, jsonKind(value));
        const double d = value.toDouble();
        const bool integral = std::floor(d) == d;
        if (type == u"integer"_s || type == u"integer64"_s || shortType == u"Integer"_s) {
            if (!integral)
                return u"%1 is not an integer"_s.arg(d);
        } else if (type == u"positiveInt"_s) {
            if (!integral || d < 1)
                return u"%1 is not a positive integer"_s.arg(d);
        } else if (type == u"unsignedInt"_s) {
            if (!integral || d < 0)
                return u"%1 is not an unsigned integer"_s.arg(d);
        }
        return std::nullopt;
    }
    if (!value.isString())
        return u"a %1 must be a JSON string, not %2"_s.arg(shortType, jsonKind(value));
    if (type == u"base64Binary"_s) {
        // The spec's regex backtracks on every character; attachments run to megabytes, so the
        // same rule (base64 alphabet in groups of four, whitespace allowed) is checked directly.
        qsizetype count = 0;
        for (const QChar c : value.toString()) {
            if (c.isSpace())
                continue;
            if (!(c.isLetterOrNumber() && c.unicode() < 128) && c != u'+' && c != u'/' && c != u'=')
                return u"'%1' is not a valid base64Binary"_s.arg(value.toString().left(40));
            ++count;
        }
        if (count == 0 || count % 4 != 0)
            return u"'%1' is not a valid base64Binary (length is not a multiple of 4)"_s.arg(value.toString().left(40));
        return std::nullopt;
    }
    if (const QRegularExpression *re = regex(type)) {
        if (!re->match(value.toString()).hasMatch())
            return u"'%1' is not a valid %2"_s.arg(value.toString(), type);
    }
    return std::nullopt;
}

} // namespace paw::fhir
