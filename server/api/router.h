#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "api/call.h"
#include "api/database_work.h"
#include "http/message.h"
#include "opsdesk/protocol/permissions.h"

namespace opsdesk::server::api {

// Who may call a route. The router enforces it before any handler runs; handlers never check.
struct Access {
    enum class Kind { Public, SignedIn, Permission, ServiceKey };
    Kind kind = Kind::SignedIn;
    protocol::Permission permission{};

    static constexpr Access open() { return {Kind::Public, {}}; }
    static constexpr Access signedIn() { return {Kind::SignedIn, {}}; }
    static constexpr Access needs(protocol::Permission p) { return {Kind::Permission, p}; }
    static constexpr Access serviceKey() { return {Kind::ServiceKey, {}}; }
};

// A handler runs on a database thread with its own connection and returns the response (or
// throws ApiError).
using Handler = http::Response (*)(Call&);

// For the few routes whose work is not one piece of database work (sign-in hashes a password on
// its own pool between two database steps; storefront prices come from memory): runs on the I/O
// thread, must not block, answers through the responder. Access is still enforced by the router
// where it can be (Public, ServiceKey).
using AsyncHandler = void (*)(App&, http::Request&&, http::Responder);

struct Route {
    std::string_view method;
    std::string_view pattern;  // "/api/v1/users/{id}"
    Access access;
    Handler handler = nullptr;
    AsyncHandler asyncHandler = nullptr;
    std::string_view summary;
    // Reachable by a user who must first change their password or set up two-factor sign-in;
    // every other route answers them 403 until they have.
    bool whileRestricted = false;
    // The answer depends on nothing but the request target (the same for every caller allowed
    // to call the route) and changes only with data whose every change writes an event (feed
    // outbox): answers may be kept and shared (App::listCache, server/cache/response_cache.h).
    bool cacheable = false;
    // A write that can change who is signed in or what they may do (sessions, users, roles, their
    // permissions, security settings): once it is handled, this instance's session cache forgets
    // at once (ChangeListener::authChanged), not when the notification comes round.
    bool changesAccess = false;
    // The largest request body the route takes; 0: the server's --max-body-bytes (1 MiB). For
    // uploads, which the transport then lets through (and no other route).
    std::size_t maxBodyBytes = 0;
    // The body is written to a file as it arrives (http::Request::spooledBody) instead of
    // memory: for uploads of hundreds of MiB, which the handler then reads in pieces.
    bool spoolBody = false;
};

// The one route table: method, path, permission and handler of every endpoint, each route
// written with designated initializers ({.method = "GET", .pattern = ..., .access = ...}).
const std::vector<Route>& routeTable();

// Matches a path against a pattern; fills params for {name} segments.
bool matchPattern(std::string_view pattern, std::string_view path, PathParams* params);

class Router {
public:
    explicit Router(App& app) : app_(app) {}
    // The transport's handler: finds the route, answers 404/405, authenticates and authorises,
    // then runs the handler on a database thread.
    void handle(http::Request&& request, http::Responder respond);
    // The largest body a request to this method and path may send (the transport's
    // ServerOptions::maxBodyBytesFor).
    std::size_t maxBodyBytes(std::string_view method, std::string_view path) const;
    // Whether the body of a request to this method and path goes to a file
    // (ServerOptions::spoolBodyFor).
    bool spoolsBody(std::string_view method, std::string_view path) const;

private:
    App& app_;
};

}  // namespace opsdesk::server::api
