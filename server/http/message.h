#pragma once

// The transport's vocabulary for everything above it. No Beast or Asio types appear here, so
// domain code and most translation units never pay Beast's compile time.

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace opsdesk::server::http {

// Header fields in arrival order; names compare case-insensitively.
class Headers {
public:
    std::optional<std::string_view> get(std::string_view name) const;
    void set(std::string name, std::string value);  // replaces every field of that name
    void add(std::string name, std::string value);
    bool contains(std::string_view name) const { return get(name).has_value(); }
    const std::vector<std::pair<std::string, std::string>>& fields() const { return fields_; }

private:
    std::vector<std::pair<std::string, std::string>> fields_;
};

struct Request {
    std::string method;         // "GET", as sent
    std::string target;         // "/api/v1/users?q=li", as sent
    std::string path;           // percent-decoded path without the query: "/api/v1/users"
    std::string query;          // raw query string without '?': "q=li"
    unsigned version = 11;      // 10 or 11
    Headers headers;
    std::string body;
    std::string remoteAddress;  // peer IP address, no port
    std::string requestId;      // the client's X-Request-Id if sane, else one made up

    // The first value of a query parameter, percent-decoded ('+' is a space).
    std::optional<std::string> queryParam(std::string_view name) const;
};

struct Response {
    int status = 200;
    Headers headers;  // Content-Type, ETag, Retry-After...; the transport adds the framing ones
    std::string body;
    // Not sent: who made the request, for the request log line ("" when unauthenticated).
    std::string logUser;

    static Response json(int status, std::string body);
    static Response noContent();
};

// Hands the response back to the transport. Callable from any thread, exactly once.
using Responder = std::function<void(Response)>;

// Called on an I/O thread for every complete request. Must not block: hand work to another
// thread and call the responder from there.
using Handler = std::function<void(Request&&, Responder)>;

// The contract's error body: {"error":{"code","message"}}. For the transport's own errors
// (400, 408, 413, 431, 503); the application builds its richer ones itself.
std::string errorBody(std::string_view code, std::string_view message);

std::string percentDecode(std::string_view in, bool plusIsSpace);

}  // namespace opsdesk::server::http
