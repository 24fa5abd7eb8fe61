#include "fhir/validation/ProfileValidator.h"

#include "fhir/validation/FhirPackageSet.h"
#include "fhir/validation/FhirPathEvaluator.h"
#include "fhir/validation/PrimitiveTypeRules.h"
#include "fhir/validation/StructureDefinitionModel.h"
#include "fhir/validation/ValueSetExpander.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace paw::fhir {

using Model = StructureDefinitionModel;
using Item = FhirPathEvaluator::Item;
using Severity = ValidationIssue::Severity;

namespace {

const QString kBaseDefinitionPrefix = u"http://hl7.org/fhir/StructureDefinition/"_s;

QString capitalized(const QString &type)
{
    return type.isEmpty() ? type : type.at(0).toUpper() + type.mid(1);
}

QString withoutVersion(const QString &canonical)
{
    const qsizetype bar = canonical.indexOf(u'|');
    return bar < 0 ? canonical : canonical.left(bar);
}

bool jsonEquals(const QJsonValue &a, const QJsonValue &b)
{
    if (a.isDouble() && b.isDouble())
        return a.toDouble() == b.toDouble();
    return a == b;
}

// pattern[x]: the instance holds at least what the pattern holds; arrays match when every
// pattern item is found in the instance's array.
bool patternContains(const QJsonValue &pattern, const QJsonValue &value)
{
    if (pattern.isObject()) {
        if (!value.isObject())
            return false;
        const QJsonObject p = pattern.toObject();
        const QJsonObject v = value.toObject();
        for (auto it = p.begin(); it != p.end(); ++it)
            if (!patternContains(it.value(), v.value(it.key())))
                return false;
        return true;
    }
    if (pattern.isArray()) {
        if (!value.isArray())
            return false;
        const QJsonArray values = value.toArray();
        for (const QJsonValue &wanted : pattern.toArray()) {
            const bool found = std::any_of(values.begin(), values.end(),
                                           [&](const QJsonValue &v) { return patternContains(wanted, v); });
            if (!found)
                return false;
        }
        return true;
    }
    return jsonEquals(pattern, value);
}

QString compact(const QJsonValue &value)
{
    if (value.isString())
        return u"'"_s + value.toString() + u"'"_s;
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    if (value.isArray())
        return QString::fromUtf8(QJsonDocument(value.toArray()).toJson(QJsonDocument::Compact));
    if (value.isBool())
        return value.toBool() ? u"true"_s : u"false"_s;
    if (value.isDouble())
        return QString::number(value.toDouble());
    return u"null"_s;
}

// Splits a discriminator path at dots outside parentheses and quotes.
QStringList pathSegments(const QString &path)
{
    QStringList segments;
    QString current;
    int depth = 0;
    bool quoted = false;
    for (const QChar c : path) {
        if (c == u'\'')
            quoted = !quoted;
        else if (!quoted && c == u'(')
            ++depth;
        else if (!quoted && c == u')')
            --depth;
        if (c == u'.' && depth == 0 && !quoted) {
            segments.append(current);
            current.clear();
        } else {
            current.append(c);
        }
    }
    segments.append(current);
    return segments;
}

QString argumentOf(const QString &segment)
{
    const qsizetype open = segment.indexOf(u'(');
    QString argument = segment.mid(open + 1, segment.size() - open - 2).trimmed();
    if (argument.startsWith(u'\'') && argument.endsWith(u'\''))
        argument = argument.mid(1, argument.size() - 2);
    return argument;
}

// The codes a coded value carries, as (system, code) pairs; system is empty for `code`.
QList<QPair<QString, QString>> codesOf(const Item &item)
{
    QList<QPair<QString, QString>> codes;
    if (item.value.isString()) {
        codes.append({QString(), item.value.toString()});
        return codes;
    }
    const QJsonObject object = item.value.toObject();
    if (object.contains(u"coding"_s) || item.type == u"CodeableConcept"_s) {
        for (const QJsonValue &coding : object.value(u"coding"_s).toArray()) {
            const QJsonObject c = coding.toObject();
            if (c.contains(u"code"_s))
                codes.append({c.value(u"system"_s).toString(), c.value(u"code"_s).toString()});
        }
    } else if (object.contains(u"code"_s)) {
        codes.append({object.value(u"system"_s).toString(), object.value(u"code"_s).toString()});
    }
    return codes;
}

} // namespace

struct ProfileValidator::Caches
{
    explicit Caches(const FhirPackageSet &packages) : expander(packages), primitives(packages) {}

    // What a value/pattern discriminator compares with, for one slice and path.
    struct DiscriminatorTarget
    {
        enum class Kind { None, Fixed, Pattern, Binding };
        Kind kind = Kind::None;
        QJsonValue value;
        QString valueSet;
        const Model *model = nullptr; // where the element was found
        int element = -1;
        QString why; // for None
    };

    QHash<QString, std::shared_ptr<const Model>> models;
    QHash<QString, std::shared_ptr<const Expected<FhirPathEvaluator, QString>>> expressions;
    QHash<QString, DiscriminatorTarget> targets;
    ValueSetExpander expander;
    PrimitiveTypeRules primitives;
};

// Models live in Caches for the validator's lifetime, so raw pointers to them stay valid.
// One validation: the report being written, the resources being walked (for %resource and
// contained references) and the notes already made once.
class ProfileValidator::Run
{
public:
    Run(ProfileValidator &validator, const FhirPackage *context)
        : m_validator(validator), m_caches(*validator.m_caches), m_context(context), m_sink(&report.issues)
    {
        m_environment.resolve = [this](const QString &reference) { return resolveReference(reference); };
        m_environment.memberOf = [this](const Item &item, const QString &url) -> std::optional<bool> {
            const auto &expansion = m_caches.expander.expand(url, m_definitionPackage);
            if (!expansion)
                return std::nullopt;
            const auto codes = codesOf(item);
            return std::any_of(codes.begin(), codes.end(),
                               [&](const auto &c) { return (*expansion)->contains(c.first, c.second); });
        };
    }

