#include "app/server_app.h"

#include <sys/stat.h>

#include <boost/json/serialize.hpp>

#include "api/router.h"
#include "auth/account.h"
#include "catalog/image_codec.h"
#include "core/api_error.h"
#include "core/log.h"
#include "db/migrations.h"
#include "feed/hub.h"
#include "feed/sequencer.h"
#include "http/server.h"
#include "promotions/price_book.h"

namespace opsdesk::server {

App::App(Config config)
    : config_(std::move(config)),
      db_(std::make_unique<db::DbPool>(config_.databaseUrl, config_.dbThreads)),
      hashPool_(std::make_unique<WorkerPool>(config_.hashThreads, config_.hashQueueLimit,
                                             std::function<void()>{}, "hash")),
      imagePool_(std::make_unique<WorkerPool>(config_.imageThreads, config_.imageQueueLimit,
                                              std::function<void()>{}, "image")),
      throttle_(config_.loginRatePerMinute),
      reauthThrottle_(config_.reauthRatePerMinute),
      secrets_(config_.totpKeyFile ? auth::SecretBox::fromFile(*config_.totpKeyFile)
                                   : auth::SecretBox{}),
      dummyHash_(auth::hashPassword("not a password anybody has", scryptParams())),
      changes_({config_.databaseUrl}),
      sessionCache_(config_.sessionCacheTtl),
      listCache_(config_.listCacheTtl, config_.listCacheBytes),
      estimateCache_(std::chrono::seconds(3), 2000),
      storefront_(std::make_unique<promotions::Storefront>(changes_)) {}

App::~App() {
    stop();
}

void App::sealTotpSecrets(pqxx::connection& connection) {
    if (!secrets_.hasKey()) {
        log::warn(
            "two-factor secrets are stored unencrypted: give the server a key with "
            "--totp-key-file (docs/DEPLOY.md)");
        return;
    }
    struct stat st {};
    if (::stat(config_.totpKeyFile->c_str(), &st) == 0 && (st.st_mode & 077) != 0) {
        log::warn("the TOTP key file can be read by others than its owner: chmod 600 it",
                  {{"file", *config_.totpKeyFile}});
    }
    // Secrets from before there was a key, or sealed with a key being rotated out, are sealed
    // with the current key now.
    const auto sealed = auth::sealTotpSecrets(connection, secrets_);
    log::info("two-factor secrets sealed", {{"key_id", secrets_.currentKeyId()},
                                            {"sealed_now", sealed.sealedNow},
                                            {"unreadable", sealed.unreadable}});
    if (sealed.unreadable > 0) {
        log::error(
            "some two-factor secrets are sealed with a key this server does not have: their "
            "users cannot sign in until the key is back in --totp-key-file",
            {{"count", sealed.unreadable}});
    }
}

void App::serve() {
    {
        auto connection = db::connect(config_.databaseUrl);
        const auto applied = db::migrate(
            *connection, db::loadMigrations(db::embeddedMigrationFiles()),
            [](const db::Migration& m) {
                log::info("applying migration", {{"version", m.version}, {"name", m.name}});
            });
        log::info("database ready", {{"database", config_.databaseDescription()},
                                     {"migrations_applied", applied.size()}});
        sealTotpSecrets(*connection);
    }

    catalog::startImageCodec();

    http::ServerOptions options;
    options.host = config_.listenHost;
    options.port = config_.listenPort;
    options.ioThreads = config_.ioThreads;
    options.maxBodyBytes = config_.maxBodyBytes;
    options.maxConnections = config_.maxConnections;
    options.handlerTimeout = config_.requestTimeout;
    options.tlsCertFile = config_.tlsCert;
    options.tlsKeyFile = config_.tlsKey;
    options.accessLog = [](const http::AccessLogEntry& e) { log::request(e); };
    // Always: the live feed re-checks its sessions when it hears of a change, whether or not
    // the caches are on.
    changes_.start();
    storefront_->start(*db_);
    feed::Sequencer::Options sequencing;
    sequencing.databaseUrl = config_.databaseUrl;
    sequencing.retention = config_.eventRetention;
    sequencer_ = std::make_unique<feed::Sequencer>(sequencing);
    sequencer_->start();
    hub_ = std::make_unique<feed::FeedHub>(*this);
    hub_->start();
    http::WebSocketOptions feedOptions;
    feedOptions.pingInterval = config_.feedPingInterval;
    feedOptions.maxQueuedBytes = config_.feedMaxQueuedBytes;
    feedOptions.socketSendBufferBytes = config_.feedSocketSendBuffer;
    feedOptions.maxMessageBytes = 64 * 1024;
    options.webSockets.push_back(
        {"/api/v1/feed",
         [hub = hub_.get()](const http::Request& upgrade, std::shared_ptr<http::WebSocket> ws) {
             hub->accept(upgrade, std::move(ws));
         },
         feedOptions});

    auto router = std::make_shared<api::Router>(*this);
    options.maxBodyBytesFor = [router](std::string_view method, std::string_view path) {
        return router->maxBodyBytes(method, path);
    };
    options.spoolBodyFor = [router](std::string_view method, std::string_view path) {
        return router->spoolsBody(method, path);
    };
    {
        const std::lock_guard lock(stopMutex_);
        if (stopRequested_) {
            hub_->stop();
            sequencer_->stop();
            storefront_->stop();
            changes_.stop();
            log::info("stopped before serving");
            return;
        }
        http_ = std::make_unique<http::HttpServer>(
            options, [router](http::Request&& request, http::Responder respond) {
                router->handle(std::move(request), std::move(respond));
            });
    }
    http_->start();
    log::info("listening", {{"address", config_.listenHost},
                            {"port", http_->port()},
                            {"tls", config_.tlsCert.has_value()},
                            {"instance", config_.instanceId},
                            {"version", kServerVersion}});
    http_->wait();
    // Requests in flight have been answered and feeds closed; now let queued work finish.
    hub_->stop();
    sequencer_->stop();
    storefront_->stop();
    changes_.stop();
    db_->stop();
    hashPool_->stop();
    imagePool_->stop();
    log::info("stopped");
}

void App::stop() {
    const std::lock_guard lock(stopMutex_);
    stopRequested_ = true;
    if (http_) {
        http_->stop();
    }
}

}  // namespace opsdesk::server
