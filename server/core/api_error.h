#pragma once

#include <boost/json/object.hpp>
#include <map>
#include <optional>
#include <stdexcept>
#include <string>

#include "http/message.h"
#include "opsdesk/protocol/error_codes.h"

namespace opsdesk::server {

// What a handler throws to answer with one of the contract's errors. The router turns it into
// the error body; anything else a handler throws becomes a 500 `internal` with nothing leaked.
class ApiError : public std::runtime_error {
public:
    ApiError(protocol::ErrorCode code, std::string message,
             std::map<std::string, std::string> fields = {}, boost::json::object details = {})
        : std::runtime_error(message),
          code_(code),
          fields_(std::move(fields)),
          details_(std::move(details)) {}

    protocol::ErrorCode code() const { return code_; }
    const std::map<std::string, std::string>& fields() const { return fields_; }
    const boost::json::object& details() const { return details_; }

    // Extra response headers (Retry-After, Allow).
    ApiError& withHeader(std::string name, std::string value) {
        headers_.emplace_back(std::move(name), std::move(value));
        return *this;
    }
    const std::vector<std::pair<std::string, std::string>>& headers() const { return headers_; }

    // A refusal the audit log must record (who tried what on whom). The router writes it in a
    // transaction of its own once the handler's, which the error rolls back, is gone.
    struct Refusal {
        std::string action;  // "user.action_refused"
        std::string entity;  // "user"
        std::optional<std::string> entityId;
        boost::json::object details;  // what was attempted and why it was refused
    };
    ApiError& audited(Refusal refusal) {
        refusal_ = std::move(refusal);
        return *this;
    }
    const std::optional<Refusal>& refusal() const { return refusal_; }

    http::Response toResponse() const;

private:
    protocol::ErrorCode code_;
    std::map<std::string, std::string> fields_;
    boost::json::object details_;
    std::vector<std::pair<std::string, std::string>> headers_;
    std::optional<Refusal> refusal_;
};

// Shorthands for the common cases.
ApiError badRequest(std::string message);
ApiError notFound(std::string message = "Not found");
ApiError validationFailed(std::map<std::string, std::string> fields,
                          std::string message = "Some fields are not valid");

}  // namespace opsdesk::server