    ValidationReport report;

    void resource(const QJsonObject &resource, const QString &path, QStringList profiles, bool top)
    {
        const QString type = resource.value(u"resourceType"_s).toString();
        if (type.isEmpty()) {
            issue(Severity::Error, u"structure"_s, path, u"The resource has no resourceType"_s, nullptr, nullptr);
            return;
        }
        if (profiles.isEmpty())
            for (const QJsonValue &p : resource.value(u"meta"_s).toObject().value(u"profile"_s).toArray())
                profiles.append(p.toString());
        QList<std::shared_ptr<const Model>> models;
        for (const QString &profile : std::as_const(profiles)) {
            auto model = m_validator.model(profile, m_context);
            if (!model) {
                issue(Severity::Warning, u"not-found"_s, path,
                      u"Profile %1 is not loaded; the resource is not checked against it"_s.arg(profile), nullptr, nullptr);
                continue;
            }
            if (model->type() != type) {
                issue(Severity::Error, u"structure"_s, path,
                      u"Profile %1 is for %2, not %3"_s.arg(profile, model->type(), type), model.get(), nullptr);
                continue;
            }
            if (!models.contains(model))
                models.append(model);
        }
        if (models.isEmpty()) {
            auto base = m_validator.model(kBaseDefinitionPrefix + type, m_context);
            if (!base) {
                issue(Severity::Error, u"not-supported"_s, path,
                      u"No definition of resource type %1 is loaded"_s.arg(type), nullptr, nullptr);
                return;
            }
            models.append(base);
        }

        const Item item{resource, type, {}};
        m_resources.append(item);
        if (top && type == u"Bundle"_s)
            indexBundle(resource);
        for (const auto &model : std::as_const(models)) {
            NodeState state;
            element(*model, 0, item, path, state);
        }
        if (top)
            for (const auto &model : std::as_const(models))
                reportMustSupport(*model);
        m_resources.removeLast();
    }

    void removeDuplicates()
    {
        QSet<QString> seen;
        QList<ValidationIssue> unique;
        for (const ValidationIssue &i : std::as_const(report.issues)) {
            const QString key = ValidationIssue::severityName(i.severity) + u'\n' + i.path + u'\n' + i.message;
            if (!seen.contains(key)) {
                seen.insert(key);
                unique.append(i);
            }
        }
        report.issues = unique;
    }

private:
    struct NodeState
    {
        QSet<QString> constraintKeys; // each invariant once per instance node
    };
    enum class Match { No, Yes, Unknown };

    // ------------------------------------------------------------ issues

    void issue(Severity severity, const QString &code, const QString &path, const QString &message,
               const Model *model, const ElementDefinition *element)
    {
        ValidationIssue i;
        i.severity = severity;
        i.code = code;
        i.path = path;
        i.message = message;
        if (model)
            i.profile = model->canonical();
        if (element)
            i.elementId = element->id;
        m_sink->append(i);
    }

    // An information issue made once per key per resource walk (not checked, unknown URL, ...).
    void noteOnce(const QString &key, const QString &code, const QString &path, const QString &message,
                  const Model *model, const ElementDefinition *element)
    {
        if (m_noted.contains(key))
            return;
        m_noted.insert(key);
        issue(Severity::Information, code, path, message, model, element);
    }

    // ------------------------------------------------------------ elements

    void element(const Model &model, int index, const Item &item, const QString &path, NodeState &state)
    {
        const ElementDefinition &ed = model.element(index);
        if (index > 0 && !ed.types.isEmpty() && !item.type.isEmpty() && !ed.allowsType(item.type)
            && !(ed.allowsType(u"Resource"_s) && item.value.isObject())) {
            QStringList allowed;
            for (const auto &t : ed.types)
                allowed.append(t.code);
            issue(Severity::Error, u"structure"_s, path,
                  u"Type %1 is not allowed here (allowed: %2)"_s.arg(item.type, allowed.join(u", "_s)), &model, &ed);
            return;
        }
        const bool primitive = PrimitiveTypeRules::isPrimitive(item.type);
        if (primitive && !item.value.isNull() && !item.value.isUndefined()) {
            if (const auto problem = m_caches.primitives.check(item.type, item.value))
                issue(Severity::Error, u"value"_s, path, *problem, &model, &ed);
        }
        if (!ed.fixedName.isEmpty() && !jsonEquals(ed.fixed, item.value))
            issue(Severity::Error, u"value"_s, path,
                  u"Value %1 differs from the fixed value %2 (%3)"_s.arg(compact(item.value), compact(ed.fixed),
                                                                         ed.fixedName),
                  &model, &ed);
        if (!ed.patternName.isEmpty() && !patternContains(ed.pattern, item.value))
            issue(Severity::Error, u"value"_s, path,
                  u"Value %1 does not match the pattern %2 (%3)"_s.arg(compact(item.value), compact(ed.pattern),
                                                                       ed.patternName),
                  &model, &ed);
        if (!ed.bindingValueSet.isEmpty())
            binding(model, ed, item, path);
        if (item.type == u"Reference"_s)
            reference(model, ed, item, path);
        constraints(model, ed, item, path, state);
        if (primitive || !item.value.isObject())
            return;

        if (!ed.contentReference.isEmpty()) {
            const qsizetype hash = ed.contentReference.indexOf(u'#');
            const QString url = ed.contentReference.left(hash);
            const QString id = ed.contentReference.mid(hash + 1);
            std::shared_ptr<const Model> target = url.isEmpty() || url == model.url()
                                                      ? nullptr
                                                      : m_validator.model(url, model.package());
            const Model &targetModel = target ? *target : model;
            const int targetIndex = targetModel.indexOfId(id);
            if (targetIndex < 0) {
                issue(Severity::Warning, u"not-supported"_s, path,
                      u"Content reference %1 cannot be followed; the content is not checked"_s.arg(ed.contentReference),
                      &model, &ed);
                return;
            }
            element(targetModel, targetIndex, item, path, state);
            return;
        }

        // A resource held inside another (contained, Bundle.entry.resource) is checked on its own.
        if (index > 0 && item.value.toObject().contains(u"resourceType"_s)) {
            QStringList profiles;
            for (const auto &t : ed.types)
                profiles += t.profiles;
            resource(item.value.toObject(), path, profiles, false);
            return;
        }

        const QStringList profiles = typeProfiles(ed, item.type);
        const auto &groups = model.children(index);
        if (!groups.isEmpty()) {
            children(model, index, item.value.toObject(), path, index == 0 && model.kind() == u"resource"_s);
            if (!profiles.isEmpty())
                againstProfiles(model, profiles, item, path, state);
            return;
        }
        if (!profiles.isEmpty()) {
            againstProfiles(model, profiles, item, path, state);
            return;
        }
        againstType(model, item, path, state);
    }

