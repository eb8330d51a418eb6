#include "cache/response_cache.h"

namespace opsdesk::server::cache {

namespace {

std::string flightKey(const std::string& key, std::uint64_t generation) {
    return key + '\n' + std::to_string(generation);
}

std::size_t weight(const std::string& key, const http::Response& answer) {
    std::size_t n = key.size() * 2 + answer.body.size() + 128;
    for (const auto& [name, value] : answer.headers.fields()) {
        n += name.size() + value.size() + 64;
    }
    return n;
}

}  // namespace

ResponseCache::Found ResponseCache::find(const std::string& key, std::uint64_t generation,
                                         http::Response& out, Waiter waiter) {
    const std::lock_guard lock(mutex_);
    if (const auto* kept = kept_.find(key, generation)) {
        out = *kept;
        return Found::Hit;
    }
    auto [flight, lead] = flights_.try_emplace(flightKey(key, generation));
    if (!lead) {
        flight->second.push_back(std::move(waiter));
        return Found::Joined;
    }
    return Found::Lead;
}

void ResponseCache::complete(const std::string& key, std::uint64_t generation,
                             const http::Response& answer, std::uint64_t currentGeneration) {
    std::vector<Waiter> waiters;
    {
        const std::lock_guard lock(mutex_);
        if (const auto it = flights_.find(flightKey(key, generation)); it != flights_.end()) {
            waiters = std::move(it->second);
            flights_.erase(it);
        }
        if (answer.status == 200 && generation == currentGeneration) {
            storeLocked(key, generation, answer);
        }
    }
    // Those who joined asked at the same generation: the answer is as fresh for them as for
    // the lead, whatever changed since.
    for (auto& w : waiters) {
        w(answer);
    }
}

void ResponseCache::put(const std::string& key, std::uint64_t generation,
                        const http::Response& answer, std::uint64_t currentGeneration) {
    if (answer.status != 200 || generation != currentGeneration) {
        return;
    }
    const std::lock_guard lock(mutex_);
    storeLocked(key, generation, answer);
}

void ResponseCache::storeLocked(const std::string& key, std::uint64_t generation,
                                const http::Response& answer) {
    const std::size_t w = weight(key, answer);
    if (w > maxBytes_ / 4) {
        return;  // one answer may not crowd out everything else
    }
    kept_.store(key, generation, std::chrono::steady_clock::now() + ttl_, answer, w);
}

std::size_t ResponseCache::bytes() const {
    const std::lock_guard lock(mutex_);
    return kept_.weight();
}

std::size_t ResponseCache::size() const {
    const std::lock_guard lock(mutex_);
    return kept_.size();
}

}  // namespace opsdesk::server::cache
