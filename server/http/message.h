#pragma once

// The transport's vocabulary for everything above it. No Beast or Asio types appear here, so
// domain code and most translation units never pay Beast's compile time.

#include <cstdint>
#include <functional>
#include <memory>
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

// A request body the transport wrote to a file instead of memory (ServerOptions::spoolBodyFor:
// uploads far larger than memory should hold). The file is deleted with the last copy.
struct SpooledBody {
    std::string path;
    std::uint64_t size = 0;
    SpooledBody() = default;
    SpooledBody(const SpooledBody&) = delete;
    SpooledBody& operator=(const SpooledBody&) = delete;
    ~SpooledBody();
};

struct Request {
    std::string method;     // "GET", as sent
    std::string target;     // "/api/v1/users?q=li", as sent
    std::string path;       // percent-decoded path without the query: "/api/v1/users"
                            // (absolute-form targets are reduced to their path; a malformed
                            // escape or %00 is answered 400 by the transport)
    std::string query;      // raw query string without '?': "q=li"
    unsigned version = 11;  // 10 or 11
    Headers headers;
    std::string body;                                // empty when the body is spooled
    std::shared_ptr<const SpooledBody> spooledBody;  // the body in a file, or null
    std::string remoteAddress;                       // peer IP address, no port
    std::string requestId;  // the client's X-Request-Id if sane, else one made up

    // The first value of a query parameter, percent-decoded ('+' is a space).
    std::optional<std::string> queryParam(std::string_view name) const;
};

// One piece of a body sent as it is made (Response::stream).
struct BodyPiece {
    std::string bytes;  // may be empty
    bool last = false;  // nothing follows
    // The body cannot be finished: the connection ends without the closing chunk, so the client
    // sees a cut-off answer, never one that looks complete.
    bool failed = false;
};
// Takes one piece; callable from any thread, once per request for a piece.
using BodyPieceSink = std::function<void(BodyPiece)>;
// Makes the next piece of a streamed body and hands it to the sink, at once or later from
// another thread (a database thread, say). The transport asks again only once the piece before
// is written, so a slow client holds the producer back instead of filling memory. Should the sink
// be dropped uncalled, the piece counts as failed.
using BodyProducer = std::function<void(BodyPieceSink)>;

struct Response {
    int status = 200;
    // Content-Type, ETag, Retry-After... The transport owns Content-Length, Transfer-Encoding,
    // Connection, Keep-Alive, Date, Server and X-Request-Id and ignores those set here (except
    // that `Connection: close` closes the connection after this answer), as well as any field
    // whose name or value could split the response (CR, LF, NUL).
    Headers headers;
    std::string body;  // not sent for 204 and 304; for a HEAD request only its length is sent
    // When set, the body is what this produces, piece by piece, sent with the chunked transfer
    // coding (to an HTTP/1.0 client: until the connection closes) as the pieces come, and `body`
    // is not sent. Each piece has the handler's timeout to come and the write timeout to go
    // out; a failed piece or a timeout ends the connection. For answers too large to hold
    // (exports); a HEAD request gets the header alone.
    BodyProducer stream;
    // Not sent: who made the request, for the request log line ("" when unauthenticated).
    std::string logUser;
    // Not sent: "hit" or "joined" when the answer came from a cache, for the request log line.
    std::string logCache;

    static Response json(int status, std::string body);  // Content-Type: application/json
    static Response noContent();                         // 204
};

// Hands the response back to the transport. Callable from any thread, also after the connection
// or the whole server is gone (the call is then ignored). Only the first call counts. When every
// copy is destroyed without a call, the client gets 500 `internal` at once instead of waiting for
// ServerOptions::handlerTimeout.
using Responder = std::function<void(Response)>;

// Called on an I/O thread for every complete request, possibly on several I/O threads at once.
// Must not block: hand work to another thread and call the responder from there. An exception
// thrown by the handler answers 500 `internal` (unless it had already responded).
using Handler = std::function<void(Request&&, Responder)>;

// The contract's error body: {"error":{"code","message"}}. For the transport's own errors
// (400, 408, 413, 431, 503); the application builds its richer ones itself.
std::string errorBody(std::string_view code, std::string_view message);

// Decodes %XX escapes (and '+' as a space when plusIsSpace). Lenient: a malformed escape is kept
// as it stands.
std::string percentDecode(std::string_view in, bool plusIsSpace);
// The strict form: nullopt when an escape is malformed ('%' not followed by two hex digits).
std::optional<std::string> tryPercentDecode(std::string_view in, bool plusIsSpace);

}  // namespace opsdesk::server::http
