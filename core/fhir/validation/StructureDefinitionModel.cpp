#include "fhir/validation/StructureDefinitionModel.h"

#include <QJsonArray>

using namespace Qt::StringLiterals;

namespace paw::fhir {

namespace {

int parseMax(const QString &max)
{
    if (max == u"*"_s || max.isEmpty())
        return -1;
    return max.toInt();
}

ElementDefinition parseElement(const QJsonObject &json)
{
    ElementDefinition element;
    element.path = json.value(u"path"_s).toString();
    element.id = json.value(u"id"_s).toString(element.path);
    element.name = element.path.mid(element.path.lastIndexOf(u'.') + 1);
    const QString lastIdSegment = element.id.mid(element.id.lastIndexOf(u'.') + 1);
    const qsizetype colon = lastIdSegment.indexOf(u':');
    if (colon >= 0)
        element.sliceName = lastIdSegment.mid(colon + 1);
    element.min = json.value(u"min"_s).toInt();
    element.max = parseMax(json.value(u"max"_s).toString());
    const QString baseMax = json.value(u"base"_s).toObject().value(u"max"_s).toString(json.value(u"max"_s).toString());
    element.repeats = baseMax == u"*"_s || baseMax.toInt() > 1;
    const QJsonArray types = json.value(u"type"_s).toArray();
    for (const QJsonValue &value : types) {
        const QJsonObject type = value.toObject();
        ElementDefinition::Type t;
        t.code = type.value(u"code"_s).toString();
        for (const QJsonValue &p : type.value(u"profile"_s).toArray())
            t.profiles.append(p.toString());
        for (const QJsonValue &p : type.value(u"targetProfile"_s).toArray())
            t.targetProfiles.append(p.toString());
        element.types.append(t);
    }
    element.contentReference = json.value(u"contentReference"_s).toString();
    for (auto it = json.begin(); it != json.end(); ++it) {
        if (it.key().startsWith(u"fixed"_s)) {
            element.fixedName = it.key();
            element.fixed = it.value();
        } else if (it.key().startsWith(u"pattern"_s)) {
            element.patternName = it.key();
            element.pattern = it.value();
        }
    }
    const QJsonObject slicing = json.value(u"slicing"_s).toObject();
    if (!slicing.isEmpty()) {
        element.sliced = true;
        for (const QJsonValue &value : slicing.value(u"discriminator"_s).toArray()) {
            const QJsonObject d = value.toObject();
            static const QHash<QString, ElementDefinition::Discriminator::Kind> kinds{
                {u"value"_s, ElementDefinition::Discriminator::Kind::Value},
                {u"pattern"_s, ElementDefinition::Discriminator::Kind::Pattern},
                {u"type"_s, ElementDefinition::Discriminator::Kind::Type},
                {u"profile"_s, ElementDefinition::Discriminator::Kind::Profile},
                {u"exists"_s, ElementDefinition::Discriminator::Kind::Exists}};
            element.discriminators.append(
                {kinds.value(d.value(u"type"_s).toString(), ElementDefinition::Discriminator::Kind::Value),
                 d.value(u"path"_s).toString()});
        }
        const QString rules = slicing.value(u"rules"_s).toString();
        element.rules = rules == u"closed"_s      ? ElementDefinition::SlicingRules::Closed
                        : rules == u"openAtEnd"_s ? ElementDefinition::SlicingRules::OpenAtEnd
                                                  : ElementDefinition::SlicingRules::Open;
        element.ordered = slicing.value(u"ordered"_s).toBool();
    }
    const QJsonObject binding = json.value(u"binding"_s).toObject();
    element.bindingStrength = binding.value(u"strength"_s).toString();
    element.bindingValueSet = binding.value(u"valueSet"_s).toString();
    for (const QJsonValue &value : json.value(u"constraint"_s).toArray()) {
        const QJsonObject c = value.toObject();
        element.constraints.append({c.value(u"key"_s).toString(), c.value(u"severity"_s).toString(),
                                    c.value(u"human"_s).toString(), c.value(u"expression"_s).toString()});
    }
    element.mustSupport = json.value(u"mustSupport"_s).toBool();
    return element;
}

// "A.b:s.c" -> "A.b:s"; slice names do not hold dots in the definitions we read.
QString parentId(const QString &id)
{
    const qsizetype dot = id.lastIndexOf(u'.');
    return dot < 0 ? QString() : id.left(dot);
}

QString groupName(const QString &id)
{
    QString segment = id.mid(id.lastIndexOf(u'.') + 1);
    const qsizetype colon = segment.indexOf(u':');
    return colon < 0 ? segment : segment.left(colon);
}

} // namespace

std::shared_ptr<const StructureDefinitionModel> StructureDefinitionModel::build(const QJsonObject &definition,
                                                                               const FhirPackage *package)
{
    const QJsonArray elements = definition.value(u"snapshot"_s).toObject().value(u"element"_s).toArray();
    if (elements.isEmpty())
        return nullptr;
    auto model = std::make_shared<StructureDefinitionModel>();
    model->m_url = definition.value(u"url"_s).toString();
    model->m_version = definition.value(u"version"_s).toString();
    model->m_type = definition.value(u"type"_s).toString();
    model->m_kind = definition.value(u"kind"_s).toString();
    model->m_derivation = definition.value(u"derivation"_s).toString();
    model->m_package = package;
    model->m_elements.reserve(elements.size());
    for (const QJsonValue &value : elements)
        model->m_elements.append(parseElement(value.toObject()));
    model->m_children.resize(model->m_elements.size());
    model->m_unslicedOf.fill(-1, model->m_elements.size());
    for (int i = 0; i < model->m_elements.size(); ++i)
        model->m_byId.insert(model->m_elements.at(i).id, i);
    for (int i = 1; i < model->m_elements.size(); ++i) {
        const ElementDefinition &element = model->m_elements.at(i);
        const int parent = model->m_byId.value(parentId(element.id), -1);
        if (parent < 0)
            continue;
        QList<ChildGroup> &groups = model->m_children[parent];
        const QString name = groupName(element.id);
        auto group = std::find_if(groups.begin(), groups.end(), [&](const ChildGroup &g) { return g.name == name; });
        if (group == groups.end()) {
            groups.append(ChildGroup{name, -1, {}});
            group = groups.end() - 1;
        }
        if (element.sliceName.isEmpty()) {
            group->base = i;
        } else {
            group->slices.append(i);
            model->m_unslicedOf[i] = group->base;
        }
    }
    return model;
}

const QList<StructureDefinitionModel::ChildGroup> &StructureDefinitionModel::children(int index) const
{
    const QList<ChildGroup> &own = m_children.at(index);
    if (own.isEmpty() && m_unslicedOf.at(index) >= 0)
        return children(m_unslicedOf.at(index));
    return own;
}

} // namespace paw::fhir