    QStringList typeProfiles(const ElementDefinition &ed, const QString &type) const
    {
        QStringList profiles;
        for (const auto &t : ed.types)
            if (t.code == type)
                for (const QString &p : t.profiles)
                    if (withoutVersion(p) != kBaseDefinitionPrefix + type)
                        profiles.append(p);
        return profiles;
    }

    // A data type without children in the profile: its own definition (an extension's by URL).
    void againstType(const Model &model, const Item &item, const QString &path, NodeState &state)
    {
        if (item.type.isEmpty())
            return;
        if (item.type == u"Extension"_s) {
            const QString url = item.value.toObject().value(u"url"_s).toString();
            auto definition = m_validator.model(url, model.package());
            if (definition && definition->type() == u"Extension"_s) {
                element(*definition, 0, item, path, state);
                return;
            }
            noteOnce(u"extension|"_s + url, u"informational"_s, path,
                     u"Extension %1 is not known; only its structure is checked"_s.arg(url), &model, nullptr);
        }
        auto base = m_validator.model(kBaseDefinitionPrefix + item.type, model.package());
        if (!base) {
            noteOnce(u"type|"_s + item.type, u"not-supported"_s, path,
                     u"No definition of type %1 is loaded; its content is not checked"_s.arg(item.type), &model,
                     nullptr);
            return;
        }
        if (base.get() == &model)
            return;
        element(*base, 0, item, path, state);
    }

    // type.profile: the value must conform to one of them.
    void againstProfiles(const Model &model, const QStringList &profiles, const Item &item, const QString &path,
                         NodeState &state)
    {
        QList<std::shared_ptr<const Model>> models;
        for (const QString &profile : profiles) {
            auto m = m_validator.model(profile, model.package());
            if (m)
                models.append(m);
            else
                noteOnce(u"profile|"_s + profile, u"not-found"_s, path,
                         u"Profile %1 is not loaded; checked against the base type only"_s.arg(profile), &model,
                         nullptr);
        }
        if (models.isEmpty()) {
            againstType(model, item, path, state);
            return;
        }
        if (models.size() == 1) {
            element(*models.first(), 0, item, path, state);
            return;
        }
        QList<ValidationIssue> best;
        bool found = false;
        for (const auto &m : std::as_const(models)) {
            QList<ValidationIssue> issues;
            QList<ValidationIssue> *saved = m_sink;
            m_sink = &issues;
            NodeState own = state;
            element(*m, 0, item, path, own);
            m_sink = saved;
            const bool clean = std::none_of(issues.begin(), issues.end(),
                                            [](const ValidationIssue &i) { return i.severity == Severity::Error; });
            if (clean || !found) {
                best = issues;
                found = true;
                if (clean)
                    break;
            }
        }
        *m_sink += best;
    }

    // ------------------------------------------------------------ children and slicing

    struct Found
    {
        int group = -1;
        QString type;
    };

    Found findGroup(const Model &model, const QList<Model::ChildGroup> &groups, const QString &key) const
    {
        for (int g = 0; g < groups.size(); ++g) {
            if (groups.at(g).name == key) {
                const int index = groups.at(g).base >= 0 ? groups.at(g).base : groups.at(g).slices.value(0, -1);
                const ElementDefinition &ed = model.element(index);
                return Found{g, ed.types.size() == 1 ? ed.types.first().code : QString()};
            }
        }
        for (int g = 0; g < groups.size(); ++g) {
            const QString &name = groups.at(g).name;
            if (!name.endsWith(u"[x]"_s))
                continue;
            const QString base = name.chopped(3);
            if (key.size() <= base.size() || !key.startsWith(base) || !key.at(base.size()).isUpper())
                continue;
            const QString suffix = key.mid(base.size());
            const int index = groups.at(g).base >= 0 ? groups.at(g).base : groups.at(g).slices.value(0, -1);
            for (const auto &t : model.element(index).types)
                if (capitalized(t.code) == suffix)
                    return Found{g, t.code};
            // A choice of a type the profile does not allow: say so by name.
            return Found{g, u"?"_s + suffix};
        }
        return {};
    }

