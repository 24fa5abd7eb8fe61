#pragma once

#include <QObject>

class QSocketNotifier;

namespace paw::platform {

/// Turns SIGINT and SIGTERM into a Qt signal on the event loop (self-pipe trick: the handler
/// only writes a byte, which is async-signal-safe).
class UnixSignalWatcher : public QObject
{
    Q_OBJECT
public:
    explicit UnixSignalWatcher(QObject *parent = nullptr);
    ~UnixSignalWatcher() override;

Q_SIGNALS:
    void terminationRequested(int signalNumber);

private:
    QSocketNotifier *m_notifier = nullptr;
};

} // namespace paw::platform
