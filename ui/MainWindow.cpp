#include "MainWindow.h"

#include <QLabel>
#include <QStatusBar>

namespace paw::ui {

MainWindow::MainWindow(const QString &endpointSummary, QWidget *parent)
    : QMainWindow(parent)
{
    setWindowTitle(tr("Patient Access Workbench"));
    auto *card = new QLabel(endpointSummary, this);
    card->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    card->setAlignment(Qt::AlignTop | Qt::AlignLeft);
    card->setMargin(16);
    card->setAccessibleName(tr("Sandbox endpoint card"));
    setCentralWidget(card);
    statusBar()->showMessage(tr("Sandbox running"));
    resize(900, 600);
}

} // namespace paw::ui
