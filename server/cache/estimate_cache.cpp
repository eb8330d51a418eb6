#include "cache/estimate_cache.h"

namespace opsdesk::server::cache {

std::optional<EstimateCache::Estimate> EstimateCache::get(const std::string& key,
                                                          std::uint64_t generation) {
    if (generation == 0) {
        return std::nullopt;
    }
    const std::lock_guard lock(mutex_);
    const auto it = index_.find(key);
    if (it == index_.end()) {
        return std::nullopt;
    }
    const auto entry = it->second;
    if (entry->generation != generation || Clock::now() >= entry->expires) {
        lru_.erase(entry);
        index_.erase(it);
        return std::nullopt;
    }
    lru_.splice(lru_.begin(), lru_, entry);
    return entry->estimate;
}

void EstimateCache::put(const std::string& key, std::uint64_t generation, Estimate estimate,
                        std::uint64_t currentGeneration) {
    if (generation == 0 || generation != currentGeneration || maxEntries_ == 0) {
        return;
    }
    const std::lock_guard lock(mutex_);
    if (const auto it = index_.find(key); it != index_.end()) {
        lru_.erase(it->second);
        index_.erase(it);
    }
    while (lru_.size() >= maxEntries_) {
        index_.erase(lru_.back().key);
        lru_.pop_back();
    }
    lru_.push_front(Entry{key, generation, Clock::now() + ttl_, estimate});
    index_.emplace(key, lru_.begin());
}

std::size_t EstimateCache::size() const {
    const std::lock_guard lock(mutex_);
    return lru_.size();
}

}  // namespace opsdesk::server::cache
