#include "fhir/store/IndexProjection.h"

#include <algorithm>

namespace paw::fhir {

const IndexProjection::Node *IndexProjection::Node::memberFor(QStringView key) const
{
    for (const Member &member : members) {
        if (member.name == key)
            return member.node.get();
    }
    // A choice element: the name, then the type with a capital letter.
    for (const Member &member : members) {
        const qsizetype length = member.name.size();
        if (key.size() > length && key.at(length).isUpper() && key.startsWith(member.name))
            return member.node.get();
    }
    return nullptr;
}

IndexProjection::IndexProjection(const SearchIndexer &indexer)
{
    const QStringList types = indexer.resourceTypes();
    for (const QString &type : types) {
        auto root = std::make_shared<Node>();
        const QList<QStringList> paths = indexer.memberPaths(type);
        for (const QStringList &path : paths) {
            Node *node = root.get();
            for (const QString &name : path) {
                if (node->whole)
                    break;
                auto found = std::find_if(node->members.begin(), node->members.end(),
                                          [&name](const Node::Member &m) { return m.name == name; });
                if (found == node->members.end())
                    found = node->members.insert(node->members.end(), Node::Member{name, std::make_shared<Node>()});
                node = found->node.get();
            }
            node->whole = true;
            node->members.clear(); // kept whole: the members below it add nothing
        }
        m_types.insert(type, std::move(root));
    }
}

const IndexProjection::Node *IndexProjection::forType(const QString &resourceType) const
{
    const auto found = m_types.constFind(resourceType);
    return found == m_types.constEnd() ? nullptr : found->get();
}

} // namespace paw::fhir
