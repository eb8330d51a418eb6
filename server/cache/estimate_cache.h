#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>

#include "cache/generation_lru.h"

namespace opsdesk::server::cache {

// How many rows a list filter matches ("about 1.2 million" on the orders list's first page), by
// filter: a big count costs a scan, and the same filter is asked for again and again while people
// page and refresh. Kept like the other caches: an entry is stored with the data generation read
// *before* it was counted (ChangeListener: any order change on any instance moves it) and used
// only while that generation is current, and for at most `ttl`. Generation 0 (the listener is
// down) keeps and answers nothing. Bounded by `maxEntries`, least recently used first out.
class EstimateCache {
public:
    struct Estimate {
        std::int64_t total = 0;
        bool exact = true;
        bool operator==(const Estimate&) const = default;
    };

    EstimateCache(std::chrono::milliseconds ttl, std::size_t maxEntries)
        : ttl_(ttl), maxEntries_(maxEntries), kept_(maxEntries) {}

    std::optional<Estimate> get(const std::string& key, std::uint64_t generation);
    // Kept only when the generation it was counted under is still the current one.
    void put(const std::string& key, std::uint64_t generation, Estimate estimate,
             std::uint64_t currentGeneration);

    std::size_t size() const;

private:
    std::chrono::milliseconds ttl_;
    std::size_t maxEntries_;
    mutable std::mutex mutex_;
    GenerationLru<Estimate> kept_;  // each weighs 1
};

}  // namespace opsdesk::server::cache
