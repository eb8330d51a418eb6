#include "cache/estimate_cache.h"

namespace opsdesk::server::cache {

std::optional<EstimateCache::Estimate> EstimateCache::get(const std::string& key,
                                                          std::uint64_t generation) {
    if (generation == 0) {
        return std::nullopt;
    }
    const std::lock_guard lock(mutex_);
    if (const auto* kept = kept_.find(key, generation)) {
        return *kept;
    }
    return std::nullopt;
}

void EstimateCache::put(const std::string& key, std::uint64_t generation, Estimate estimate,
                        std::uint64_t currentGeneration) {
    if (generation == 0 || generation != currentGeneration || maxEntries_ == 0) {
        return;
    }
    const std::lock_guard lock(mutex_);
    kept_.store(key, generation, std::chrono::steady_clock::now() + ttl_, estimate, 1);
}

std::size_t EstimateCache::size() const {
    const std::lock_guard lock(mutex_);
    return kept_.size();
}

}  // namespace opsdesk::server::cache
