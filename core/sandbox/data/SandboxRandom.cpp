#include "sandbox/data/SandboxRandom.h"

#include <QCryptographicHash>

namespace paw::sandbox {

SandboxRandom SandboxRandom::stream(quint64 seed, QStringView purpose, quint64 index)
{
    // The stream's state: the first 8 bytes of SHA-256(seed, purpose, index), fixed byte order.
    QCryptographicHash hash(QCryptographicHash::Sha256);
    const auto addNumber = [&hash](quint64 value) {
        char bytes[8];
        for (int i = 0; i < 8; ++i)
            bytes[i] = char((value >> (8 * i)) & 0xff);
        hash.addData(QByteArrayView(bytes, 8));
    };
    addNumber(seed);
    hash.addData(purpose.toUtf8());
    addNumber(index);
    const QByteArray digest = hash.result();
    quint64 state = 0;
    for (int i = 0; i < 8; ++i)
        state |= quint64(uchar(digest.at(i))) << (8 * i);
    return SandboxRandom(state);
}

quint64 SandboxRandom::next()
{
    // SplitMix64 (Steele, Lea, Flood 2014): small, fast, and fully specified.
    quint64 z = (m_state += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

int SandboxRandom::below(int bound)
{
    if (bound <= 0)
        return 0;
    return int(next() % quint64(bound)); // the bias for bounds this small is below 1e-15
}

int SandboxRandom::between(int low, int high)
{
    return high <= low ? low : low + below(high - low + 1);
}

QDate SandboxRandom::dateBetween(QDate first, QDate last)
{
    const qint64 days = first.daysTo(last);
    return days <= 0 ? first : first.addDays(below(int(days) + 1));
}

} // namespace paw::sandbox
