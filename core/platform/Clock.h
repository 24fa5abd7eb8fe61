#pragma once

#include <QDateTime>
#include <QTimeZone>

#include <atomic>

namespace paw::platform {

/// Every read of the current time goes through a Clock, so tests can move time without sleeping.
class Clock
{
public:
    virtual ~Clock() = default;
    virtual QDateTime now() const = 0;
    qint64 nowMs() const { return now().toMSecsSinceEpoch(); }

    /// The real clock (UTC).
    static const Clock &system();
};

/// A clock that stands still until a test moves it. Its time is one atomic number, so a
/// server's worker threads may read it while the test thread moves it.
class MockClock : public Clock
{
public:
    explicit MockClock(const QDateTime &start = QDateTime(QDate(2026, 1, 1), QTime(0, 0), Qt::UTC))
        : m_ms(start.toMSecsSinceEpoch()) {}
    QDateTime now() const override { return QDateTime::fromMSecsSinceEpoch(m_ms.load(), Qt::UTC); }
    void advanceMs(qint64 ms) { m_ms += ms; }
    void advanceSecond(int seconds) { m_ms += qint64(seconds) * 1000; }

private:
    std::atomic<qint64> m_ms;
};

} // namespace paw::platform
