#include "CommonOptions.h"

#include "fhir/validation/FhirPackageSet.h"
#include "fhir/validation/ProfileValidator.h"
#include "fhir/validation/StructureDefinitionModel.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>

namespace paw::app {

namespace {

struct Resource
{
    QJsonObject json;
    QString where; // "line 3", or empty for the whole file
};

// The resources a file holds: one JSON resource (a Bundle counts as one), or NDJSON lines.
Expected<QList<Resource>, QString> readResources(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return QString(QStringLiteral("%1: %2").arg(path, file.errorString()));
    QByteArray content = file.readAll();
    if (content.startsWith("\xEF\xBB\xBF"))
        content.remove(0, 3);
    QJsonParseError error{};
    const QJsonDocument document = QJsonDocument::fromJson(content, &error);
    if (error.error == QJsonParseError::NoError) {
        if (!document.isObject())
            return QString(QStringLiteral("%1: not a FHIR resource (a JSON object)").arg(path));
        return QList<Resource>{Resource{document.object(), QString()}};
    }
    // NDJSON: one resource per line.
    QList<Resource> resources;
    const QList<QByteArray> lines = content.split('\n');
    for (qsizetype i = 0; i < lines.size(); ++i) {
        const QByteArray line = lines.at(i).trimmed();
        if (line.isEmpty())
            continue;
        const QJsonDocument lineDocument = QJsonDocument::fromJson(line, &error);
        if (error.error != QJsonParseError::NoError || !lineDocument.isObject())
            return QString(QStringLiteral("%1, line %2: not JSON (%3)").arg(path).arg(i + 1).arg(error.errorString()));
        resources.append(Resource{lineDocument.object(), QStringLiteral("line %1").arg(i + 1)});
    }
    if (resources.isEmpty())
        return QString(QStringLiteral("%1: empty file").arg(path));
    return resources;
}

QString label(const QJsonObject &resource)
{
    const QString type = resource.value(QStringLiteral("resourceType")).toString();
    const QString id = resource.value(QStringLiteral("id")).toString();
    return id.isEmpty() ? type : type + QLatin1Char('/') + id;
}

} // namespace

int runValidate(const QStringList &arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(QCoreApplication::translate(
        "paw", "Validates FHIR resources, Bundles or NDJSON files against profiles from FHIR packages."));
    parser.addHelpOption();
    QCommandLineOption profile(QStringLiteral("profile"),
                               QCoreApplication::translate("paw", "Profile (canonical URL) to validate against; default: each resource's meta.profile, else its base definition."),
                               QStringLiteral("url"));
    QCommandLineOption package(QStringLiteral("package"),
                               QCoreApplication::translate("paw", "FHIR package to load: a folder, a .tgz, or name#version from ~/.fhir/packages. Repeatable."),
                               QStringLiteral("dir"));
    QCommandLineOption noCache(QStringLiteral("no-cache"),
                               QCoreApplication::translate("paw", "Do not load the packages of the ~/.fhir/packages cache."));
    QCommandLineOption json(QStringLiteral("json"),
                            QCoreApplication::translate("paw", "Print a JSON array with one OperationOutcome per file."));
    QCommandLineOption verbose(QStringLiteral("verbose"),
                               QCoreApplication::translate("paw", "Also print information messages (must-support, rules not checked)."));
    parser.addOptions({profile, package, noCache, json, verbose});
    parser.addPositionalArgument(QStringLiteral("file"), QCoreApplication::translate("paw", "FHIR JSON or NDJSON files."),
                                 QStringLiteral("FILE..."));
    if (const auto exit = parseOrExit(parser, arguments))
        return *exit;
    const QStringList files = parser.positionalArguments();
    if (files.isEmpty()) {
        printError(QCoreApplication::translate("paw", "usage: paw validate FILE... [--profile URL] [--package DIR]..."));
        return BadUsage;
    }

    fhir::FhirPackageSet packages;
    for (const QString &p : parser.values(package)) {
        const auto loaded = packages.load(p);
        if (!loaded) {
            printError(loaded.error());
            return BadUsage;
        }
    }
    if (!parser.isSet(noCache) && QFileInfo(fhir::FhirPackageSet::defaultCacheFolder()).isDir())
        for (const QString &problem : packages.loadCache())
            printError(QCoreApplication::translate("paw", "skipping a cached package: %1").arg(problem));
    if (!packages.find(QStringLiteral("hl7.fhir.r4.core"))) {
        printError(QCoreApplication::translate(
            "paw", "the FHIR R4 core package (hl7.fhir.r4.core) is not loaded; name it with --package"));
        return BadUsage;
    }

    fhir::ProfileValidator validator(packages);
    const QStringList profiles = parser.values(profile);
    QString profileType;
    for (const QString &p : profiles) {
        const auto model = validator.model(p, nullptr);
        if (!model) {
            printError(QCoreApplication::translate("paw", "profile %1 is not in the loaded packages").arg(p));
            return BadUsage;
        }
        profileType = model->type();
    }

    bool anyError = false;
    QJsonArray outcomes;
    for (const QString &file : files) {
        const auto resources = readResources(file);
        if (!resources) {
            printError(resources.error());
            anyError = true;
            fhir::ValidationReport unreadable;
            unreadable.issues.append({fhir::ValidationIssue::Severity::Error, QStringLiteral("structure"), QString(),
                                      resources.error(), QString(), QString()});
            outcomes.append(unreadable.toOperationOutcome());
            continue;
        }
        const fhir::FhirPackage *context = packages.packageContaining(file);
        fhir::ValidationReport fileReport;
        QString text;
        auto validateOne = [&](const QJsonObject &resource, const QString &where) {
            const fhir::ValidationReport report = validator.validate(resource, profiles, context);
            const QString prefix = where.isEmpty() ? QString() : where + QStringLiteral(": ");
            for (fhir::ValidationIssue issue : report.issues) {
                if (!where.isEmpty())
                    issue.message = prefix + issue.message;
                fileReport.issues.append(issue);
            }
            fileReport.invariantsChecked += report.invariantsChecked;
            fileReport.invariantsNotChecked.unite(report.invariantsNotChecked);
            fileReport.bindingsNotChecked.unite(report.bindingsNotChecked);
            text += QCoreApplication::translate("paw", "%1: %2%3: %4 error(s), %5 warning(s), %6 information\n")
                        .arg(file, prefix, label(resource))
                        .arg(report.count(fhir::ValidationIssue::Severity::Error))
                        .arg(report.count(fhir::ValidationIssue::Severity::Warning))
                        .arg(report.count(fhir::ValidationIssue::Severity::Information));
            for (const fhir::ValidationIssue &issue : report.issues) {
                if (issue.severity == fhir::ValidationIssue::Severity::Information && !parser.isSet(verbose))
                    continue;
                text += QStringLiteral("  %1  %2: %3").arg(fhir::ValidationIssue::severityName(issue.severity), issue.path,
                                                           issue.message);
                if (!issue.profile.isEmpty())
                    text += QStringLiteral("  [%1%2]").arg(issue.profile,
                                                           issue.elementId.isEmpty() ? QString() : QLatin1Char('#') + issue.elementId);
                text += QLatin1Char('\n');
            }
        };
        for (const Resource &resource : *resources) {
            const bool bundle = resource.json.value(QStringLiteral("resourceType")).toString() == QLatin1String("Bundle");
            if (bundle && !profileType.isEmpty() && profileType != QLatin1String("Bundle")) {
                // --profile names an entry type: check each entry of that type against it.
                const QJsonArray entries = resource.json.value(QStringLiteral("entry")).toArray();
                for (qsizetype i = 0; i < entries.size(); ++i) {
                    const QJsonObject entry = entries.at(i).toObject().value(QStringLiteral("resource")).toObject();
                    if (entry.value(QStringLiteral("resourceType")).toString() == profileType)
                        validateOne(entry, (resource.where.isEmpty() ? QString() : resource.where + QStringLiteral(", "))
                                               + QStringLiteral("entry %1").arg(i));
                }
            } else {
                validateOne(resource.json, resource.where);
            }
        }
        anyError = anyError || fileReport.hasErrors();
        outcomes.append(fileReport.toOperationOutcome());
        if (parser.isSet(verbose) && !fileReport.invariantsNotChecked.isEmpty()) {
            QStringList keys(fileReport.invariantsNotChecked.begin(), fileReport.invariantsNotChecked.end());
            keys.sort();
            text += QCoreApplication::translate("paw", "%1: invariants not checked: %2\n").arg(file, keys.join(QStringLiteral(", ")));
        }
        if (!parser.isSet(json))
            printOut(text);
    }
    if (parser.isSet(json))
        printOut(QString::fromUtf8(QJsonDocument(outcomes).toJson(QJsonDocument::Indented)));
    return anyError ? Failure : Success;
}

} // namespace paw::app