    void children(const Model &model, int parent, const QJsonObject &object, const QString &path, bool resourceRoot)
    {
        const QList<Model::ChildGroup> &groups = model.children(parent);
        struct Entry
        {
            QString key;
            QString type;
        };
        QList<QList<Entry>> keysOf(groups.size());
        for (auto it = object.begin(); it != object.end(); ++it) {
            const QString &key = it.key();
            if (resourceRoot && key == u"resourceType"_s)
                continue;
            const bool companion = key.startsWith(u'_');
            const QString name = companion ? key.mid(1) : key;
            const Found found = findGroup(model, groups, name);
            if (found.group < 0) {
                issue(Severity::Error, u"structure"_s, path + u'.' + key,
                      u"Unknown element '%1': %2 does not define it"_s.arg(key, model.element(parent).path),
                      &model, &model.element(parent));
                continue;
            }
            if (found.type.startsWith(u'?')) {
                const ElementDefinition &ed = model.element(groups.at(found.group).base);
                QStringList allowed;
                for (const auto &t : ed.types)
                    allowed.append(ed.jsonBaseName() + capitalized(t.code));
                issue(Severity::Error, u"structure"_s, path + u'.' + key,
                      u"Choice type '%1' is not allowed for %2 (allowed: %3)"_s.arg(key, ed.name, allowed.join(u", "_s)),
                      &model, &ed);
                continue;
            }
            if (companion) {
                if (!object.contains(name)) // a primitive with only extensions
                    keysOf[found.group].append(Entry{name, found.type});
                continue;
            }
            keysOf[found.group].append(Entry{key, found.type});
        }

        for (int g = 0; g < groups.size(); ++g) {
            const Model::ChildGroup &group = groups.at(g);
            const int baseIndex = group.base >= 0 ? group.base : group.slices.value(0, -1);
            if (baseIndex < 0)
                continue;
            const ElementDefinition &base = model.element(baseIndex);
            const QString groupPath = path + u'.' + base.jsonBaseName();
            if (keysOf.at(g).size() > 1 && base.isChoice())
                issue(Severity::Error, u"structure"_s, groupPath,
                      u"Only one type of %1 may be present"_s.arg(base.name), &model, &base);

            QList<Item> items;
            QStringList paths;
            for (const Entry &entry : keysOf.at(g)) {
                const QJsonValue value = object.value(entry.key);
                const QJsonValue companion = object.value(u'_' + entry.key);
                const QString itemPath = path + u'.' + entry.key;
                const bool isArray = value.isArray() || (value.isUndefined() && companion.isArray());
                if (base.repeats && !isArray)
                    issue(Severity::Error, u"structure"_s, itemPath,
                          u"%1 repeats, so it must be a JSON array"_s.arg(entry.key), &model, &base);
                if (!base.repeats && isArray)
                    issue(Severity::Error, u"structure"_s, itemPath,
                          u"%1 does not repeat, so it must not be a JSON array"_s.arg(entry.key), &model, &base);
                if (isArray) {
                    const QJsonArray array = value.toArray();
                    const QJsonArray companions = companion.toArray();
                    const qsizetype n = qMax(array.size(), companions.size());
                    if (n == 0)
                        issue(Severity::Error, u"structure"_s, itemPath, u"An array must not be empty"_s, &model, &base);
                    for (qsizetype i = 0; i < n; ++i) {
                        const QJsonValue v = array.at(i);
                        const QJsonValue c = i < companions.size() ? companions.at(i) : QJsonValue();
                        if ((v.isNull() || v.isUndefined()) && !c.isObject())
                            continue;
                        items.append(itemFor(v, entry.type, c));
                        paths.append(itemPath + u'[' + QString::number(i) + u']');
                    }
                } else if (value.isNull()) {
                    issue(Severity::Error, u"structure"_s, itemPath, u"A value must not be null"_s, &model, &base);
                } else {
                    items.append(itemFor(value, entry.type, companion));
                    paths.append(itemPath);
                }
            }

            if (base.mustSupport && model.isProfile() && !items.isEmpty())
                m_mustSupportPresent.insert(mustSupportKey(model, base));
            checkCardinality(model, base, int(items.size()), groupPath);
            for (qsizetype i = 0; i < items.size(); ++i)
                companionExtensions(model, items.at(i), paths.at(i));

            if (base.sliced && !group.slices.isEmpty() && group.base >= 0) {
                sliced(model, group, items, paths, groupPath);
            } else {
                for (qsizetype i = 0; i < items.size(); ++i) {
                    NodeState state;
                    element(model, baseIndex, items.at(i), paths.at(i), state);
                }
            }
        }
    }

    static Item itemFor(const QJsonValue &value, const QString &declaredType, const QJsonValue &companion)
    {
        QString type = declaredType;
        if (value.isObject()) {
            const QString resourceType = value.toObject().value(u"resourceType"_s).toString();
            if (!resourceType.isEmpty())
                type = resourceType;
        }
        return Item{value, type, companion};
    }

    void checkCardinality(const Model &model, const ElementDefinition &ed, int count, const QString &path)
    {
        if (count < ed.min)
            issue(Severity::Error, u"required"_s, path,
                  u"%1 is required: minimum %2, found %3"_s.arg(ed.name).arg(ed.min).arg(count), &model, &ed);
        if (ed.max >= 0 && count > ed.max)
            issue(Severity::Error, u"structure"_s, path,
                  ed.max == 0 ? u"%1 is not allowed by the profile"_s.arg(ed.name)
                              : u"%1 allows at most %2, found %3"_s.arg(ed.name).arg(ed.max).arg(count),
                  &model, &ed);
    }

    // A primitive's `_name` companion holds only an id and extensions.
    void companionExtensions(const Model &model, const Item &item, const QString &path)
    {
        if (!item.extension.isObject())
            return;
        const QJsonObject companion = item.extension.toObject();
        const qsizetype dot = path.lastIndexOf(u'.');
        const QString companionPath = path.left(dot + 1) + u'_' + path.mid(dot + 1);
        for (auto it = companion.begin(); it != companion.end(); ++it) {
            if (it.key() == u"id"_s)
                continue;
            if (it.key() != u"extension"_s) {
                issue(Severity::Error, u"structure"_s, companionPath + u'.' + it.key(),
                      u"Unknown element '%1' beside a primitive value"_s.arg(it.key()), &model, nullptr);
                continue;
            }
            const QJsonArray extensions = it.value().toArray();
            for (qsizetype i = 0; i < extensions.size(); ++i) {
                NodeState state;
                againstType(model, Item{extensions.at(i), u"Extension"_s, {}},
                            companionPath + u".extension["_s + QString::number(i) + u']', state);
            }
        }
    }

