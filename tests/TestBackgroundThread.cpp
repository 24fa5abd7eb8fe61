#include "platform/BackgroundThread.h"

#include <QTest>

#include <thread>

using paw::platform::BackgroundThread;

class TestBackgroundThread : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    // Only the marked thread yields: the thread that writes to the store must keep its priority.
    void marksTheCallingThreadOnly()
    {
        QVERIFY(!BackgroundThread::isCurrentMarked());
        bool before = true;
        bool after = false;
        std::thread([&] {
            before = BackgroundThread::isCurrentMarked();
            BackgroundThread::markCurrent();
            after = BackgroundThread::isCurrentMarked();
        }).join();
        QVERIFY(!before);
#ifdef Q_OS_LINUX
        QVERIFY(after);
#else
        QVERIFY(!after);
#endif
        QVERIFY(!BackgroundThread::isCurrentMarked());
    }
};

QTEST_GUILESS_MAIN(TestBackgroundThread)
#include "TestBackgroundThread.moc"
