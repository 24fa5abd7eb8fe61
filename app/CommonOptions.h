#pragma once

#include "Expected.h"
#include "sandbox/SandboxConfig.h"
#include "sandbox/SandboxSeeder.h"

#include <QCommandLineParser>
#include <QJsonArray>
#include <QJsonDocument>
#include <QString>
#include <atomic>
#include <memory>
#include <optional>

namespace paw::storage {
class Database;
}

namespace paw::app {

/// Exit statuses of every command (DESIGN.md §1).
enum ExitCode { Success = 0, Failure = 1, BadUsage = 2 };

/// The options every command shares: --data, --database, --listen, --port, --threads, --json.
class CommonOptions
{
public:
    void addTo(QCommandLineParser &parser, bool serverOptions);
    /// Adds --data and --json only: commands that use the data folder but no database.
    void addDataTo(QCommandLineParser &parser);
    /// Adds --tls, --tls-cert and --tls-key (`paw serve`).
    void addTlsTo(QCommandLineParser &parser);
    /// The sandbox configuration the options describe, or a usage error text. TLS files are
    /// named, not read yet (SandboxConfig::loadTls()).
    Expected<sandbox::SandboxConfig, QString> sandboxConfig(const QCommandLineParser &parser) const;
    QString databaseUrl(const QCommandLineParser &parser) const;
    /// --data, or the platform's app data folder.
    QString dataFolder(const QCommandLineParser &parser) const;
    bool json(const QCommandLineParser &parser) const { return parser.isSet(m_json); }

private:
    QCommandLineOption m_data{QStringLiteral("data"), QStringLiteral("Folder for PAW's data (default: the platform's app data folder)."), QStringLiteral("dir")};
    QCommandLineOption m_database{QStringLiteral("database"), QStringLiteral("Database URL: sqlite:PATH (default <data>/paw.sqlite) or postgresql://user@host:port/db."), QStringLiteral("url")};
    QCommandLineOption m_listen{QStringLiteral("listen"), QStringLiteral("Address to listen on (default 127.0.0.1)."), QStringLiteral("addr"), QStringLiteral("127.0.0.1")};
    QCommandLineOption m_port{QStringLiteral("port"), QStringLiteral("Port (default 8640; 0 picks a free one)."), QStringLiteral("n"), QStringLiteral("8640")};
    QCommandLineOption m_threads{QStringLiteral("threads"), QStringLiteral("Worker threads (default: one per core)."), QStringLiteral("n"), QStringLiteral("0")};
    QCommandLineOption m_publicUrl{QStringLiteral("public-url"), QStringLiteral("Base URL clients use, when not http://<listen>:<port>."), QStringLiteral("url")};
    QCommandLineOption m_open{QStringLiteral("open"), QStringLiteral("Serve WITHOUT authorization: every record readable by anyone who can connect.")};
    QCommandLineOption m_accessLifetime{QStringLiteral("access-lifetime"), QStringLiteral("Minutes an access token lasts (default 30)."), QStringLiteral("min"), QStringLiteral("30")};
    QCommandLineOption m_refreshLifetime{QStringLiteral("refresh-lifetime"), QStringLiteral("Days an offline_access grant and its refresh tokens last (default 90)."), QStringLiteral("days"), QStringLiteral("90")};
    QCommandLineOption m_codeLifetime{QStringLiteral("code-lifetime"), QStringLiteral("Seconds an authorization code lasts (default 60)."), QStringLiteral("s"), QStringLiteral("60")};
    QCommandLineOption m_json{QStringLiteral("json"), QStringLiteral("Print data as JSON.")};
    QCommandLineOption m_tls{QStringLiteral("tls"), QStringLiteral("Serve HTTPS with the sandbox's own certificate for localhost (made once in <data>/tls).")};
    QCommandLineOption m_tlsCert{QStringLiteral("tls-cert"), QStringLiteral("Serve HTTPS with this certificate (PEM; intermediates after it)."), QStringLiteral("file")};
    QCommandLineOption m_tlsKey{QStringLiteral("tls-key"), QStringLiteral("The private key of --tls-cert (PEM, not encrypted)."), QStringLiteral("file")};
    bool m_tlsAdded = false;
};

/// Opens (and migrates) the store at `url`; prints the reason and returns nullptr when it cannot.
std::shared_ptr<storage::Database> openDatabase(const QString &url);
/// Parses `arguments`; answers --help. Returns the exit code when the command must stop here
/// (bad usage: printed; help: printed), nullopt when it should go on.
std::optional<int> parseOrExit(QCommandLineParser &parser, const QStringList &arguments);
/// Prints "paw: <message>" on stderr.
void printError(const QString &message);
/// Prints on stdout.
void printOut(const QString &text);
/// Prints `items` on stdout: with `json`, one indented JSON array of toJson(item); otherwise
/// toText(item) for each.
template <typename Item, typename ToJson, typename ToText>
void printList(bool json, const QList<Item> &items, ToJson toJson, ToText toText)
{
    if (!json) {
        for (const Item &item : items)
            printOut(toText(item));
        return;
    }
    QJsonArray out;
    for (const Item &item : items)
        out.append(toJson(item));
    printOut(QString::fromUtf8(QJsonDocument(out).toJson(QJsonDocument::Indented)));
}

/// Seeds `database` on a worker thread with progress on stderr, running this thread's event loop
/// meanwhile (so that a UnixSignalWatcher can set `cancel`, which stops it between chunks).
Expected<sandbox::SeedSummary, QString> seedCancellably(const std::shared_ptr<storage::Database> &database,
                                                       const sandbox::SeedOptions &seed, const std::atomic_bool &cancel);

int runServe(const QStringList &arguments);
int runImport(const QStringList &arguments);
int runExport(const QStringList &arguments);
int runValidate(const QStringList &arguments);
int runSeed(const QStringList &arguments);
int runPersona(const QStringList &arguments);
int runClient(const QStringList &arguments);
int runDelegate(const QStringList &arguments);
int runAudit(const QStringList &arguments);
int runKey(const QStringList &arguments);
int runGui(int &argc, char **argv);

} // namespace paw::app