    void sliced(const Model &model, const Model::ChildGroup &group, const QList<Item> &items, const QStringList &paths,
                const QString &groupPath)
    {
        const ElementDefinition &base = model.element(group.base);
        // Re-slices (name "a/b") refine a slice; an item is first sorted into a top-level slice.
        QList<int> slices;
        for (int s : group.slices)
            if (!model.element(s).sliceName.contains(u'/'))
                slices.append(s);

        QList<int> matched(items.size(), -1);
        QList<QString> undecided(items.size());
        for (qsizetype i = 0; i < items.size(); ++i) {
            for (int s = 0; s < slices.size(); ++s) {
                QString why;
                const Match match = matchSlice(model, base, slices.at(s), items.at(i), why);
                if (match == Match::Yes) {
                    matched[i] = s;
                    break;
                }
                if (match == Match::Unknown && undecided.at(i).isEmpty())
                    undecided[i] = why.isEmpty() ? u"the discriminator cannot be evaluated"_s : why;
            }
            if (matched.at(i) >= 0)
                undecided[i].clear();
        }
        const bool anyUndecided = std::any_of(undecided.begin(), undecided.end(), [](const QString &w) { return !w.isEmpty(); });

        for (int s = 0; s < slices.size(); ++s) {
            const ElementDefinition &slice = model.element(slices.at(s));
            const int count = int(std::count(matched.begin(), matched.end(), s));
            if (slice.mustSupport && model.isProfile() && count > 0)
                m_mustSupportPresent.insert(mustSupportKey(model, slice));
            if (count < slice.min) {
                if (anyUndecided)
                    noteOnce(u"slicemin|"_s + groupPath + slice.id, u"not-supported"_s, groupPath,
                             u"Slice %1 needs %2 item(s); not checked because some items could not be sorted into slices"_s
                                 .arg(slice.sliceName)
                                 .arg(slice.min),
                             &model, &slice);
                else
                    issue(Severity::Error, u"required"_s, groupPath,
                          u"Slice '%1' requires at least %2 item(s), found %3"_s.arg(slice.sliceName).arg(slice.min).arg(count),
                          &model, &slice);
            }
            if (slice.max >= 0 && count > slice.max)
                issue(Severity::Error, u"structure"_s, groupPath,
                      u"Slice '%1' allows at most %2 item(s), found %3"_s.arg(slice.sliceName).arg(slice.max).arg(count),
                      &model, &slice);
        }

        int last = -1;
        bool seenUnmatched = false;
        for (qsizetype i = 0; i < items.size(); ++i) {
            if (matched.at(i) < 0) {
                if (!undecided.at(i).isEmpty()) {
                    noteOnce(u"undecided|"_s + paths.at(i), u"not-supported"_s, paths.at(i),
                             u"Cannot tell which slice of %1 this item belongs to: %2"_s.arg(base.id, undecided.at(i)),
                             &model, &base);
                } else if (base.rules == ElementDefinition::SlicingRules::Closed) {
                    issue(Severity::Error, u"structure"_s, paths.at(i),
                          u"The item matches none of the slices of %1, and the slicing is closed"_s.arg(base.id),
                          &model, &base);
                }
                seenUnmatched = true;
                continue;
            }
            if (base.ordered && matched.at(i) < last)
                issue(Severity::Error, u"structure"_s, paths.at(i),
                      u"Slice '%1' is out of order (the slicing of %2 is ordered)"_s.arg(
                          model.element(slices.at(matched.at(i))).sliceName, base.id),
                      &model, &base);
            if (base.rules == ElementDefinition::SlicingRules::OpenAtEnd && seenUnmatched)
                issue(Severity::Error, u"structure"_s, paths.at(i),
                      u"Slice '%1' comes after items of no slice, but the slicing of %2 is open at the end only"_s.arg(
                          model.element(slices.at(matched.at(i))).sliceName, base.id),
                      &model, &base);
            last = qMax(last, matched.at(i));
        }

        for (qsizetype i = 0; i < items.size(); ++i) {
            NodeState state;
            element(model, matched.at(i) >= 0 ? slices.at(matched.at(i)) : group.base, items.at(i), paths.at(i), state);
        }
    }

    Match matchSlice(const Model &model, const ElementDefinition &base, int slice, const Item &item, QString &why)
    {
        Match result = Match::Yes;
        for (const auto &d : base.discriminators) {
            const Match m = matchDiscriminator(model, slice, d, item, why);
            if (m == Match::No)
                return Match::No;
            if (m == Match::Unknown)
                result = Match::Unknown;
        }
        if (base.discriminators.isEmpty()) {
            why = u"the slicing has no discriminator"_s;
            return Match::Unknown;
        }
        return result;
    }

