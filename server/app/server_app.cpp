#include "app/server_app.h"

#include <boost/json/serialize.hpp>

#include "api/router.h"
#include "core/log.h"
#include "db/migrations.h"
#include "http/server.h"

namespace opsdesk::server {

App::App(Config config)
    : config_(std::move(config)),
      db_(std::make_unique<db::DbPool>(config_.databaseUrl, config_.dbThreads)),
      hashPool_(std::make_unique<WorkerPool>(config_.hashThreads, config_.hashQueueLimit)),
      throttle_(config_.loginRatePerMinute),
      dummyHash_(auth::hashPassword("not a password anybody has", scryptParams())) {}

App::~App() { stop(); }

void App::serve() {
    {
        auto connection = db::connect(config_.databaseUrl);
        const auto applied = db::migrate(*connection, db::loadMigrations(db::embeddedMigrationFiles()),
                                         [](const db::Migration& m) {
                                             log::info("applying migration",
                                                       {{"version", m.version}, {"name", m.name}});
                                         });
        log::info("database ready", {{"database", config_.databaseDescription()},
                                     {"migrations_applied", applied.size()}});
    }

    http::ServerOptions options;
    options.host = config_.listenHost;
    options.port = config_.listenPort;
    options.ioThreads = config_.ioThreads;
    options.maxBodyBytes = config_.maxBodyBytes;
    options.maxConnections = config_.maxConnections;
    options.handlerTimeout = config_.requestTimeout;
    options.tlsCertFile = config_.tlsCert;
    options.tlsKeyFile = config_.tlsKey;
    options.accessLog = [](const http::AccessLogEntry& e) {
        log::write({{"level", "info"},
                    {"request_id", e.requestId},
                    {"method", e.method},
                    {"path", e.path},
                    {"status", e.status},
                    {"ms", std::round(e.ms * 100) / 100},
                    {"user", e.user},
                    {"address", e.remoteAddress}});
    };
    auto router = std::make_shared<api::Router>(*this);
    http_ = std::make_unique<http::HttpServer>(
        options, [router](http::Request&& request, http::Responder respond) {
            router->handle(std::move(request), std::move(respond));
        });
    http_->start();
    log::info("listening", {{"address", config_.listenHost},
                            {"port", http_->port()},
                            {"tls", config_.tlsCert.has_value()},
                            {"instance", config_.instanceId},
                            {"version", kServerVersion}});
    http_->wait();
    // Requests in flight have been answered; now let queued work finish.
    db_->stop();
    hashPool_->stop();
    log::info("stopped");
}

void App::stop() {
    if (http_) {
        http_->stop();
    }
}

}  // namespace opsdesk::server
