#include "access/GrantedAccess.h"

#include "access/SensitivityLabels.h"
#include "fhir/search/SearchQueryParser.h"

#include <algorithm>

using namespace Qt::StringLiterals;

namespace paw::access {

namespace {

using auth::SmartScope;
using fhir::AccessInteraction;

SmartScope::Permission permissionOf(AccessInteraction interaction)
{
    return interaction == AccessInteraction::Read ? SmartScope::Read : SmartScope::Search;
}

} // namespace

GrantedAccess::GrantedAccess(std::shared_ptr<const AccessToken> token, std::shared_ptr<const UserReach> reach,
                             const PatientCompartment &compartment, const fhir::SearchParameterRegistry &registry)
    : m_token(std::move(token))
    , m_reach(std::move(reach))
    , m_compartment(compartment)
    , m_registry(registry)
{
}

bool GrantedAccess::allowsType(const QString &resourceType, AccessInteraction interaction) const
{
    const SmartScope::Permission permission = permissionOf(interaction);
    return m_token->scopes.allows(SmartScope::Context::Patient, resourceType, permission)
           || m_token->scopes.allows(SmartScope::Context::User, resourceType, permission);
}

fhir::AccessRule GrantedAccess::ruleFor(const QString &resourceType, AccessInteraction interaction) const
{
    const QString key = resourceType + (interaction == AccessInteraction::Read ? u"/r"_s : u"/s"_s);
    if (const auto it = m_rules.constFind(key); it != m_rules.cend())
        return *it;
    fhir::AccessRule rule = build(resourceType, interaction);
    m_rules.insert(key, rule);
    return rule;
}

fhir::AccessRule GrantedAccess::build(const QString &resourceType, AccessInteraction interaction) const
{
    const bool shared = PatientCompartment::isShared(resourceType);
    // A type that is neither shared nor in a patient's compartment is no one's to see.
    if (!shared && !m_compartment.parameterFor(resourceType))
        return fhir::AccessRule::deny();
    // Without the index of labels, sensitive records cannot be told from the others: show none.
    if (!m_registry.find(resourceType, u"_security"_s))
        return fhir::AccessRule::deny();
    const QList<Alternative> found = alternatives(resourceType, interaction);
    if (found.isEmpty())
        return fhir::AccessRule::deny();
    return shared ? sharedRule(resourceType, found) : compartmentRule(resourceType, found);
}

QList<GrantedAccess::Alternative> GrantedAccess::alternatives(const QString &resourceType,
                                                              AccessInteraction interaction) const
{
    QList<Alternative> out;
    for (const SmartScope::Context context : {SmartScope::Context::Patient, SmartScope::Context::User}) {
        const auth::ScopeSet::Filters filters =
            m_token->scopes.filtersFor(context, resourceType, permissionOf(interaction));
        if (!filters.allowsAnything())
            continue;
        // patient/ scopes: the patient in context; user/ scopes: everyone the user acts for today.
        const QStringList patients =
            context == SmartScope::Context::Patient ? QStringList{m_token->patientId} : m_reach->patients();
        QStringList open, capped;
        for (const QString &id : patients) {
            if (m_reach->reaches(id))
                (m_reach->isCapped(id) ? capped : open).append(id);
        }
        for (const auto &[group, noSensitive] : {std::pair{open, false}, std::pair{capped, true}}) {
            if (group.isEmpty())
                continue;
            if (filters.unrestricted)
                out.append({group, noSensitive, std::nullopt});
            for (const auth::SmartScopeQuery &query : filters.queries)
                out.append({group, noSensitive, query});
        }
    }
    return out;
}

fhir::AccessRule GrantedAccess::sharedRule(const QString &resourceType, const QList<Alternative> &alternatives) const
{
    // Shared resources belong to no patient; a ceiling on any patient the token reaches still
    // withholds the sensitive ones (a labelled Medication tells what someone takes).
    const bool noSensitive = std::any_of(alternatives.cbegin(), alternatives.cend(),
                                         [](const Alternative &a) { return a.noSensitive; });
    fhir::AccessRule rule;
    if (auto labels = withheld(resourceType, noSensitive))
        rule.all.append(*labels);
    if (std::any_of(alternatives.cbegin(), alternatives.cend(), [](const Alternative &a) { return !a.query; }))
        return rule;
    QList<auth::SmartScopeQuery> seen;
    for (const Alternative &a : alternatives) {
        if (seen.contains(*a.query))
            continue;
        seen.append(*a.query);
        if (auto criteria = criteriaOf(resourceType, *a.query))
            rule.anyOf.append(*criteria);
    }
    return rule.anyOf.isEmpty() ? fhir::AccessRule::deny() : rule;
}

fhir::AccessRule GrantedAccess::compartmentRule(const QString &resourceType, QList<Alternative> alternatives) const
{
    // Alternatives that differ in their patients only become one.
    QList<Alternative> merged;
    for (Alternative &a : alternatives) {
        const auto same = std::find_if(merged.begin(), merged.end(), [&a](const Alternative &m) {
            return m.noSensitive == a.noSensitive && m.query == a.query;
        });
        if (same == merged.end()) {
            merged.append(std::move(a));
            continue;
        }
        for (const QString &id : std::as_const(a.patients)) {
            if (!same->patients.contains(id))
                same->patients.append(id);
        }
    }
    for (Alternative &m : merged)
        m.patients.sort();

    fhir::AccessRule rule;
    const Alternative &first = merged.constFirst();
    const bool onePatientSet = std::all_of(merged.cbegin(), merged.cend(), [&first](const Alternative &m) {
        return m.patients == first.patients && m.noSensitive == first.noSensitive;
    });
    if (onePatientSet) {
        // The compartment and the labels go outside the alternatives: the compartment criterion
        // then names the rows (it drives the SQL plan) and the granular queries only filter them.
        rule.all.append(*m_compartment.criterion(resourceType, first.patients));
        if (auto labels = withheld(resourceType, first.noSensitive))
            rule.all.append(*labels);
        if (std::any_of(merged.cbegin(), merged.cend(), [](const Alternative &m) { return !m.query; }))
            return rule;
        for (const Alternative &m : std::as_const(merged)) {
            if (auto criteria = criteriaOf(resourceType, *m.query))
                rule.anyOf.append(*criteria);
        }
        return rule.anyOf.isEmpty() ? fhir::AccessRule::deny() : rule;
    }
    for (const Alternative &m : std::as_const(merged)) {
        QList<fhir::SearchCriterion> criteria{*m_compartment.criterion(resourceType, m.patients)};
        if (auto labels = withheld(resourceType, m.noSensitive))
            criteria.append(*labels);
        if (m.query) {
            const auto query = criteriaOf(resourceType, *m.query);
            if (!query)
                continue;
            criteria += *query;
        }
        rule.anyOf.append(criteria);
    }
    return rule.anyOf.isEmpty() ? fhir::AccessRule::deny() : rule;
}

std::optional<fhir::SearchCriterion> GrantedAccess::withheld(const QString &resourceType, bool noSensitive) const
{
    const QStringList codes = noSensitive ? SensitivityLabels::all() : SensitivityLabels::withheldBy(m_token->scopes);
    if (codes.isEmpty())
        return std::nullopt;
    fhir::SearchCriterion criterion;
    criterion.parameter = m_registry.find(resourceType, u"_security"_s);
    criterion.modifier = fhir::Modifier::Not;
    for (const QString &code : codes)
        criterion.anyOf.append(fhir::TokenValue{std::nullopt, code});
    return criterion;
}

std::optional<QList<fhir::SearchCriterion>> GrantedAccess::criteriaOf(const QString &resourceType,
                                                                      const auth::SmartScopeQuery &query) const
{
    // Only search parameters of the type: a result parameter (_count, _include ...) in a scope
    // would change the answer's shape, not narrow it, so such a scope grants nothing.
    QList<QPair<QString, QString>> pairs;
    for (const auth::SmartScopeQuery::Parameter &p : query.parameters()) {
        if (!m_registry.find(resourceType, p.name.section(u':', 0, 0)))
            return std::nullopt;
        pairs.append({p.name, p.value()});
    }
    auto parsed = fhir::SearchQueryParser(m_registry).parse(resourceType, pairs);
    if (!parsed || parsed->criteria.size() != pairs.size())
        return std::nullopt;
    return parsed->criteria;
}

} // namespace paw::access
