#pragma once

#include <QtGlobal>

namespace paw::platform {

/// Keeps an in-memory table bounded: removes the entries with the smallest `age(value)` until
/// fewer than `limit` remain. Linear per removal, which is fine for tables that reach their limit
/// only under a flood (and then should shed work, not grow).
template <typename Hash, typename Age>
void evictOldest(Hash &hash, qsizetype limit, Age age)
{
    while (!hash.isEmpty() && hash.size() >= limit) {
        auto oldest = hash.begin();
        for (auto it = hash.begin(); it != hash.end(); ++it) {
            if (age(it.value()) < age(oldest.value()))
                oldest = it;
        }
        hash.erase(oldest);
    }
}

} // namespace paw::platform
