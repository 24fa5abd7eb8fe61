#include "CommonOptions.h"

#include "MainWindow.h"
#include "sandbox/SandboxServer.h"

#include <QApplication>
#include <QMessageBox>

namespace paw::app {

int runGui(int &argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setApplicationName(QStringLiteral("paw"));
    QApplication::setApplicationDisplayName(QObject::tr("Patient Access Workbench"));

    QCommandLineParser parser;
    parser.addHelpOption();
    CommonOptions options;
    options.addTo(parser, true);
    if (const auto exit = parseOrExit(parser, QApplication::arguments()))
        return *exit;
    const auto config = options.sandboxConfig(parser);
    if (!config) {
        printError(config.error());
        return BadUsage;
    }

    sandbox::SandboxServer server;
    QString summary;
    QString warning;
    if (const QString error = server.start(*config); !error.isEmpty()) {
        QMessageBox::critical(nullptr, QObject::tr("Sandbox"), QObject::tr("The sandbox could not start: %1").arg(error));
        summary = QObject::tr("The sandbox is stopped: %1").arg(error);
    } else {
        summary = server.endpointCard().toText();
        if (config->open)
            warning = QObject::tr("The sandbox serves WITHOUT AUTHORIZATION (--open): any program that can reach %1 reads every "
                                  "record. Use synthetic data only.").arg(server.fhirBaseUrl());
    }
    ui::MainWindow window(summary, warning);
    window.show();
    const int status = QApplication::exec();
    server.stop();
    return status;
}

} // namespace paw::app
