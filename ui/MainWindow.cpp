#include "MainWindow.h"

#include <QLabel>
#include <QStatusBar>
#include <QVBoxLayout>

namespace paw::ui {

MainWindow::MainWindow(const QString &endpointSummary, const QString &warning, QWidget *parent)
    : QMainWindow(parent)
{
    setWindowTitle(tr("Patient Access Workbench"));
    auto *central = new QWidget(this);
    auto *layout = new QVBoxLayout(central);

    auto *title = new QLabel(tr("Sandbox"), central);
    QFont titleFont = title->font();
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.4);
    titleFont.setBold(true);
    title->setFont(titleFont);
    layout->addWidget(title);

    if (!warning.isEmpty()) {
        auto *banner = new QLabel(warning, central);
        banner->setWordWrap(true);
        banner->setAccessibleName(tr("Security warning"));
        // A fixed red with white text reads the same in light and dark palettes.
        banner->setStyleSheet(QStringLiteral("QLabel { background: #b3261e; color: white; padding: 8px; border-radius: 4px; }"));
        layout->addWidget(banner);
    }

    auto *card = new QLabel(endpointSummary, central);
    card->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    card->setFocusPolicy(Qt::StrongFocus);
    card->setAccessibleName(tr("Sandbox endpoint card"));
    layout->addWidget(card);
    layout->addStretch();
    setCentralWidget(central);

    statusBar()->showMessage(warning.isEmpty() ? tr("Sandbox running") : tr("Sandbox running without authorization"));
    resize(900, 600);
}

} // namespace paw::ui
