#include "health/health.h"

#include <boost/json/serialize.hpp>
#include <pqxx/nontransaction>

#include "app/server_app.h"

namespace opsdesk::server::health {

namespace {

http::Response body(const App& app, bool dbOk) {
    boost::json::object o{{"status", dbOk ? "ok" : "degraded"},
                          {"db", dbOk ? "ok" : "unavailable"},
                          {"version", kServerVersion},
                          {"instance", app.config().instanceId}};
    auto r = http::Response::json(dbOk ? 200 : 503, boost::json::serialize(o));
    r.headers.set("Cache-Control", "no-store");
    if (!dbOk) {
        r.headers.set("Retry-After", "2");  // as every other 503: a load balancer may look again
    }
    return r;
}

}  // namespace

void health(App& app, http::Request&& request, http::Responder respond) {
    const bool queued = app.db().trySubmit(
        [&app, respond](pqxx::connection& db) {
            bool ok = false;
            try {
                pqxx::nontransaction tx(db);
                ok = tx.exec1("SELECT 1")[0].as<int>() == 1;
            } catch (const pqxx::broken_connection&) {
                respond(body(app, false));
                throw;
            } catch (const std::exception&) {
                ok = false;
            }
            respond(body(app, ok));
        },
        [&app, respond] { respond(body(app, false)); });
    if (!queued) {
        respond(body(app, false));
    }
    (void)request;
}

}  // namespace opsdesk::server::health