    Match matchDiscriminator(const Model &model, int slice, const ElementDefinition::Discriminator &d, const Item &item,
                             QString &why)
    {
        FhirPathEvaluator::Collection values;
        if (d.path == u"$this"_s) {
            values.append(item);
        } else {
            const auto *compiled = expression(d.path);
            if (!compiled->hasValue()) {
                why = compiled->error();
                return Match::Unknown;
            }
            prepareEnvironment(model);
            const auto evaluated = (*compiled)->evaluate(item, m_environment);
            if (!evaluated) {
                why = evaluated.error();
                return Match::Unknown;
            }
            values = *evaluated;
        }
        const Caches::DiscriminatorTarget &target = discriminatorTarget(model, slice, d.path);
        if (!target.model) {
            why = target.why;
            return Match::Unknown;
        }
        const ElementDefinition &at = target.model->element(target.element);
        switch (d.kind) {
        case ElementDefinition::Discriminator::Kind::Type: {
            if (values.isEmpty())
                return Match::No;
            for (const Item &value : std::as_const(values))
                if (value.type.isEmpty() || !at.allowsType(value.type))
                    return value.type.isEmpty() ? Match::Unknown : Match::No;
            return Match::Yes;
        }
        case ElementDefinition::Discriminator::Kind::Exists:
            if (at.min >= 1)
                return values.isEmpty() ? Match::No : Match::Yes;
            if (at.max == 0)
                return values.isEmpty() ? Match::Yes : Match::No;
            why = u"exists discriminator on %1, which neither requires nor forbids it"_s.arg(at.id);
            return Match::Unknown;
        case ElementDefinition::Discriminator::Kind::Profile: {
            QStringList profiles;
            for (const auto &t : at.types)
                profiles += t.profiles;
            if (profiles.isEmpty() || values.isEmpty())
                return values.isEmpty() ? Match::No : Match::Unknown;
            for (const Item &value : std::as_const(values)) {
                bool conforms = false;
                for (const QString &profile : std::as_const(profiles)) {
                    auto m = m_validator.model(profile, target.model->package());
                    if (!m) {
                        why = u"profile %1 is not loaded"_s.arg(profile);
                        return Match::Unknown;
                    }
                    QList<ValidationIssue> issues;
                    QList<ValidationIssue> *saved = m_sink;
                    m_sink = &issues;
                    NodeState state;
                    element(*m, 0, value, QString(), state);
                    m_sink = saved;
                    conforms = conforms || std::none_of(issues.begin(), issues.end(), [](const ValidationIssue &i) {
                                   return i.severity == Severity::Error;
                               });
                }
                if (!conforms)
                    return Match::No;
            }
            return Match::Yes;
        }
        case ElementDefinition::Discriminator::Kind::Value:
        case ElementDefinition::Discriminator::Kind::Pattern:
            break;
        }
        if (values.isEmpty())
            return Match::No;
        switch (target.kind) {
        case Caches::DiscriminatorTarget::Kind::Fixed:
            return std::any_of(values.begin(), values.end(), [&](const Item &v) { return jsonEquals(target.value, v.value); })
                       ? Match::Yes
                       : Match::No;
        case Caches::DiscriminatorTarget::Kind::Pattern:
            return std::any_of(values.begin(), values.end(),
                               [&](const Item &v) { return patternContains(target.value, v.value); })
                       ? Match::Yes
                       : Match::No;
        case Caches::DiscriminatorTarget::Kind::Binding: {
            const auto &expansion = m_caches.expander.expand(target.valueSet, target.model->package());
            if (!expansion) {
                why = expansion.error();
                return Match::Unknown;
            }
            for (const Item &v : std::as_const(values))
                for (const auto &[system, code] : codesOf(v))
                    if ((*expansion)->contains(system, code))
                        return Match::Yes;
            return Match::No;
        }
        case Caches::DiscriminatorTarget::Kind::None:
            break;
        }
        why = target.why;
        return Match::Unknown;
    }

    // The element a discriminator path names inside a slice, and what it is compared with.
    const Caches::DiscriminatorTarget &discriminatorTarget(const Model &model, int slice, const QString &path)
    {
        const QString key = QString::number(quintptr(&model), 16) + u'#' + QString::number(slice) + u'#' + path;
        auto it = m_caches.targets.find(key);
        if (it != m_caches.targets.end())
            return *it;
        Caches::DiscriminatorTarget target;
        const Model *current = &model;
        int index = slice;
        QString restrictType;
        const QStringList segments = path == u"$this"_s ? QStringList() : pathSegments(path);
        for (const QString &segment : segments) {
            if (segment == u"$this"_s)
                continue;
            if (segment.startsWith(u"ofType("_s) || segment.startsWith(u"as("_s)) {
                restrictType = argumentOf(segment);
                continue;
            }
            if (segment.startsWith(u"resolve("_s)) {
                target.why = u"discriminator path %1 needs resolve()"_s.arg(path);
                return *m_caches.targets.insert(key, target);
            }
            QString name = segment;
            QString extensionUrl;
            if (segment.startsWith(u"extension("_s)) {
                name = u"extension"_s;
                extensionUrl = argumentOf(segment);
            }
            auto step = [&](const Model *m, int parent) -> int {
                for (const auto &g : m->children(parent)) {
                    if (g.name != name && g.name != name + u"[x]"_s)
                        continue;
                    if (!extensionUrl.isEmpty()) {
                        for (int s : g.slices)
                            for (const auto &t : m->element(s).types)
                                if (t.profiles.contains(extensionUrl))
                                    return s;
                        return -1;
                    }
                    return g.base >= 0 ? g.base : g.slices.value(0, -1);
                }
                return -1;
            };
            int next = step(current, index);
            if (next < 0) {
                // Not in this snapshot: continue in the definition of the element's type.
                const ElementDefinition &ed = current->element(index);
                QString typeProfile;
                QString typeCode = restrictType;
                for (const auto &t : ed.types) {
                    if (!restrictType.isEmpty() && t.code != restrictType)
                        continue;
                    typeCode = t.code;
                    if (!t.profiles.isEmpty())
                        typeProfile = t.profiles.first();
                    break;
                }
                std::shared_ptr<const Model> typeModel;
                if (!extensionUrl.isEmpty())
                    typeModel = m_validator.model(extensionUrl, current->package());
                else if (!typeProfile.isEmpty())
                    typeModel = m_validator.model(typeProfile, current->package());
                if (!typeModel && !typeCode.isEmpty())
                    typeModel = m_validator.model(kBaseDefinitionPrefix + typeCode, current->package());
                if (!typeModel) {
                    // An extension slice whose definition is not loaded: its url is its profile.
                    if (name == u"url"_s && typeCode == u"Extension"_s && !typeProfile.isEmpty()) {
                        target.kind = Caches::DiscriminatorTarget::Kind::Fixed;
                        target.value = withoutVersion(typeProfile);
                        target.model = current;
                        target.element = index;
                        return *m_caches.targets.insert(key, target);
                    }
                    target.why = u"cannot follow discriminator path %1"_s.arg(path);
                    return *m_caches.targets.insert(key, target);
                }
                current = typeModel.get();
                next = extensionUrl.isEmpty() ? step(current, 0) : 0;
                if (next < 0) {
                    target.why = u"discriminator path %1 names no element"_s.arg(path);
                    return *m_caches.targets.insert(key, target);
                }
            }
            index = next;
            restrictType.clear();
        }
        const ElementDefinition &ed = current->element(index);
        target.model = current;
        target.element = index;
        if (!ed.fixedName.isEmpty()) {
            target.kind = Caches::DiscriminatorTarget::Kind::Fixed;
            target.value = ed.fixed;
        } else if (!ed.patternName.isEmpty()) {
            target.kind = Caches::DiscriminatorTarget::Kind::Pattern;
            target.value = ed.pattern;
        } else if (ed.bindingStrength == u"required"_s && !ed.bindingValueSet.isEmpty()) {
            target.kind = Caches::DiscriminatorTarget::Kind::Binding;
            target.valueSet = ed.bindingValueSet;
        } else {
            target.why = u"slice element %1 has no fixed value, pattern or required binding"_s.arg(ed.id);
        }
        return *m_caches.targets.insert(key, target);
    }

