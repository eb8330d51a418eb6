#pragma once

#include <chrono>
#include <optional>

namespace opsdesk::client {

struct ApiError;

// How often and how patiently one request is retried. Only ApiRequest applies it, and only to
// idempotent requests (GET, or a POST carrying an Idempotency-Key); nothing above retries.
struct RetryPolicy {
    int maxAttempts = 3;  // including the first; 1 means never retry
    std::chrono::milliseconds initialBackoff{400};
    std::chrono::milliseconds maxBackoff{5000};
    double backoffFactor = 2.0;
    // A 429 asking to wait longer than this fails at once (with retryAfterSeconds set) instead
    // of leaving the user staring at a spinner.
    std::chrono::seconds maxRetryAfter{30};

    static RetryPolicy never() {
        RetryPolicy p;
        p.maxAttempts = 1;
        return p;
    }

    // Whether this failure is worth another attempt at all (transient by nature).
    static bool isTransient(const ApiError& error);

    // The wait before attempt number `nextAttempt` (2 for the first retry), or nullopt when no
    // retry should happen. Honours Retry-After of a 429.
    std::optional<std::chrono::milliseconds> delayBefore(int nextAttempt,
                                                         const ApiError& error) const;
};

}  // namespace opsdesk::client
