#pragma once

#include "fhir/search/SearchIndexer.h"

#include <QHash>
#include <QList>
#include <QString>
#include <QStringList>

#include <memory>

namespace paw::fhir {

/// For each resource type, the parts of a resource that its search parameters read: a tree of
/// member names (built from SearchIndexer::memberPaths) whose leaves are values kept whole.
/// Importing converts only these parts into Qt's JSON classes for the indexer, not the whole
/// resource (most of an ExplanationOfBenefit, its items' adjudications, is never searched).
class IndexProjection
{
public:
    struct Node
    {
        struct Member
        {
            QString name;
            std::shared_ptr<Node> node;
        };
        bool whole = false; // keep this value entirely
        QList<Member> members; // few per node: a list scans faster than a hash hashes

        /// The member node that reads `key`: the member of that name, or the choice member that
        /// `key` spells as name + Type ("effective" for "effectiveDateTime"); null if none.
        const Node *memberFor(QStringView key) const;
    };

    explicit IndexProjection(const SearchIndexer &indexer);

    /// The tree for a type; null for a type the indexer does not know.
    const Node *forType(const QString &resourceType) const;

private:
    QHash<QString, std::shared_ptr<Node>> m_types;
};

} // namespace paw::fhir
