#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "cache/generation_lru.h"
#include "http/message.h"

namespace opsdesk::server::cache {

// Answers of read routes whose answer depends on nothing but the request target (the orders
// list: the same for every caller allowed to call it), kept while the data generation they were
// computed under is current (ChangeListener: any order change on any instance moves it) and
// for at most `ttl` (which bounds what a change made behind the server's back, without an event,
// can cost). Many desks asking for the same page at once share one database query: the first
// asks ("leads"), the others wait for its answer ("join"). Bounded by `maxBytes` (least recently
// used first out). ttl 0 turns it off.
class ResponseCache {
public:
    using Waiter = std::function<void(http::Response)>;
    enum class Found { Hit, Joined, Lead };

    ResponseCache(std::chrono::milliseconds ttl, std::size_t maxBytes)
        : ttl_(ttl), maxBytes_(maxBytes), kept_(maxBytes) {}

    bool enabled() const { return ttl_.count() > 0; }

    // Hit: `out` is the answer. Joined: `waiter` will get the answer of the query already under
    // way for this target and generation. Lead: the caller computes the answer and must call
    // complete(key, generation, answer) exactly once, whatever happens.
    Found find(const std::string& key, std::uint64_t generation, http::Response& out,
               Waiter waiter);
    // Stores a 200 answer (if the generation is still the one given) and hands it to the waiters.
    void complete(const std::string& key, std::uint64_t generation, const http::Response& answer,
                  std::uint64_t currentGeneration);
    // Stores a 200 answer computed without a lead (no flight), if the generation is current.
    void put(const std::string& key, std::uint64_t generation, const http::Response& answer,
             std::uint64_t currentGeneration);

    std::size_t bytes() const;
    std::size_t size() const;

private:
    void storeLocked(const std::string& key, std::uint64_t generation,
                     const http::Response& answer);

    std::chrono::milliseconds ttl_;
    std::size_t maxBytes_;
    mutable std::mutex mutex_;
    GenerationLru<http::Response> kept_;  // weighed in bytes
    // Queries under way: key + '\n' + generation → who waits for their answer.
    std::unordered_map<std::string, std::vector<Waiter>> flights_;
};

}  // namespace opsdesk::server::cache
