#pragma once

#include <boost/json/object.hpp>
#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <pqxx/connection>
#include <string>

#include "api/principal.h"
#include "http/message.h"

namespace opsdesk::server {
class App;
class WorkerPool;
}  // namespace opsdesk::server

namespace opsdesk::server::api {

using PathParams = std::map<std::string, std::string, std::less<>>;

struct Call;

// Password work (scrypt: 128 MiB and a good part of a second each) runs on the hash pool, and no
// database thread waits for it. A handler that needs it does its first database step, describes
// the work, and returns Call::afterPasswordWork(work, then): the router runs the work on the hash
// pool and then `then` on a database thread, for the same caller and request.
struct PasswordWork {
    std::string verify;   // a password to check against `stored`; empty: nothing to check
    std::string stored;   // the stored hash it is checked against
    std::string hashNew;  // a new password to hash, once the check (if any) passed; or empty
};
struct PasswordOutcome {
    bool verified = true;  // the check passed, or there was none
    std::string newHash;   // the hash of `hashNew`, when asked for and the check passed
};
using AfterPasswordWork = std::function<http::Response(Call&, const PasswordOutcome&)>;

// The general form: work that must not hold a database thread (a password hash, an image
// decode) runs on a pool of its own, between two database steps of the handler
// (Call::afterWork). It keeps its results in what it captured for `then`; an ApiError it throws
// is the answer, and `then` does not run.
using AfterWork = std::function<http::Response(Call&)>;
struct PoolWork {
    WorkerPool* pool = nullptr;
    std::function<void()> work;
    AfterWork then;
};

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

    // Hands password work on (see PasswordWork); the handler returns what this returns, having
    // finished its own transaction.
    http::Response afterPasswordWork(PasswordWork work, AfterPasswordWork then);
    // Hands `work` to `pool` (see PoolWork): the router runs it there and then `then` on a
    // database thread, for the same caller and request; no database thread waits meanwhile. The
    // handler returns what this returns, having finished its own transaction; a full pool
    // answers 503.
    http::Response afterWork(WorkerPool& pool, std::function<void()> work, AfterWork then);

    // Taken by the router.
    std::optional<PasswordWork> passwordWork{};
    AfterPasswordWork afterPassword{};
    std::optional<PoolWork> poolWork{};
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
