#include "opsdesk/protocol/error_codes.h"

#include <array>

namespace opsdesk::protocol {

namespace {

using E = ErrorCode;

constexpr std::array kErrors{
    ErrorInfo{E::BadRequest, "bad_request", 400},
    ErrorInfo{E::Unauthenticated, "unauthenticated", 401},
    ErrorInfo{E::InvalidCredentials, "invalid_credentials", 401},
    ErrorInfo{E::OtpRequired, "otp_required", 401},
    ErrorInfo{E::PasswordChangeRequired, "password_change_required", 403},
    ErrorInfo{E::TotpEnrollmentRequired, "totp_enrollment_required", 403},
    ErrorInfo{E::Forbidden, "forbidden", 403},
    ErrorInfo{E::NotFound, "not_found", 404},
    ErrorInfo{E::MethodNotAllowed, "method_not_allowed", 405},
    ErrorInfo{E::InvalidTransition, "invalid_transition", 409},
    ErrorInfo{E::Conflict, "conflict", 409},
    ErrorInfo{E::PreconditionFailed, "precondition_failed", 412},
    ErrorInfo{E::PayloadTooLarge, "payload_too_large", 413},
    ErrorInfo{E::HeadersTooLarge, "headers_too_large", 431},
    ErrorInfo{E::ValidationFailed, "validation_failed", 422},
    ErrorInfo{E::IdempotencyKeyReused, "idempotency_key_reused", 422},
    ErrorInfo{E::AccountLocked, "account_locked", 423},
    ErrorInfo{E::PreconditionRequired, "precondition_required", 428},
    ErrorInfo{E::RateLimited, "rate_limited", 429},
    ErrorInfo{E::Internal, "internal", 500},
    ErrorInfo{E::Unavailable, "unavailable", 503},
    ErrorInfo{E::RequestTimeout, "request_timeout", 408},
    ErrorInfo{E::UnsupportedMediaType, "unsupported_media_type", 415},
    // Flash-sale claims (POST /storefront/flash-sales/{id}/claims).
    ErrorInfo{E::SoldOut, "sold_out", 409},
    ErrorInfo{E::LimitReached, "limit_reached", 422},
    ErrorInfo{E::SaleNotActive, "sale_not_active", 409},
    // Finance: statement imports and the sign-off.
    ErrorInfo{E::BalanceMismatch, "balance_mismatch", 422},
    ErrorInfo{E::DuplicateStatement, "duplicate_statement", 409},
    ErrorInfo{E::FourEyesRequired, "four_eyes_required", 403},
    ErrorInfo{E::StatementClosed, "statement_closed", 409},
};

}  // namespace

const ErrorInfo& info(ErrorCode code) {
    return kErrors[static_cast<std::size_t>(code)];
}
std::string_view toString(ErrorCode code) {
    return info(code).name;
}
int httpStatus(ErrorCode code) {
    return info(code).httpStatus;
}

std::optional<ErrorCode> errorCodeFromString(std::string_view name) {
    for (const auto& e : kErrors) {
        if (e.name == name) {
            return e.code;
        }
    }
    return std::nullopt;
}

}  // namespace opsdesk::protocol
