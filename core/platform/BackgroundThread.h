#pragma once

namespace paw::platform {

/// Marks the calling thread as background work: it runs when a normal thread does not need the
/// core. A bulk write has one thread that must not wait (the store's single writer: SQLite has
/// one) and threads that only feed it; on two cores the scheduler shared the cores fairly
/// among all three and the writer, the critical path, lost a fifth of its time
/// (PERFORMANCE.md). Linux: the thread's nice value becomes 10. Elsewhere: no change.
class BackgroundThread
{
public:
    /// For a thread of its own (std::async's): the mark stays until the thread ends.
    static void markCurrent();
    /// Whether markCurrent() lowered this thread's priority (false where it cannot).
    static bool isCurrentMarked();
};

} // namespace paw::platform
