#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <list>
#include <string>
#include <unordered_map>

namespace opsdesk::server::cache {

// What the caches keep, by key: each value with the generation it was computed under and the
// moment it expires, most recently used first, within a budget of weight (bytes, or 1 an entry)
// that the least recently used leave first. The caches hold their own lock around it.
template <class Value>
class GenerationLru {
public:
    using Clock = std::chrono::steady_clock;

    explicit GenerationLru(std::size_t budget) : budget_(budget) {}

    // The value kept for `key`, if it was kept under `generation` and has not expired; one that
    // was not is dropped.
    const Value* find(const std::string& key, std::uint64_t generation) {
        const auto it = index_.find(key);
        if (it == index_.end()) {
            return nullptr;
        }
        const auto entry = it->second;
        if (entry->generation != generation || Clock::now() >= entry->expires) {
            drop(it);
            return nullptr;
        }
        lru_.splice(lru_.begin(), lru_, entry);
        return &entry->value;
    }

    // Keeps `value` instead of whatever `key` had, making room for its weight.
    void store(const std::string& key, std::uint64_t generation, Clock::time_point expires,
               Value value, std::size_t weight) {
        if (const auto it = index_.find(key); it != index_.end()) {
            drop(it);
        }
        while (!lru_.empty() && weight_ + weight > budget_) {
            weight_ -= lru_.back().weight;
            index_.erase(lru_.back().key);
            lru_.pop_back();
        }
        lru_.push_front(Entry{key, generation, expires, std::move(value), weight});
        index_.emplace(key, lru_.begin());
        weight_ += weight;
    }

    std::size_t weight() const { return weight_; }
    std::size_t size() const { return lru_.size(); }

private:
    struct Entry {
        std::string key;
        std::uint64_t generation;
        Clock::time_point expires;
        Value value;
        std::size_t weight;
    };
    using Lru = std::list<Entry>;  // most recently used first
    using Index = std::unordered_map<std::string, typename Lru::iterator>;

    void drop(typename Index::iterator it) {
        weight_ -= it->second->weight;
        lru_.erase(it->second);
        index_.erase(it);
    }

    std::size_t budget_;
    std::size_t weight_ = 0;
    Lru lru_;
    Index index_;
};

}  // namespace opsdesk::server::cache
