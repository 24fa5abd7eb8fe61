#pragma once

#include "Expected.h"

#include <QList>
#include <QString>
#include <QStringView>

#include <optional>

namespace paw::auth {

/// The query of a SMART v2 granular scope, e.g. the `category=http://…|laboratory` of
/// `patient/Observation.rs?category=http://…|laboratory`: name=value pairs joined by `&`, a value
/// optionally `system|code`. Kept parsed so the enforcement layer can apply it as search criteria.
/// Parameters are held sorted, so two queries naming the same pairs in another order are equal.
class SmartScopeQuery
{
public:
    struct Parameter
    {
        QString name;                  // may carry a modifier, e.g. `code:in`
        std::optional<QString> system; // set when the value was `system|code`
        QString code;

        /// The value as written: `system|code` or `code`.
        QString value() const;
        friend bool operator==(const Parameter &, const Parameter &) = default;
    };

    /// `text` is what follows the `?`. The error says why the query is not usable.
    [[nodiscard]] static Expected<SmartScopeQuery, QString> parse(QStringView text);

    const QList<Parameter> &parameters() const { return m_parameters; }
    /// The canonical query text: `name=value` pairs, sorted, joined by `&`.
    QString toString() const;

    friend bool operator==(const SmartScopeQuery &, const SmartScopeQuery &) = default;

private:
    QList<Parameter> m_parameters;
};

} // namespace paw::auth
