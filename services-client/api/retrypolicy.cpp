#include "services-client/api/retrypolicy.h"

#include <algorithm>
#include <cmath>

#include "services-client/api/apierror.h"

namespace opsdesk::client {

using protocol::ErrorCode;

bool RetryPolicy::isTransient(const ApiError& error) {
    switch (error.kind) {
        case ApiError::Kind::Network:
        case ApiError::Kind::Timeout:
            return true;
        case ApiError::Kind::Http:
            if (error.is(ErrorCode::RateLimited) || error.is(ErrorCode::Unavailable) ||
                error.is(ErrorCode::RequestTimeout)) {
                return true;
            }
            // Gateways in front of the server.
            return error.httpStatus == 502 || error.httpStatus == 504;
        case ApiError::Kind::Tls:
        case ApiError::Kind::InvalidResponse:
        case ApiError::Kind::Cancelled:
            return false;
    }
    return false;
}

std::optional<std::chrono::milliseconds> RetryPolicy::delayBefore(int nextAttempt,
                                                                  const ApiError& error) const {
    if (nextAttempt > maxAttempts || !isTransient(error)) {
        return std::nullopt;
    }
    if (error.is(ErrorCode::RateLimited) && error.retryAfterSeconds) {
        const std::chrono::seconds wait{*error.retryAfterSeconds};
        if (wait > maxRetryAfter) {
            return std::nullopt;
        }
        return std::chrono::duration_cast<std::chrono::milliseconds>(wait);
    }
    const double scaled =
        double(initialBackoff.count()) * std::pow(backoffFactor, std::max(0, nextAttempt - 2));
    const double capped = std::min(scaled, double(maxBackoff.count()));
    return std::chrono::milliseconds(static_cast<long long>(capped));
}

}  // namespace opsdesk::client