    // ------------------------------------------------------------ rules on one value

    void binding(const Model &model, const ElementDefinition &ed, const Item &item, const QString &path)
    {
        const bool required = ed.bindingStrength == u"required"_s;
        if (!required && ed.bindingStrength != u"extensible"_s)
            return;
        static const QSet<QString> coded{u"code"_s, u"Coding"_s, u"CodeableConcept"_s, u"string"_s, u"uri"_s,
                                         u"Quantity"_s};
        if (!coded.contains(item.type) || item.value.isNull() || item.value.isUndefined())
            return;
        const auto codes = codesOf(item);
        if (item.type == u"Quantity"_s && codes.isEmpty())
            return;
        const auto &expansion = m_caches.expander.expand(ed.bindingValueSet, model.package());
        if (!expansion) {
            report.bindingsNotChecked.insert(ed.bindingValueSet);
            noteOnce(u"binding|"_s + ed.bindingValueSet, u"not-supported"_s, path,
                     u"Binding to %1 not checked: %2"_s.arg(ed.bindingValueSet, expansion.error()), &model, &ed);
            return;
        }
        if (codes.isEmpty()) {
            if (required)
                issue(Severity::Error, u"code-invalid"_s, path,
                      u"No code given, and one from the required value set %1 is needed"_s.arg(ed.bindingValueSet),
                      &model, &ed);
            return;
        }
        for (const auto &[system, code] : codes)
            if ((*expansion)->contains(system, code))
                return;
        QStringList shown;
        for (const auto &[system, code] : codes)
            shown.append(system.isEmpty() ? code : system + u'#' + code);
        issue(required ? Severity::Error : Severity::Warning, u"code-invalid"_s, path,
              u"%1 is not in the %2 value set %3"_s.arg(shown.join(u", "_s), ed.bindingStrength, ed.bindingValueSet),
              &model, &ed);
    }

    // The resource type a literal reference names, when it can be told without fetching it.
    QString referencedType(const QString &reference) const
    {
        if (reference.startsWith(u'#')) {
            const QString id = reference.mid(1);
            for (qsizetype i = m_resources.size() - 1; i >= 0; --i)
                for (const QJsonValue &c : m_resources.at(i).value.toObject().value(u"contained"_s).toArray())
                    if (c.toObject().value(u"id"_s).toString() == id)
                        return c.toObject().value(u"resourceType"_s).toString();
            return {};
        }
        if (const auto it = m_bundleEntries.constFind(reference); it != m_bundleEntries.constEnd())
            return it->value(u"resourceType"_s).toString();
        // Relative `Type/id[/_history/vid]`, or an absolute URL ending so.
        static const QRegularExpression literal(
            u"^(?:(?:https?)://[^\\s]*/)?([A-Z][A-Za-z]+)/[A-Za-z0-9\\-\\.]{1,64}(?:/_history/[A-Za-z0-9\\-\\.]{1,64})?$"_s);
        const auto match = literal.match(reference);
        return match.hasMatch() ? match.captured(1) : QString();
    }

    void reference(const Model &model, const ElementDefinition &ed, const Item &item, const QString &path)
    {
        QStringList targets;
        for (const auto &t : ed.types)
            if (t.code == u"Reference"_s)
                targets += t.targetProfiles;
        if (targets.isEmpty())
            return;
        QStringList allowed;
        for (const QString &target : std::as_const(targets)) {
            QString type;
            if (auto m = m_validator.model(target, model.package()))
                type = m->type();
            else if (withoutVersion(target).startsWith(kBaseDefinitionPrefix))
                type = withoutVersion(target).mid(kBaseDefinitionPrefix.size());
            else
                return; // a target we cannot read: no verdict
            if (type == u"Resource"_s || type == u"DomainResource"_s)
                return;
            if (!allowed.contains(type))
                allowed.append(type);
        }
        const QJsonObject object = item.value.toObject();
        const QString declared = object.value(u"type"_s).toString();
        if (!declared.isEmpty() && !allowed.contains(declared))
            issue(Severity::Error, u"structure"_s, path + u".type"_s,
                  u"Reference type %1 is not allowed here (allowed: %2)"_s.arg(declared, allowed.join(u" | "_s)), &model,
                  &ed);
        const QString reference = object.value(u"reference"_s).toString();
        if (reference.isEmpty())
            return;
        const QString type = referencedType(reference);
        if (!type.isEmpty() && !allowed.contains(type))
            issue(Severity::Error, u"structure"_s, path + u".reference"_s,
                  u"Reference to a %1 ('%2') is not allowed here (allowed: %3)"_s.arg(type, reference,
                                                                                     allowed.join(u" | "_s)),
                  &model, &ed);
    }

    const Expected<FhirPathEvaluator, QString> *expression(const QString &text)
    {
        auto it = m_caches.expressions.find(text);
        if (it == m_caches.expressions.end())
            it = m_caches.expressions.insert(
                text, std::make_shared<const Expected<FhirPathEvaluator, QString>>(FhirPathEvaluator::compile(text)));
        return it->get();
    }

