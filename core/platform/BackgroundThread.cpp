#include "platform/BackgroundThread.h"

#include <QtGlobal>

#ifdef Q_OS_LINUX
#include <cerrno>
#include <sys/resource.h>
#include <unistd.h>
#endif

namespace paw::platform {

namespace {

constexpr int kNice = 10; // a nice-0 thread then gets ~90 % of a core it shares with one of these

} // namespace

void BackgroundThread::markCurrent()
{
#ifdef Q_OS_LINUX
    // On Linux, PRIO_PROCESS with a thread id sets that thread's nice value only. Raising it
    // needs no privilege; failing leaves the thread as it was, which is only slower.
    setpriority(PRIO_PROCESS, id_t(gettid()), kNice);
#endif
}

bool BackgroundThread::isCurrentMarked()
{
#ifdef Q_OS_LINUX
    errno = 0;
    const int nice = getpriority(PRIO_PROCESS, id_t(gettid()));
    return errno == 0 && nice >= kNice;
#else
    return false;
#endif
}

} // namespace paw::platform
