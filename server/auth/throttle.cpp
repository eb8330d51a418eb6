#include "auth/throttle.h"

#include <algorithm>
#include <cmath>

namespace opsdesk::server::auth {

bool LoginThrottle::allow(const std::string& address, int* retryAfterSeconds,
                          Clock::time_point now) {
    const double capacity = perMinute_;
    const double perSecond = perMinute_ / 60.0;
    const std::lock_guard lock(mutex_);
    // Forget addresses whose bucket has refilled, so the map cannot grow without bound.
    if (now - lastSweep_ > std::chrono::minutes(1)) {
        std::erase_if(buckets_, [&](const auto& kv) {
            return std::chrono::duration<double>(now - kv.second.updated).count() * perSecond +
                       kv.second.tokens >=
                   capacity;
        });
        lastSweep_ = now;
    }
    auto [it, inserted] = buckets_.try_emplace(address, Bucket{capacity, now});
    Bucket& b = it->second;
    const double elapsed = std::chrono::duration<double>(now - b.updated).count();
    b.tokens = std::min(capacity, b.tokens + elapsed * perSecond);
    b.updated = now;
    if (b.tokens >= 1.0) {
        b.tokens -= 1.0;
        return true;
    }
    *retryAfterSeconds = std::max(1, static_cast<int>(std::ceil((1.0 - b.tokens) / perSecond)));
    return false;
}

}  // namespace opsdesk::server::auth
