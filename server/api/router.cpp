#include "api/router.h"

#include <atomic>
#include <memory>
#include <pqxx/except>
#include <pqxx/transaction>

#include "app/server_app.h"
#include "audit/audit.h"
#include "auth/auth_service.h"
#include "auth/password.h"
#include "auth/tokens.h"
#include "core/api_error.h"
#include "core/log.h"

namespace opsdesk::server::api {

namespace {

using protocol::ErrorCode;

std::vector<std::string_view> segments(std::string_view path) {
    std::vector<std::string_view> out;
    std::size_t start = 0;
    while (start <= path.size()) {
        auto slash = path.find('/', start);
        if (slash == std::string_view::npos) {
            slash = path.size();
        }
        out.push_back(path.substr(start, slash - start));
        start = slash + 1;
    }
    return out;
}

// Why a signed-in caller may not call this route, or nothing.
std::optional<http::Response> refusal(const Route& route, const Principal& principal) {
    if (!route.whileRestricted &&
        (principal.mustChangePassword || principal.totpEnrollmentRequired)) {
        auto r = (principal.mustChangePassword
                      ? ApiError(ErrorCode::PasswordChangeRequired,
                                 "Choose a new password before you continue")
                      : ApiError(ErrorCode::TotpEnrollmentRequired,
                                 "Set up two-factor sign-in before you continue"))
                     .toResponse();
        r.logUser = principal.username;
        return r;
    }
    if (route.access.kind == Access::Kind::Permission && !principal.has(route.access.permission)) {
        auto r = ApiError(ErrorCode::Forbidden, "You do not have permission to do this", {},
                          {{"required_permission", protocol::toString(route.access.permission)}})
                     .toResponse();
        r.logUser = principal.username;
        return r;
    }
    return std::nullopt;
}

// The audit row of a refused attempt, in a transaction of its own: the handler's is gone with
// the error. A refusal stands even when its row cannot be written (the log says so).
void recordRefusal(Call& call, const ApiError::Refusal& refusal) {
    try {
        pqxx::work tx(call.db);
        audit::record(tx, call,
                      {refusal.action, refusal.entity, refusal.entityId, nullptr, refusal.details});
        tx.commit();
    } catch (const std::exception& e) {
        log::error("cannot audit a refused request",
                   {{"request_id", call.request.requestId}, {"what", e.what()}});
    }
}

// Runs a handler (or what it left for after password work): its ApiError is its answer, and a
// refusal that must be audited is, in a transaction of its own.
http::Response runGuarded(Call& call, const std::function<http::Response(Call&)>& handler) {
    try {
        return handler(call);
    } catch (const ApiError& e) {
        if (e.refusal() && call.principal) {
            recordRefusal(call, *e.refusal());
        }
        return e.toResponse();
    }
}

// Every handler's answer: who it was for (the log line), and this instance's caches forget at
// once what a write may have changed (a desk reloading right after its own change sees it),
// not when the notification comes round.
void afterHandled(App& app, const Route& route, const Principal* principal,
                  http::Response& response) {
    if (principal) {
        response.logUser = principal->username;
    }
    if (route.method != "GET") {
        app.changes().dataChanged();
        if (route.changesAccess) {
            app.changes().authChanged();
        }
    }
}

// The work a handler left for a pool of its own (Call::afterWork): on that pool, then what the
// handler left for afterwards on a database thread, for the same caller. No database thread
// waits meanwhile.
void continueAfterWork(App& app, const Route& route, std::shared_ptr<http::Request> request,
                       PathParams params, Principal principal, PoolWork pending,
                       http::Responder respond) {
    WorkerPool& pool = *pending.pool;
    const bool queued = pool.trySubmit(
        [&app, &route, request, params = std::move(params), principal = std::move(principal),
         work = std::move(pending.work), then = std::move(pending.then), respond] {
            try {
                work();
            } catch (...) {
                respond(responseForException(std::current_exception(), *request));
                return;
            }
            runOnDatabase(
                app.db(), request,
                [&app, &route, request, params, principal,
                 then](pqxx::connection& db) -> std::optional<http::Response> {
                    Call call{*request, app, db, params, &principal};
                    auto response = runGuarded(call, then);
                    afterHandled(app, route, &principal, response);
                    return response;
                },
                respond);
        });
    if (!queued) {
        respond(ApiError(ErrorCode::Unavailable, "The server is busy; try again in a moment")
                    .withHeader("Retry-After", "2")
                    .toResponse());
    }
}

// Password work (Call::afterPasswordWork) as work for the hash pool.
PoolWork passwordPoolWork(App& app, PasswordWork work, AfterPasswordWork then) {
    auto outcome = std::make_shared<PasswordOutcome>();
    return {&app.hashPool(),
            [&app, work = std::move(work), outcome] {
                if (!work.verify.empty()) {
                    outcome->verified = auth::verifyPassword(work.verify, work.stored);
                }
                if (outcome->verified && !work.hashNew.empty()) {
                    outcome->newHash = auth::hashPassword(work.hashNew, app.scryptParams());
                }
            },
            [outcome, then = std::move(then)](Call& c) { return then(c, *outcome); }};
}

std::uint64_t currentDataGeneration(App& app) {
    return app.changes().cacheableDataGeneration();
}

std::string cacheKeyOf(const http::Request& r) {
    return r.path + '?' + r.query;
}

// A cache miss that others wait on: its answer lands in the cache and with them exactly once,
// also when the request ends without one (500 then, as the transport would answer).
class Flight {
public:
    Flight(App& app, std::string key, std::uint64_t generation)
        : app_(app), key_(std::move(key)), generation_(generation) {}
    Flight(const Flight&) = delete;
    Flight& operator=(const Flight&) = delete;
    ~Flight() {
        if (!landed_.exchange(true)) {
            app_.listCache().complete(
                key_, generation_,
                http::Response::json(500, http::errorBody("internal", "internal error")), 0);
        }
    }
    void land(const http::Response& answer) {
        if (!landed_.exchange(true)) {
            app_.listCache().complete(key_, generation_, answer, currentDataGeneration(app_));
        }
    }

private:
    App& app_;
    std::string key_;
    std::uint64_t generation_;
    std::atomic<bool> landed_{false};
};

}  // namespace

bool matchPattern(std::string_view pattern, std::string_view path, PathParams* params) {
    const auto p = segments(pattern);
    const auto s = segments(path);
    if (p.size() != s.size()) {
        return false;
    }
    PathParams found;
    for (std::size_t i = 0; i < p.size(); ++i) {
        if (p[i].size() > 2 && p[i].front() == '{' && p[i].back() == '}') {
            if (s[i].empty()) {
                return false;
            }
            found.emplace(std::string(p[i].substr(1, p[i].size() - 2)), std::string(s[i]));
        } else if (p[i] != s[i]) {
            return false;
        }
    }
    if (params) {
        *params = std::move(found);
    }
    return true;
}

std::size_t Router::maxBodyBytes(std::string_view method, std::string_view path) const {
    for (const auto& r : routeTable()) {
        if (r.maxBodyBytes > 0 && r.method == method && matchPattern(r.pattern, path, nullptr)) {
            return r.maxBodyBytes;
        }
    }
    return app_.config().maxBodyBytes;
}

bool Router::spoolsBody(std::string_view method, std::string_view path) const {
    for (const auto& r : routeTable()) {
        if (r.spoolBody && r.method == method && matchPattern(r.pattern, path, nullptr)) {
            return true;
        }
    }
    return false;
}

void Router::handle(http::Request&& request, http::Responder respond) {
    const Route* route = nullptr;
    PathParams params;
    std::string allowed;
    for (const auto& r : routeTable()) {
        PathParams p;
        if (!matchPattern(r.pattern, request.path, &p)) {
            continue;
        }
        if (r.method == request.method) {
            route = &r;
            params = std::move(p);
            break;
        }
        allowed += allowed.empty() ? "" : ", ";
        allowed += r.method;
    }
    if (!route) {
        if (!allowed.empty()) {
            respond(ApiError(ErrorCode::MethodNotAllowed,
                             request.method + " is not allowed here; use " + allowed)
                        .withHeader("Allow", allowed)
                        .toResponse());
        } else {
            respond(notFound("No such endpoint: " + request.path).toResponse());
        }
        return;
    }

    if (route->access.kind == Access::Kind::ServiceKey) {
        const auto& key = app_.config().serviceKey;
        const auto given = request.headers.get("X-Api-Key");
        if (!key || key->empty() || !given || given->empty() ||
            !auth::constantTimeEquals(*given, *key)) {
            respond(ApiError(ErrorCode::Unauthenticated, "A valid service key is required")
                        .toResponse());
            return;
        }
    }

    if (route->asyncHandler) {
        route->asyncHandler(app_, std::move(request), std::move(respond));
        return;
    }

    std::optional<std::string> token;
    if (route->access.kind == Access::Kind::SignedIn ||
        route->access.kind == Access::Kind::Permission) {
        const auto bearer = auth::bearerToken(request);
        if (!bearer) {
            respond(ApiError(ErrorCode::Unauthenticated, "Sign in first").toResponse());
            return;
        }
        token = std::string(*bearer);
    }

    // A session this instance looked up a moment ago (and no session, user or role has changed
    // since) needs no database, and neither does an answer it gave a moment ago (and no order
    // has changed since): both are decided here, on the I/O thread.
    auto& changes = app_.changes();
    const std::uint64_t authGeneration = changes.live() ? changes.authGeneration() : 0;
    // The token is known by its hash, to the cache and to the database alike.
    const std::string tokenKey = token ? auth::tokenHash(*token) : std::string();
    std::optional<Principal> known;
    if (token && authGeneration != 0 && app_.sessionCache().enabled()) {
        known = app_.sessionCache().get(tokenKey, authGeneration);
    }
    bool leading = false;  // this request's answer goes to others and into the list cache
    if (known) {
        if (auto refused = refusal(*route, *known)) {
            respond(std::move(*refused));
            return;
        }
        const std::uint64_t dataGeneration = currentDataGeneration(app_);
        if (route->cacheable && dataGeneration != 0 && app_.listCache().enabled()) {
            const std::string cacheKey = cacheKeyOf(request);
            http::Response answer;
            const auto found =
                app_.listCache().find(cacheKey, dataGeneration, answer,
                                      [respond, user = known->username](http::Response shared) {
                                          shared.logUser = user;
                                          shared.logCache = "joined";
                                          respond(std::move(shared));
                                      });
            if (found == cache::ResponseCache::Found::Hit) {
                answer.logUser = known->username;
                answer.logCache = "hit";
                respond(std::move(answer));
                return;
            }
            if (found == cache::ResponseCache::Found::Joined) {
                return;
            }
            // This request leads: its answer goes to those who join meanwhile, and into the
            // cache, however it ends.
            auto flight = std::make_shared<Flight>(app_, cacheKey, dataGeneration);
            respond = [flight, inner = std::move(respond)](http::Response led) {
                flight->land(led);
                inner(std::move(led));
            };
            leading = true;
        }
    }

    auto req = std::make_shared<http::Request>(std::move(request));
    App& app = app_;
    // For a handler that hands password work on: it answers later, from the hash pool's step.
    // (A copy made here: the arguments below are evaluated in no particular order.)
    const http::Responder later = respond;
    runOnDatabase(
        app.db(), req,
        [&app, req, route, params = std::move(params), known = std::move(known), authGeneration,
         tokenKey, leading, later](pqxx::connection& db) -> std::optional<http::Response> {
            std::optional<Principal> principal = known;
            if (!tokenKey.empty() && !principal) {
                principal = auth::authenticateHashed(db, app.config(), tokenKey);
                if (!principal) {
                    return ApiError(ErrorCode::Unauthenticated,
                                    "Your session has ended; sign in again")
                        .toResponse();
                }
                if (authGeneration != 0 && app.sessionCache().enabled()) {
                    // Not longer than the activity stamp's interval: requests answered without
                    // the database do not stamp the session, the next lookup does.
                    app.sessionCache().put(
                        tokenKey, *principal, authGeneration,
                        std::min<double>(principal->sessionSecondsLeft,
                                         double(auth::activityStampSeconds(app.config()))));
                }
                if (auto refused = refusal(*route, *principal)) {
                    return std::move(*refused);
                }
            }
            // The generation an answer to keep is computed under: read before its queries run.
            const bool keep =
                !leading && route->cacheable && principal && app.listCache().enabled();
            const std::uint64_t generation = keep ? currentDataGeneration(app) : 0;
            Call call{*req, app, db, params, principal ? &*principal : nullptr};
            http::Response response = runGuarded(call, route->handler);
            if (call.passwordWork) {
                call.poolWork = passwordPoolWork(app, std::move(*call.passwordWork),
                                                 std::move(call.afterPassword));
            }
            if (call.poolWork && principal) {
                continueAfterWork(app, *route, req, params, *principal, std::move(*call.poolWork),
                                  later);
                return std::nullopt;  // answered once the work and its sequel are done
            }
            if (generation != 0) {
                app.listCache().put(cacheKeyOf(*req), generation, response,
                                    currentDataGeneration(app));
            }
            afterHandled(app, *route, principal ? &*principal : nullptr, response);
            return response;
        },
        std::move(respond));
}

}  // namespace opsdesk::server::api
