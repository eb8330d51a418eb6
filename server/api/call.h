#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <map>
#include <optional>
#include <pqxx/connection>
#include <string>

#include "api/principal.h"
#include "http/message.h"

namespace opsdesk::server {
class App;
}

namespace opsdesk::server::api {

using PathParams = std::map<std::string, std::string, std::less<>>;

// Everything a handler gets: the request, the caller, a database connection of its own (on a
// database thread), and the application's services.
struct Call {
    const http::Request& request;
    App& app;
    pqxx::connection& db;
    const PathParams& params;
    const Principal* principal = nullptr;  // null on public routes

    const Principal& user() const;
    // The body as a JSON object; 400 `bad_request` when it is not one.
    boost::json::object jsonBody() const;
    // A path parameter that must be a positive integer id; 404 otherwise.
    std::int64_t idParam(std::string_view name) const;
    // The version named by If-Match ("3" or 3); 428 when absent, 400 when malformed. Compare it
    // with the row's version under a row lock and answer 412 via requireVersion().
    int ifMatchVersion() const;
};

// 412 `precondition_failed` (with the current version in details) unless they agree.
void requireVersion(int expected, int current);
// Adds ETag: "<version>".
http::Response withVersion(http::Response response, int version);

// Parses a request body that must be a JSON object. Throws ApiError (400) otherwise.
boost::json::object parseJsonObject(std::string_view body);

// Reads a string member; absent/null → nullopt; present but not a string → 422 for that field.
std::optional<std::string> optionalString(const boost::json::object& o, std::string_view key);

}  // namespace opsdesk::server::api
