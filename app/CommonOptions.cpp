#include "CommonOptions.h"

#include "storage/Database.h"

#include <QDir>
#include <QHostAddress>
#include <QStandardPaths>
#include <cstdio>

namespace paw::app {

void printError(const QString &message)
{
    std::fprintf(stderr, "paw: %s\n", message.toLocal8Bit().constData());
    std::fflush(stderr);
}

void printOut(const QString &text)
{
    std::fputs(text.toLocal8Bit().constData(), stdout);
    std::fflush(stdout);
}

std::shared_ptr<storage::Database> openDatabase(const QString &url)
{
    auto config = storage::DatabaseConfig::fromUrl(url);
    if (!config) {
        printError(config.error());
        return nullptr;
    }
    auto database = storage::Database::open(*config);
    if (!database) {
        printError(database.error());
        return nullptr;
    }
    return *database;
}

std::optional<int> parseOrExit(QCommandLineParser &parser, const QStringList &arguments)
{
    if (!parser.parse(arguments)) {
        printError(parser.errorText());
        return BadUsage;
    }
    if (parser.isSet(QStringLiteral("help"))) {
        printOut(parser.helpText());
        return Success;
    }
    return std::nullopt;
}

void CommonOptions::addTo(QCommandLineParser &parser, bool serverOptions)
{
    parser.addOption(m_data);
    parser.addOption(m_database);
    parser.addOption(m_json);
    if (serverOptions) {
        parser.addOption(m_listen);
        parser.addOption(m_port);
        parser.addOption(m_threads);
        parser.addOption(m_publicUrl);
        parser.addOption(m_open);
        parser.addOptions({m_accessLifetime, m_refreshLifetime, m_codeLifetime});
    }
}

void CommonOptions::addDataTo(QCommandLineParser &parser)
{
    parser.addOption(m_data);
    parser.addOption(m_json);
}

void CommonOptions::addTlsTo(QCommandLineParser &parser)
{
    parser.addOptions({m_tls, m_tlsCert, m_tlsKey});
    m_tlsAdded = true;
}

QString CommonOptions::dataFolder(const QCommandLineParser &parser) const
{
    return parser.isSet(m_data) ? parser.value(m_data) : QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
}

QString CommonOptions::databaseUrl(const QCommandLineParser &parser) const
{
    if (parser.isSet(m_database))
        return parser.value(m_database);
    return QStringLiteral("sqlite:") + QDir(dataFolder(parser)).filePath(QStringLiteral("paw.sqlite"));
}

Expected<sandbox::SandboxConfig, QString> CommonOptions::sandboxConfig(const QCommandLineParser &parser) const
{
    sandbox::SandboxConfig config;
    config.databaseUrl = databaseUrl(parser);
    config.open = parser.isSet(m_open);
    config.publicBaseUrl = parser.value(m_publicUrl);
    if (config.publicBaseUrl.endsWith(QLatin1Char('/')))
        config.publicBaseUrl.chop(1);
    if (!config.http.address.setAddress(parser.value(m_listen))) {
        return QString(QStringLiteral("--listen %1 is not an IP address").arg(parser.value(m_listen)));
    }
    bool ok = false;
    const uint port = parser.value(m_port).toUInt(&ok);
    if (!ok || port > 65535) {
        return QString(QStringLiteral("--port must be a number from 0 to 65535"));
    }
    config.http.port = quint16(port);
    const int threads = parser.value(m_threads).toInt(&ok);
    if (!ok || threads < 0 || threads > 64) {
        return QString(QStringLiteral("--threads must be a number from 0 to 64"));
    }
    config.http.threads = threads;
    // Lifetimes: bounded so that a typo cannot make a token that never ends or cannot be used.
    const auto lifetime = [&parser](const QCommandLineOption &option, qint64 unitMs, int min, int max, qint64 &out) {
        bool valid = false;
        const int value = parser.value(option).toInt(&valid);
        if (!valid || value < min || value > max)
            return QStringLiteral("--%1 must be a number from %2 to %3").arg(option.names().constFirst()).arg(min).arg(max);
        out = value * unitMs;
        return QString();
    };
    for (const QString &error : {lifetime(m_accessLifetime, 60 * 1000, 1, 24 * 60, config.lifetimes.accessMs),
                                 lifetime(m_refreshLifetime, 24LL * 3600 * 1000, 1, 3650, config.lifetimes.refreshMs),
                                 lifetime(m_codeLifetime, 1000, 5, 600, config.lifetimes.codeMs)}) {
        if (!error.isEmpty())
            return error;
    }
    config.dataFolder = dataFolder(parser);
    if (m_tlsAdded) {
        if (parser.isSet(m_tlsCert) != parser.isSet(m_tlsKey))
            return QString(QStringLiteral("--tls-cert and --tls-key go together"));
        if (parser.isSet(m_tls) && parser.isSet(m_tlsCert))
            return QString(QStringLiteral("--tls makes a sandbox certificate; leave it out when giving --tls-cert and --tls-key"));
        config.tlsSandboxCertificate = parser.isSet(m_tls);
        config.tlsCertificateFile = parser.value(m_tlsCert);
        config.tlsKeyFile = parser.value(m_tlsKey);
    }
    return config;
}

} // namespace paw::app
