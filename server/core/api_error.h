#pragma once

#include <boost/json/object.hpp>
#include <map>
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

    http::Response toResponse() const;

private:
    protocol::ErrorCode code_;
    std::map<std::string, std::string> fields_;
    boost::json::object details_;
    std::vector<std::pair<std::string, std::string>> headers_;
};

// Shorthands for the common cases.
ApiError badRequest(std::string message);
ApiError notFound(std::string message = "Not found");
ApiError validationFailed(std::map<std::string, std::string> fields,
                          std::string message = "Some fields are not valid");

}  // namespace opsdesk::server
