#pragma once

#include <optional>
#include <string_view>

namespace opsdesk::protocol {

// Error codes of the contract's error body {"error":{"code",...}} with the HTTP status each is
// sent with. Both the server (to answer) and the client (to map) use this one table.
enum class ErrorCode {
    BadRequest,
    Unauthenticated,
    InvalidCredentials,
    OtpRequired,
    PasswordChangeRequired,
    TotpEnrollmentRequired,
    Forbidden,
    NotFound,
    MethodNotAllowed,
    InvalidTransition,
    Conflict,
    PreconditionFailed,
    PayloadTooLarge,
    HeadersTooLarge,
    ValidationFailed,
    IdempotencyKeyReused,
    AccountLocked,
    PreconditionRequired,
    RateLimited,
    Internal,
    Unavailable,
    RequestTimeout,
    UnsupportedMediaType,
    SoldOut,
    LimitReached,
    SaleNotActive,
    BalanceMismatch,
    DuplicateStatement,
    FourEyesRequired,
    StatementClosed,
};

struct ErrorInfo {
    ErrorCode code;
    std::string_view name;  // wire code, snake_case
    int httpStatus;
};

const ErrorInfo& info(ErrorCode code);
std::string_view toString(ErrorCode code);
int httpStatus(ErrorCode code);
std::optional<ErrorCode> errorCodeFromString(std::string_view name);

}  // namespace opsdesk::protocol
