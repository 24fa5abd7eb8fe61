#include "fhir/rest/CapabilityStatementBuilder.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>

namespace paw::fhir {

namespace {

QJsonObject profilesTable()
{
    static const QJsonObject table = [] {
        QFile file(QStringLiteral(":/fhir/profiles.json"));
        if (!file.open(QIODevice::ReadOnly))
            return QJsonObject();
        return QJsonDocument::fromJson(file.readAll()).object().value(QLatin1String("profiles")).toObject();
    }();
    return table;
}

QJsonObject code(const QString &value)
{
    return QJsonObject{{QStringLiteral("code"), value}};
}

} // namespace

CapabilityStatementBuilder::CapabilityStatementBuilder(const SearchParameterRegistry &registry, QString baseUrl,
                                                       QString softwareVersion, QDate date)
    : m_registry(registry)
    , m_baseUrl(std::move(baseUrl))
    , m_version(std::move(softwareVersion))
    , m_date(date)
{
}

QStringList CapabilityStatementBuilder::supportedProfiles(const QString &type)
{
    QStringList out;
    const QJsonArray profiles = profilesTable().value(type).toArray();
    for (const QJsonValue &p : profiles)
        out << p.toString();
    return out;
}

QJsonObject CapabilityStatementBuilder::build() const
{
    QJsonArray resources;
    for (const QString &type : m_registry.resourceTypes()) {
        QJsonArray params, includes, revIncludes;
        for (const SearchParameter *p : m_registry.forType(type)) {
            QJsonObject param{{QStringLiteral("name"), p->name}, {QStringLiteral("type"), toString(p->type)}};
            if (!p->definition.isEmpty())
                param.insert(QStringLiteral("definition"), p->definition);
            params.append(param);
            if (p->type == SearchParamType::Reference)
                includes.append(QString(type + QLatin1Char(':') + p->name));
        }
        if (!includes.isEmpty())
            includes.append(QString(type + QStringLiteral(":*")));
        // Every reference parameter of every type can be followed backwards.
        for (const QString &source : m_registry.resourceTypes()) {
            for (const SearchParameter *p : m_registry.forType(source)) {
                if (p->type == SearchParamType::Reference && (p->targets.isEmpty() || p->targets.contains(type)))
                    revIncludes.append(QString(source + QLatin1Char(':') + p->name));
            }
        }
        QJsonObject resource{
            {QStringLiteral("type"), type},
            {QStringLiteral("interaction"), QJsonArray{code(QStringLiteral("read")), code(QStringLiteral("vread")),
                                                        code(QStringLiteral("history-instance")),
                                                        code(QStringLiteral("search-type"))}},
            {QStringLiteral("versioning"), QStringLiteral("versioned")},
            {QStringLiteral("readHistory"), true},
            {QStringLiteral("conditionalRead"), QStringLiteral("modified-since")},
            {QStringLiteral("searchParam"), params},
        };
        const QStringList profiles = supportedProfiles(type);
        if (!profiles.isEmpty())
            resource.insert(QStringLiteral("supportedProfile"), QJsonArray::fromStringList(profiles));
        if (!includes.isEmpty())
            resource.insert(QStringLiteral("searchInclude"), includes);
        if (!revIncludes.isEmpty())
            resource.insert(QStringLiteral("searchRevInclude"), revIncludes);
        resources.append(resource);
    }

    QJsonObject rest{{QStringLiteral("mode"), QStringLiteral("server")}, {QStringLiteral("resource"), resources}};
    if (!m_security.isEmpty())
        rest.insert(QStringLiteral("security"), m_security);
    return QJsonObject{
        {QStringLiteral("resourceType"), QStringLiteral("CapabilityStatement")},
        {QStringLiteral("status"), QStringLiteral("active")},
        {QStringLiteral("date"), m_date.toString(Qt::ISODate)},
        {QStringLiteral("publisher"), QStringLiteral("Patient Access Workbench")},
        {QStringLiteral("kind"), QStringLiteral("instance")},
        {QStringLiteral("instantiates"),
         QJsonArray{QStringLiteral("http://hl7.org/fhir/us/carin-bb/CapabilityStatement/c4bb|2.0.0"),
                    QStringLiteral("http://hl7.org/fhir/us/core/CapabilityStatement/us-core-server|3.1.1"),
                    QStringLiteral("http://hl7.org/fhir/us/core/CapabilityStatement/us-core-server|6.1.0")}},
        {QStringLiteral("software"), QJsonObject{{QStringLiteral("name"), QStringLiteral("Patient Access Workbench")},
                                                 {QStringLiteral("version"), m_version}}},
        {QStringLiteral("implementation"), QJsonObject{{QStringLiteral("description"), QStringLiteral("PAW sandbox FHIR server")},
                                                       {QStringLiteral("url"), m_baseUrl}}},
        {QStringLiteral("fhirVersion"), QStringLiteral("4.0.1")},
        {QStringLiteral("format"), QJsonArray{QStringLiteral("json"), QStringLiteral("application/fhir+json")}},
        {QStringLiteral("rest"), QJsonArray{rest}},
    };
}

CapabilityStatementBuilder &CapabilityStatementBuilder::setRestSecurity(QJsonObject security)
{
    m_security = std::move(security);
    return *this;
}

} // namespace paw::fhir
