#pragma once

#include <QMainWindow>

namespace paw::ui {

/// The PAW window. For now a shell: the sandbox's endpoint card and its state; the panels
/// arrive with the admin console issue.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    /// `endpointSummary`: the endpoint card as text. `warning`: shown as a banner above it when
    /// not empty (e.g. the sandbox serves without authorization).
    MainWindow(const QString &endpointSummary, const QString &warning, QWidget *parent = nullptr);
};

} // namespace paw::ui
