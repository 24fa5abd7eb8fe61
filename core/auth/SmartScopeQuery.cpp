#include "auth/SmartScopeQuery.h"

#include <QRegularExpression>

#include <algorithm>

using namespace Qt::StringLiterals;

namespace paw::auth {

namespace {

// A FHIR search parameter name, optionally with a modifier (`code:in`).
bool isParameterName(QStringView name)
{
    static const QRegularExpression pattern(u"^[A-Za-z_][A-Za-z0-9_.-]*(:[A-Za-z0-9_.-]+)?$"_s);
    return pattern.match(name).hasMatch();
}

} // namespace

QString SmartScopeQuery::Parameter::value() const
{
    return system ? *system + u'|' + code : code;
}

Expected<SmartScopeQuery, QString> SmartScopeQuery::parse(QStringView text)
{
    if (text.isEmpty())
        return u"the granular query after '?' is empty"_s;
    SmartScopeQuery query;
    const QList<QStringView> pairs = text.split(u'&');
    for (const QStringView pair : pairs) {
        const qsizetype eq = pair.indexOf(u'=');
        if (eq < 0)
            return u"granular query part '%1' is not name=value"_s.arg(pair);
        const QStringView name = pair.left(eq);
        const QStringView value = pair.mid(eq + 1);
        if (!isParameterName(name))
            return u"'%1' is not a search parameter name"_s.arg(name);
        if (value.isEmpty())
            return u"granular query parameter '%1' has no value"_s.arg(name);
        Parameter parameter;
        parameter.name = name.toString();
        const qsizetype bar = value.indexOf(u'|');
        if (bar < 0) {
            parameter.code = value.toString();
        } else {
            if (value.indexOf(u'|', bar + 1) >= 0)
                return u"granular query value '%1' has more than one '|'"_s.arg(value);
            parameter.system = value.left(bar).toString();
            parameter.code = value.mid(bar + 1).toString();
            if (parameter.code.isEmpty())
                return u"granular query value '%1' names no code"_s.arg(value);
        }
        query.m_parameters.append(std::move(parameter));
    }
    // Criteria combine with AND, so order carries no meaning; sorting makes equal queries compare equal.
    std::sort(query.m_parameters.begin(), query.m_parameters.end(), [](const Parameter &a, const Parameter &b) {
        return a.name != b.name ? a.name < b.name : a.value() < b.value();
    });
    query.m_parameters.erase(std::unique(query.m_parameters.begin(), query.m_parameters.end()),
                             query.m_parameters.end());
    return query;
}

QString SmartScopeQuery::toString() const
{
    QStringList pairs;
    for (const Parameter &parameter : m_parameters)
        pairs.append(parameter.name + u'=' + parameter.value());
    return pairs.join(u'&');
}

} // namespace paw::auth
