#include "auth/SmartScope.h"

#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace paw::auth {

namespace {

constexpr SmartScope::Permission letterOrder[] = {SmartScope::Create, SmartScope::Read, SmartScope::Update,
                                                  SmartScope::Delete, SmartScope::Search};
constexpr char16_t letters[] = u"cruds";

// A protocol name and the value it stands for; one table per enum, read both ways.
template <class E>
struct Name
{
    const char16_t *text;
    E value;
};

template <class E, std::size_t N>
std::optional<E> valueOf(const Name<E> (&names)[N], QStringView text)
{
    for (const Name<E> &name : names) {
        if (text == QStringView(name.text))
            return name.value;
    }
    return std::nullopt;
}

template <class E, std::size_t N>
QString textOf(const Name<E> (&names)[N], E value)
{
    for (const Name<E> &name : names) {
        if (name.value == value)
            return QString::fromUtf16(name.text);
    }
    Q_UNREACHABLE();
}

constexpr Name<SmartScope::Kind> simpleScopes[] = {
    {u"openid", SmartScope::Kind::OpenId},
    {u"fhirUser", SmartScope::Kind::FhirUser},
    {u"profile", SmartScope::Kind::Profile},
    {u"launch/patient", SmartScope::Kind::LaunchPatient},
    {u"launch", SmartScope::Kind::Launch},
    {u"offline_access", SmartScope::Kind::OfflineAccess},
    {u"online_access", SmartScope::Kind::OnlineAccess},
};

constexpr Name<SmartScope::SensitiveCategory> categoryNames[] = {
    {u"substance-use", SmartScope::SensitiveCategory::SubstanceUse},
    {u"mental-health", SmartScope::SensitiveCategory::MentalHealth},
    {u"hiv", SmartScope::SensitiveCategory::Hiv},
    {u"reproductive-health", SmartScope::SensitiveCategory::ReproductiveHealth},
    {u"genetic", SmartScope::SensitiveCategory::Genetic},
};

// v2: "a string of one or more of c, r, u, d, s", in that order, each at most once.
std::optional<SmartScope::Permissions> parseV2Letters(QStringView text)
{
    SmartScope::Permissions permissions;
    qsizetype next = 0; // index into `letters` the next letter may start from
    for (const QChar c : text) {
        qsizetype at = next;
        while (at < 5 && letters[at] != c.unicode())
            ++at;
        if (at == 5)
            return std::nullopt; // unknown, repeated or out of order
        permissions |= letterOrder[at];
        next = at + 1;
    }
    if (!permissions)
        return std::nullopt;
    return permissions;
}

// v1 permissions, as SMART 2 maps them to v2: read = rs, write = cud, * = cruds.
std::optional<SmartScope::Permissions> parseV1Permission(QStringView text)
{
    if (text == u"read")
        return SmartScope::Read | SmartScope::Search;
    if (text == u"write")
        return SmartScope::Create | SmartScope::Update | SmartScope::Delete;
    if (text == u"*")
        return SmartScope::Create | SmartScope::Read | SmartScope::Update | SmartScope::Delete | SmartScope::Search;
    return std::nullopt;
}

bool isTypeSyntax(QStringView type)
{
    static const QRegularExpression pattern(u"^[A-Z][A-Za-z0-9]*$"_s);
    return type == u"*" || pattern.match(type).hasMatch();
}

} // namespace

Expected<SmartScope, QString> SmartScope::parse(const QString &text, const QStringList &servedTypes)
{
    if (text.isEmpty())
        return u"empty scope"_s;
    if (auto simple = parseSimple(text))
        return *std::move(simple);
    if (text.startsWith(u"sensitive/"))
        return u"unknown sensitive-data category '%1'"_s.arg(QStringView(text).mid(10));
    if (text.startsWith(u"patient/") || text.startsWith(u"user/") || text.startsWith(u"system/"))
        return parseResource(text, servedTypes);
    return u"unknown scope"_s;
}

