#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

#include "api/principal.h"

namespace opsdesk::server::cache {

// Signed-in sessions this instance looked up recently, by the SHA-256 of their token, so that
// a desk's requests do not each ask PostgreSQL who is calling. An entry is used only while
// the auth generation it was looked up under is current (ChangeListener: any revocation,
// deactivation, role or permission change on any instance moves it) and for at most `ttl` (and
// never past the session's own idle or absolute expiry), after which the lookup, and the
// session's activity stamp, go to the database again. ttl 0 turns it off.
class SessionCache {
public:
    explicit SessionCache(std::chrono::milliseconds ttl, std::size_t maxEntries = 20'000)
        : ttl_(ttl), maxEntries_(maxEntries) {}

    bool enabled() const { return ttl_.count() > 0; }

    std::optional<api::Principal> get(const std::string& tokenHash, std::uint64_t generation);
    // Kept for at most `sessionSecondsLeft` (how long the database would still accept the
    // session unused, or less) and the cache's ttl.
    void put(const std::string& tokenHash, const api::Principal& principal,
             std::uint64_t generation, double sessionSecondsLeft);
    void clear();

private:
    using Clock = std::chrono::steady_clock;
    struct Entry {
        api::Principal principal;
        std::uint64_t generation;
        Clock::time_point expires;
    };
    std::chrono::milliseconds ttl_;
    std::size_t maxEntries_;
    std::mutex mutex_;
    std::unordered_map<std::string, Entry> entries_;
};

}  // namespace opsdesk::server::cache
