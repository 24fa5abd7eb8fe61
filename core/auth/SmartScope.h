#pragma once

#include "Expected.h"
#include "auth/SmartScopeQuery.h"

#include <QFlags>
#include <QString>
#include <QStringList>

#include <optional>

namespace paw::auth {

/// One SMART on FHIR scope (SMART App Launch 2.x, with the v1 syntax still accepted): a resource
/// scope (`patient/Observation.rs`, `user/*.read`, granular `patient/Observation.rs?category=…`),
/// an identity or launch scope (`openid`, `fhirUser`, `profile`, `launch/patient`, `launch`,
/// `offline_access`, `online_access`) or a sensitive-data scope (`sensitive/hiv`, `sensitive/*`).
/// v1 permissions map to v2 letters (read = rs, write = cud, * = cruds), so both syntaxes of the
/// same grant compare equal and print the same canonical text.
class SmartScope
{
public:
    enum class Kind {
        Resource,
        OpenId,
        FhirUser,
        Profile,
        LaunchPatient,
        Launch,
        OfflineAccess,
        OnlineAccess,
        Sensitive,
    };
    enum class Context { Patient, User, System };
    enum class Syntax { V1, V2 };
    enum class SensitiveCategory { SubstanceUse, MentalHealth, Hiv, ReproductiveHealth, Genetic };
    enum Permission { Create = 0x1, Read = 0x2, Update = 0x4, Delete = 0x8, Search = 0x10 };
    Q_DECLARE_FLAGS(Permissions, Permission)

    /// Parses one scope. The error is the reason the scope is unknown (the authorize endpoint drops
    /// it and goes on). With `servedTypes`, a resource type outside it is marked unsupported.
    [[nodiscard]] static Expected<SmartScope, QString> parse(const QString &text,
                                                             const QStringList &servedTypes = {});

    Kind kind() const { return m_kind; }
    /// The text as the client sent it.
    const QString &original() const { return m_original; }
    /// The text in canonical form: v2 permission letters, granular parameters sorted.
    QString canonical() const;

    /// Known, but not grantable by this server (a `system/` scope, a type PAW does not serve).
    bool isSupported() const { return m_unsupportedReason.isEmpty(); }
    const QString &unsupportedReason() const { return m_unsupportedReason; }

    // Resource scopes only.
    Context context() const { return m_context; }
    /// A type name, or `*` for every type.
    const QString &resourceType() const { return m_resourceType; }
    bool coversType(QStringView resourceType) const;
    Permissions permissions() const { return m_permissions; }
    Syntax syntax() const { return m_syntax; }
    bool isGranular() const { return m_query.has_value(); }
    const std::optional<SmartScopeQuery> &query() const { return m_query; }

    // Sensitive scopes only: the category, or nullopt for `sensitive/*` (every category).
    std::optional<SensitiveCategory> sensitiveCategory() const { return m_sensitive; }
    bool coversSensitive(SensitiveCategory category) const;

    static QString categoryName(SensitiveCategory category);
    static QString contextName(Context context);
    static QString permissionLetters(Permissions permissions);

    /// Same meaning: `patient/Observation.read` equals `patient/Observation.rs`.
    friend bool operator==(const SmartScope &a, const SmartScope &b) { return a.canonical() == b.canonical(); }

private:
    static Expected<SmartScope, QString> parseResource(const QString &text, const QStringList &servedTypes);
    static std::optional<SmartScope> parseSimple(const QString &text);

    Kind m_kind = Kind::Resource;
    QString m_original;
    QString m_unsupportedReason;
    Context m_context = Context::Patient;
    QString m_resourceType;
    Permissions m_permissions;
    Syntax m_syntax = Syntax::V2;
    std::optional<SmartScopeQuery> m_query;
    std::optional<SensitiveCategory> m_sensitive;
};

} // namespace paw::auth

Q_DECLARE_OPERATORS_FOR_FLAGS(paw::auth::SmartScope::Permissions)
