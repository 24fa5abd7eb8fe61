#include "CommonOptions.h"

#include <QCoreApplication>
#include <QStringList>
#include <cstring>

namespace {

const char *const kUsage =
    "usage: paw [--open] [options]            open the desktop window (runs the sandbox)\n"
    "       paw serve --open [options]        run the sandbox headless\n"
    "       paw import FILE... [options]      load FHIR Bundles, resources, NDJSON\n"
    "       paw export --out DIR [options]    write every resource as NDJSON, one file per type\n"
    "       paw validate FILE... [options]    check resources against FHIR profiles (--package DIR, --profile URL)\n"
    "       paw seed [--members N] [--seed S] fill the sandbox with synthetic members, delegates and records\n"
    "       paw persona list [--json]         the sandbox's logins, passwords and whom each may act for\n"
    "       paw persona set-password USER     give a login a password of its own (read from standard input)\n"
    "       paw client add|list|show|remove|rotate-secret|disable|enable   registered apps (OAuth clients)\n"
    "       paw delegate add|list|revoke      who may act for which member\n"
    "       paw audit [--patient P] [--client C] [--since TIME]   who read what, newest first\n"
    "       paw key list|rotate [--data DIR]  the authorization server's signing keys\n"
    "Run `paw COMMAND --help` for a command's options.\n";

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication::setApplicationName(QStringLiteral("paw"));
    QCoreApplication::setApplicationVersion(QStringLiteral("0.1.0"));
    // The first argument that does not start with '-' names the command; none opens the window.
    const char *command = argc > 1 && argv[1][0] != '-' ? argv[1] : nullptr;
    if (!command) {
        if (argc > 1 && (std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0)) {
            std::fputs(kUsage, stdout);
            return paw::app::Success;
        }
        // Without a display Qt's xcb plugin aborts; say what to do instead.
        if (qEnvironmentVariableIsEmpty("DISPLAY") && qEnvironmentVariableIsEmpty("WAYLAND_DISPLAY")
            && qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM")) {
            std::fputs("paw: no display to open the window on; run the sandbox headless with `paw serve`\n", stderr);
            return paw::app::BadUsage;
        }
        return paw::app::runGui(argc, argv);
    }

    // The headless server uses no GLib-based library (the keychain's libsecret needs GLib's loop;
    // the server never touches it): Qt's own event dispatcher costs less per socket event than
    // GLib's, ~4 % of an authorized read's CPU (docs/PERFORMANCE.md). Only when the user has not
    // chosen, and before any thread exists.
    if (std::strcmp(command, "serve") == 0 && !qEnvironmentVariableIsSet("QT_NO_GLIB"))
        qputenv("QT_NO_GLIB", "1");
    QCoreApplication app(argc, argv);
    QStringList arguments = QCoreApplication::arguments();
    arguments.removeAt(1); // the command: each command parses "paw <options>"
    const QString name = QString::fromLocal8Bit(command);
    if (name == QLatin1String("serve"))
        return paw::app::runServe(arguments);
    if (name == QLatin1String("import"))
        return paw::app::runImport(arguments);
    if (name == QLatin1String("export"))
        return paw::app::runExport(arguments);
    if (name == QLatin1String("validate"))
        return paw::app::runValidate(arguments);
    if (name == QLatin1String("seed"))
        return paw::app::runSeed(arguments);
    if (name == QLatin1String("persona"))
        return paw::app::runPersona(arguments);
    if (name == QLatin1String("client"))
        return paw::app::runClient(arguments);
    if (name == QLatin1String("delegate"))
        return paw::app::runDelegate(arguments);
    if (name == QLatin1String("audit"))
        return paw::app::runAudit(arguments);
    if (name == QLatin1String("key"))
        return paw::app::runKey(arguments);
    paw::app::printError(QStringLiteral("unknown command '%1'").arg(name));
    std::fputs(kUsage, stderr);
    return paw::app::BadUsage;
}
