#pragma once

#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>

namespace opsdesk::server::auth {

// Per-address token bucket for login attempts: `perMinute` attempts a minute, with bursts of up
// to that many. Per instance; the per-account lockout in the database covers the whole cluster.
class LoginThrottle {
public:
    using Clock = std::chrono::steady_clock;
    explicit LoginThrottle(int perMinute) : perMinute_(perMinute) {}

    // True when an attempt from `address` may go ahead (and counts it). Otherwise false, with
    // the seconds until the next attempt would be allowed.
    bool allow(const std::string& address, int* retryAfterSeconds,
               Clock::time_point now = Clock::now());

private:
    struct Bucket {
        double tokens;
        Clock::time_point updated;
    };
    const int perMinute_;
    std::mutex mutex_;
    std::unordered_map<std::string, Bucket> buckets_;
    Clock::time_point lastSweep_{};
};

}  // namespace opsdesk::server::auth
