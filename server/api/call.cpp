#include "api/call.h"

#include <boost/json/parse.hpp>
#include <charconv>

#include "core/api_error.h"

namespace opsdesk::server::api {

const Principal& Call::user() const {
    if (!principal) {
        throw ApiError(protocol::ErrorCode::Unauthenticated, "Sign in first");
    }
    return *principal;
}

boost::json::object Call::jsonBody() const {
    return parseJsonObject(request.body);
}

std::int64_t Call::idParam(std::string_view name) const {
    const auto it = params.find(name);
    std::int64_t id = 0;
    if (it == params.end()) {
        throw notFound();
    }
    const auto& s = it->second;
    auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), id);
    if (ec != std::errc{} || ptr != s.data() + s.size() || id <= 0) {
        throw notFound();
    }
    return id;
}

int Call::ifMatchVersion() const {
    const auto header = request.headers.get("If-Match");
    if (!header) {
        throw ApiError(protocol::ErrorCode::PreconditionRequired,
                       "This change needs an If-Match header with the version you edited");
    }
    std::string_view v = *header;
    if (v.starts_with("W/")) {
        v.remove_prefix(2);
    }
    if (v.size() >= 2 && v.front() == '"' && v.back() == '"') {
        v = v.substr(1, v.size() - 2);
    }
    int version = 0;
    auto [ptr, ec] = std::from_chars(v.data(), v.data() + v.size(), version);
    if (ec != std::errc{} || ptr != v.data() + v.size() || version < 1) {
        throw badRequest("If-Match must carry a version such as \"3\"");
    }
    return version;
}

http::Response Call::afterPasswordWork(PasswordWork work, AfterPasswordWork then) {
    passwordWork = std::move(work);
    afterPassword = std::move(then);
    return {};  // not an answer: the router answers once `then` has run
}

http::Response Call::afterWork(WorkerPool& pool, std::function<void()> work, AfterWork then) {
    poolWork = PoolWork{&pool, std::move(work), std::move(then)};
    return {};  // not an answer: the router answers once `then` has run
}

void requireVersion(int expected, int current) {
    if (expected != current) {
        throw ApiError(protocol::ErrorCode::PreconditionFailed,
                       "Someone else changed this in the meantime; reload and apply your change "
                       "again",
                       {}, {{"current_version", current}});
    }
}

http::Response withVersion(http::Response response, int version) {
    response.headers.set("ETag", "\"" + std::to_string(version) + "\"");
    return response;
}

boost::json::object parseJsonObject(std::string_view body) {
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(body, ec);
    if (ec) {
        throw badRequest("The request body is not valid JSON");
    }
    if (!v.is_object()) {
        throw badRequest("The request body must be a JSON object");
    }
    return std::move(v.as_object());
}

std::optional<std::string> optionalString(const boost::json::object& o, std::string_view key) {
    const auto* v = o.if_contains(key);
    if (!v || v->is_null()) {
        return std::nullopt;
    }
    if (!v->is_string()) {
        throw validationFailed({{std::string(key), "must be a string"}});
    }
    return std::string(v->as_string());
}

}  // namespace opsdesk::server::api
