#include "cache/session_cache.h"

#include <algorithm>

namespace opsdesk::server::cache {

std::optional<api::Principal> SessionCache::get(const std::string& tokenHash,
                                                std::uint64_t generation) {
    if (!enabled()) {
        return std::nullopt;
    }
    const std::lock_guard lock(mutex_);
    const auto it = entries_.find(tokenHash);
    if (it == entries_.end()) {
        return std::nullopt;
    }
    if (it->second.generation != generation || Clock::now() >= it->second.expires) {
        entries_.erase(it);
        return std::nullopt;
    }
    return it->second.principal;
}

void SessionCache::put(const std::string& tokenHash, const api::Principal& principal,
                       std::uint64_t generation, double sessionSecondsLeft) {
    if (!enabled() || sessionSecondsLeft <= 0) {
        return;
    }
    const auto now = Clock::now();
    const auto left = std::chrono::duration_cast<Clock::duration>(
        std::chrono::duration<double>(sessionSecondsLeft));
    const auto expires = now + std::min<Clock::duration>(ttl_, left);
    const std::lock_guard lock(mutex_);
    if (entries_.size() >= maxEntries_ && !entries_.contains(tokenHash)) {
        // Drop what has expired; if that is not enough, everything (a miss costs one lookup).
        std::erase_if(entries_, [&](const auto& e) { return now >= e.second.expires; });
        if (entries_.size() >= maxEntries_) {
            entries_.clear();
        }
    }
    entries_.insert_or_assign(tokenHash, Entry{principal, generation, expires});
}

void SessionCache::clear() {
    const std::lock_guard lock(mutex_);
    entries_.clear();
}

}  // namespace opsdesk::server::cache
