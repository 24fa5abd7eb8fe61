#pragma once

#include <QMainWindow>

namespace paw::ui {

/// The PAW window. For now a shell: the panels arrive with the admin console issue.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(const QString &endpointSummary, QWidget *parent = nullptr);
};

} // namespace paw::ui