    void prepareEnvironment(const Model &model)
    {
        m_environment.resource = m_resources.isEmpty() ? Item{} : m_resources.last();
        m_environment.rootResource = m_resources.isEmpty() ? Item{} : m_resources.first();
        m_definitionPackage = model.package();
    }

    void constraints(const Model &model, const ElementDefinition &ed, const Item &item, const QString &path,
                     NodeState &state)
    {
        for (const auto &constraint : ed.constraints) {
            if (state.constraintKeys.contains(constraint.key))
                continue;
            state.constraintKeys.insert(constraint.key);
            const QString noteKey = u"invariant|"_s + model.url() + u'|' + constraint.key;
            if (constraint.expression.isEmpty()) {
                report.invariantsNotChecked.insert(constraint.key);
                noteOnce(noteKey, u"not-supported"_s, path,
                         u"Constraint %1 not checked: it has no FHIRPath expression"_s.arg(constraint.key), &model, &ed);
                continue;
            }
            const auto *compiled = expression(constraint.expression);
            if (!compiled->hasValue()) {
                report.invariantsNotChecked.insert(constraint.key);
                noteOnce(noteKey, u"not-supported"_s, path,
                         u"Constraint %1 not checked: %2"_s.arg(constraint.key, compiled->error()), &model, &ed);
                continue;
            }
            prepareEnvironment(model);
            const auto verdict = (*compiled)->evaluateInvariant(item, m_environment);
            if (!verdict) {
                report.invariantsNotChecked.insert(constraint.key);
                noteOnce(noteKey, u"not-supported"_s, path,
                         u"Constraint %1 not checked here: %2"_s.arg(constraint.key, verdict.error()), &model, &ed);
                continue;
            }
            ++report.invariantsChecked;
            if (!*verdict)
                issue(constraint.severity == u"warning"_s ? Severity::Warning : Severity::Error, u"invariant"_s, path,
                      u"Constraint %1 failed: %2"_s.arg(constraint.key, constraint.human), &model, &ed);
        }
    }

    std::optional<QJsonObject> resolveReference(const QString &reference) const
    {
        if (reference.startsWith(u'#')) {
            const QString id = reference.mid(1);
            for (qsizetype i = m_resources.size() - 1; i >= 0; --i)
                for (const QJsonValue &c : m_resources.at(i).value.toObject().value(u"contained"_s).toArray())
                    if (c.toObject().value(u"id"_s).toString() == id)
                        return c.toObject();
            return std::nullopt;
        }
        if (const auto it = m_bundleEntries.constFind(reference); it != m_bundleEntries.constEnd())
            return *it;
        // Only the type is known: enough for `resolve() is Practitioner`, and any path into
        // the stand-in finds nothing (so the evaluator cannot read made-up content).
        const QString type = referencedType(reference);
        if (type.isEmpty())
            return std::nullopt;
        return QJsonObject{{u"resourceType"_s, type}};
    }

    void indexBundle(const QJsonObject &bundle)
    {
        for (const QJsonValue &entry : bundle.value(u"entry"_s).toArray()) {
            const QJsonObject e = entry.toObject();
            const QJsonObject resource = e.value(u"resource"_s).toObject();
            const QString fullUrl = e.value(u"fullUrl"_s).toString();
            if (!fullUrl.isEmpty() && !resource.isEmpty()) {
                m_bundleEntries.insert(fullUrl, resource);
                const QString type = resource.value(u"resourceType"_s).toString();
                const QString id = resource.value(u"id"_s).toString();
                if (!type.isEmpty() && !id.isEmpty())
                    m_bundleEntries.insert(type + u'/' + id, resource);
            }
        }
    }

    static QString mustSupportKey(const Model &model, const ElementDefinition &ed)
    {
        return model.canonical() + u'#' + ed.id;
    }

    void reportMustSupport(const Model &model)
    {
        if (!model.isProfile())
            return;
        for (const ElementDefinition &ed : model.elements()) {
            if (!ed.mustSupport || !ed.path.contains(u'.'))
                continue;
            const bool present = m_mustSupportPresent.contains(mustSupportKey(model, ed));
            issue(Severity::Information, u"informational"_s, ed.path,
                  present ? u"Must-support element %1 is present"_s.arg(ed.id)
                          : u"Must-support element %1 is absent"_s.arg(ed.id),
                  &model, &ed);
        }
    }

    ProfileValidator &m_validator;
    Caches &m_caches;
    const FhirPackage *m_context;
    QList<ValidationIssue> *m_sink;
    QList<Item> m_resources;
    QHash<QString, QJsonObject> m_bundleEntries;
    QSet<QString> m_noted;
    QSet<QString> m_mustSupportPresent;
    FhirPathEvaluator::Environment m_environment;
    const FhirPackage *m_definitionPackage = nullptr;
};

ProfileValidator::ProfileValidator(const FhirPackageSet &packages)
    : m_packages(packages), m_caches(std::make_unique<Caches>(packages))
{
}

ProfileValidator::~ProfileValidator() = default;

std::shared_ptr<const StructureDefinitionModel> ProfileValidator::model(const QString &canonical,
                                                                        const FhirPackage *context)
{
    const auto found = m_packages.resolve(canonical, context);
    if (!found || found.resource.value(u"resourceType"_s).toString() != u"StructureDefinition"_s)
        return nullptr;
    const QString key = found.package->label() + u'|' + found.resource.value(u"url"_s).toString() + u'|'
                        + found.resource.value(u"version"_s).toString();
    auto it = m_caches->models.find(key);
    if (it == m_caches->models.end())
        it = m_caches->models.insert(key, StructureDefinitionModel::build(found.resource, found.package));
    return *it;
}

ValidationReport ProfileValidator::validate(const QJsonObject &resource, const QStringList &profiles,
                                            const FhirPackage *context)
{
    Run run(*this, context);
    run.resource(resource, resource.value(u"resourceType"_s).toString(), profiles, true);
    run.removeDuplicates();
    return std::move(run.report);
}

} // namespace paw::fhir