std::optional<SmartScope> SmartScope::parseSimple(const QString &text)
{
    SmartScope scope;
    scope.m_original = text;
    if (const auto kind = valueOf(simpleScopes, text)) {
        scope.m_kind = *kind;
        return scope;
    }
    if (!text.startsWith(u"sensitive/"))
        return std::nullopt;
    const QStringView name = QStringView(text).mid(10);
    scope.m_kind = Kind::Sensitive;
    if (name == u"*")
        return scope;
    scope.m_sensitive = valueOf(categoryNames, name);
    return scope.m_sensitive ? std::optional<SmartScope>(scope) : std::nullopt;
}

Expected<SmartScope, QString> SmartScope::parseResource(const QString &text, const QStringList &servedTypes)
{
    SmartScope scope;
    scope.m_original = text;
    const qsizetype slash = text.indexOf(u'/');
    const QStringView context = QStringView(text).left(slash);
    scope.m_context = context == u"patient" ? Context::Patient : context == u"user" ? Context::User : Context::System;

    const qsizetype question = text.indexOf(u'?');
    const QStringView body = QStringView(text).mid(slash + 1, question < 0 ? -1 : question - slash - 1);
    const qsizetype dot = body.indexOf(u'.');
    if (dot < 0)
        return u"resource scope without '.permissions'"_s;
    const QStringView type = body.left(dot);
    const QStringView permissions = body.mid(dot + 1);
    if (!isTypeSyntax(type))
        return u"'%1' is not a resource type name"_s.arg(type);
    scope.m_resourceType = type.toString();

    if (const auto v1 = parseV1Permission(permissions)) {
        scope.m_syntax = Syntax::V1;
        scope.m_permissions = *v1;
    } else if (const auto v2 = parseV2Letters(permissions)) {
        scope.m_permissions = *v2;
    } else {
        return u"'%1' is not read, write, * or one or more of c, r, u, d, s in that order"_s.arg(permissions);
    }

    if (question >= 0) {
        // Granular scopes are a v2 feature; a v1 permission with a query is malformed.
        if (scope.m_syntax == Syntax::V1)
            return u"a granular query needs v2 permissions (e.g. .rs), not '.%1'"_s.arg(permissions);
        auto query = SmartScopeQuery::parse(QStringView(text).mid(question + 1));
        if (!query)
            return query.error();
        scope.m_query = std::move(query).value();
    }

    // PAW acts for patients and users only; backend services (system/) are not offered.
    if (scope.m_context == Context::System)
        scope.m_unsupportedReason = u"system/ scopes are not supported by this server"_s;
    else if (!servedTypes.isEmpty() && type != u"*" && !servedTypes.contains(type))
        scope.m_unsupportedReason = u"this server does not serve %1"_s.arg(type);
    return scope;
}

QString SmartScope::canonical() const
{
    switch (m_kind) {
    case Kind::Resource: {
        QString text = contextName(m_context) + u'/' + m_resourceType + u'.' + permissionLetters(m_permissions);
        if (m_query)
            text += u'?' + m_query->toString();
        return text;
    }
    case Kind::Sensitive:
        return u"sensitive/"_s + (m_sensitive ? categoryName(*m_sensitive) : u"*"_s);
    default:
        return textOf(simpleScopes, m_kind);
    }
}

bool SmartScope::coversType(QStringView resourceType) const
{
    return m_kind == Kind::Resource && (m_resourceType == u"*" || m_resourceType == resourceType);
}

bool SmartScope::coversSensitive(SensitiveCategory category) const
{
    return m_kind == Kind::Sensitive && (!m_sensitive || *m_sensitive == category);
}

QString SmartScope::categoryName(SensitiveCategory category)
{
    return textOf(categoryNames, category);
}

QString SmartScope::contextName(Context context)
{
    switch (context) {
    case Context::Patient: return u"patient"_s;
    case Context::User: return u"user"_s;
    case Context::System: return u"system"_s;
    }
    Q_UNREACHABLE();
}

QString SmartScope::permissionLetters(Permissions permissions)
{
    QString text;
    for (int i = 0; i < 5; ++i) {
        if (permissions.testFlag(letterOrder[i]))
            text += QChar(letters[i]);
    }
    return text;
}

} // namespace paw::auth
