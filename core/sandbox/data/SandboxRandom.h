#pragma once

#include <QDate>
#include <QList>
#include <QStringView>

namespace paw::sandbox {

/// Deterministic pseudo-random numbers for synthetic data: the same seed and stream give the
/// same sequence on every machine and standard library (SplitMix64, and no std:: distributions,
/// whose results differ between libraries).
class SandboxRandom
{
public:
    /// An independent stream per (seed, purpose, index): member 7's claims stay the same when
    /// member 6 gets one more visit, and members can be generated on several threads.
    static SandboxRandom stream(quint64 seed, QStringView purpose, quint64 index = 0);

    explicit SandboxRandom(quint64 state) : m_state(state) {}

    quint64 next();
    /// Uniform in [0, bound); 0 when bound <= 0.
    int below(int bound);
    /// Uniform in [low, high], both included.
    int between(int low, int high);
    /// True `percent` times in 100.
    bool chance(int percent) { return below(100) < percent; }
    /// A date in [first, last].
    QDate dateBetween(QDate first, QDate last);

    template <class T>
    const T &pick(const QList<T> &items)
    {
        return items.at(below(int(items.size())));
    }

private:
    quint64 m_state;
};

} // namespace paw::sandbox
