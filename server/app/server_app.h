#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <string>

#include "auth/password.h"
#include "auth/secret_box.h"
#include "auth/throttle.h"
#include "cache/change_listener.h"
#include "cache/estimate_cache.h"
#include "cache/response_cache.h"
#include "cache/session_cache.h"
#include "core/config.h"
#include "core/worker_pool.h"
#include "db/db_pool.h"

namespace opsdesk::server {

namespace http {
class HttpServer;
}
namespace feed {
class Sequencer;
class FeedHub;
}  // namespace feed
namespace promotions {
class Storefront;
}

inline constexpr std::string_view kServerVersion = OPSDESK_VERSION;

// The running server's services. Handlers reach them through Call::app.
class App {
public:
    explicit App(Config config);
    ~App();

    const Config& config() const { return config_; }
    db::DbPool& db() { return *db_; }
    WorkerPool& hashPool() { return *hashPool_; }
    // Image decoding (libvips), off the database threads (Call::afterWork).
    WorkerPool& imagePool() { return *imagePool_; }
    // Attempts per client address: sign-in, and every other check of a password or code.
    auth::LoginThrottle& loginThrottle() { return throttle_; }
    // Checks of a password or code asked for again by a signed-in session, per session.
    auth::LoginThrottle& reauthThrottle() { return reauthThrottle_; }
    // Seals and opens two-factor secrets (--totp-key-file).
    const auth::SecretBox& secrets() const { return secrets_; }
    auth::ScryptParams scryptParams() const { return {config_.scryptLog2N, 8, 1}; }
    // A hash of nothing in particular, verified when a username is unknown so that the answer
    // takes as long as for a real user.
    const std::string& dummyHash() const { return dummyHash_; }

    // What other instances changed (LISTEN/NOTIFY) and the caches kept correct by it.
    cache::ChangeListener& changes() { return changes_; }
    cache::SessionCache& sessionCache() { return sessionCache_; }
    cache::ResponseCache& listCache() { return listCache_; }
    cache::EstimateCache& estimateCache() { return estimateCache_; }
    // The storefront's price book and flash-sale bookkeeping (server/promotions/price_book.h).
    promotions::Storefront& storefront() { return *storefront_; }

    // Migrates, starts listening and serves until stop(). Throws with a readable message when
    // it cannot start.
    void serve();
    void stop();

private:
    void sealTotpSecrets(pqxx::connection& connection);

    Config config_;
    std::unique_ptr<db::DbPool> db_;
    std::unique_ptr<WorkerPool> hashPool_;
    std::unique_ptr<WorkerPool> imagePool_;
    auth::LoginThrottle throttle_;
    auth::LoginThrottle reauthThrottle_;
    auth::SecretBox secrets_;
    std::string dummyHash_;
    cache::ChangeListener changes_;
    cache::SessionCache sessionCache_;
    cache::ResponseCache listCache_;
    cache::EstimateCache estimateCache_;
    std::unique_ptr<promotions::Storefront> storefront_;
    std::unique_ptr<feed::Sequencer> sequencer_;
    std::unique_ptr<feed::FeedHub> hub_;
    // stop() may come from the signal thread at any moment, also before http_ exists.
    std::mutex stopMutex_;
    bool stopRequested_ = false;
    std::unique_ptr<http::HttpServer> http_;
};

}  // namespace opsdesk::server
