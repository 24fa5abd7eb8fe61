#include "auth/ScopeSet.h"

#include <QSet>

using namespace Qt::StringLiterals;

namespace paw::auth {

ScopeSet ScopeSet::parse(QStringView parameter, const QStringList &servedTypes)
{
    ScopeSet set;
    QSet<QString> seen;
    // RFC 6749 §3.3: "a list of space-delimited, case-sensitive strings"; repeated spaces are tolerated.
    const QList<QStringView> items = parameter.split(u' ', Qt::SkipEmptyParts);
    for (const QStringView item : items) {
        auto scope = SmartScope::parse(item.toString(), servedTypes);
        if (!scope) {
            set.m_dropped.append({item.toString(), scope.error()});
            continue;
        }
        if (!scope->isSupported()) {
            set.m_dropped.append({item.toString(), scope->unsupportedReason()});
            continue;
        }
        const QString canonical = scope->canonical();
        if (seen.contains(canonical))
            continue;
        seen.insert(canonical);
        set.m_scopes.append(std::move(scope).value());
    }
    return set;
}

QStringList ScopeSet::scopesSupported(const QStringList &resourceTypes)
{
    QStringList scopes{u"openid"_s,         u"fhirUser"_s,       u"profile"_s, u"launch/patient"_s,
                       u"offline_access"_s, u"online_access"_s};
    for (const auto category :
         {SmartScope::SensitiveCategory::SubstanceUse, SmartScope::SensitiveCategory::MentalHealth,
          SmartScope::SensitiveCategory::Hiv, SmartScope::SensitiveCategory::ReproductiveHealth,
          SmartScope::SensitiveCategory::Genetic})
        scopes.append(u"sensitive/"_s + SmartScope::categoryName(category));
    scopes.append(u"sensitive/*"_s);
    for (const QString &context : {u"patient"_s, u"user"_s}) {
        for (const QString &type : QStringList{u"*"_s} + resourceTypes) {
            scopes.append(context + u'/' + type + u".rs"_s);
            scopes.append(context + u'/' + type + u".read"_s);
        }
    }
    return scopes;
}

bool ScopeSet::allows(SmartScope::Context context, QStringView resourceType, SmartScope::Permission interaction) const
{
    return filtersFor(context, resourceType, interaction).allowsAnything();
}

ScopeSet::Filters ScopeSet::filtersFor(SmartScope::Context context, QStringView resourceType,
                                       SmartScope::Permission interaction) const
{
    Filters filters;
    for (const SmartScope &scope : m_scopes) {
        if (scope.context() != context || !scope.coversType(resourceType)
            || !scope.permissions().testFlag(interaction))
            continue;
        if (!scope.isGranular()) {
            // An unrestricted scope alongside granular ones: the granular filters add nothing.
            return Filters{true, {}};
        }
        if (!filters.queries.contains(*scope.query()))
            filters.queries.append(*scope.query());
    }
    return filters;
}

bool ScopeSet::grantsSensitive(SmartScope::SensitiveCategory category) const
{
    for (const SmartScope &scope : m_scopes) {
        if (scope.coversSensitive(category))
            return true;
    }
    return false;
}

bool ScopeSet::isNarrowingOf(const ScopeSet &granted) const
{
    for (const SmartScope &scope : m_scopes) {
        if (!granted.covers(scope))
            return false;
    }
    return true;
}

QString ScopeSet::toString() const
{
    QStringList texts;
    for (const SmartScope &scope : m_scopes)
        texts.append(scope.canonical());
    return texts.join(u' ');
}

bool ScopeSet::has(SmartScope::Kind kind) const
{
    for (const SmartScope &scope : m_scopes) {
        if (scope.kind() == kind)
            return true;
    }
    return false;
}

// Resource scopes are covered permission by permission, so `patient/Observation.rs` is covered
// by a grant of `patient/Observation.r` plus `patient/*.s`. A granular scope is covered by the
// same query or by an unrestricted scope; an unrestricted one never by granular scopes. A wildcard
// request finds only wildcard grants (filtersFor("*") matches no named type), never a list of types.
bool ScopeSet::covers(const SmartScope &requested) const
{
    switch (requested.kind()) {
    case SmartScope::Kind::Resource:
        for (const SmartScope::Permission permission :
             {SmartScope::Create, SmartScope::Read, SmartScope::Update, SmartScope::Delete, SmartScope::Search}) {
            if (!requested.permissions().testFlag(permission))
                continue;
            const Filters filters = filtersFor(requested.context(), requested.resourceType(), permission);
            if (filters.unrestricted)
                continue;
            if (!requested.isGranular() || !filters.queries.contains(*requested.query()))
                return false;
        }
        return true;
    case SmartScope::Kind::Sensitive:
        if (const auto category = requested.sensitiveCategory())
            return grantsSensitive(*category);
        break;
    default:
        break;
    }
    for (const SmartScope &scope : m_scopes) {
        if (scope == requested)
            return true;
    }
    return false;
}

} // namespace paw::auth
