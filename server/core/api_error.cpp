#include "core/api_error.h"

#include <boost/json/serialize.hpp>

namespace opsdesk::server {

http::Response ApiError::toResponse() const {
    boost::json::object error;
    error["code"] = protocol::toString(code_);
    error["message"] = what();
    if (!fields_.empty()) {
        boost::json::object f;
        for (const auto& [k, v] : fields_) {
            f[k] = v;
        }
        error["fields"] = std::move(f);
    }
    if (!details_.empty()) {
        error["details"] = details_;
    }
    boost::json::object body;
    body["error"] = std::move(error);
    auto response = http::Response::json(protocol::httpStatus(code_), boost::json::serialize(body));
    for (const auto& [name, value] : headers_) {
        response.headers.set(name, value);
    }
    return response;
}

ApiError badRequest(std::string message) {
    return ApiError(protocol::ErrorCode::BadRequest, std::move(message));
}

ApiError notFound(std::string message) {
    return ApiError(protocol::ErrorCode::NotFound, std::move(message));
}

ApiError validationFailed(std::map<std::string, std::string> fields, std::string message) {
    return ApiError(protocol::ErrorCode::ValidationFailed, std::move(message), std::move(fields));
}

}  // namespace opsdesk::server
