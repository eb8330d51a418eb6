#include "cache/change_listener.h"

#include <pqxx/pqxx>

#include "core/log.h"
#include "core/thread_name.h"
#include "feed/outbox.h"

namespace opsdesk::server::cache {

namespace {

constexpr const char* kAuthChannel = "opsdesk_auth";        // migration 0007's triggers
constexpr const char* kCatalogChannel = "opsdesk_catalog";  // migrations 0011 and 0012

class Counter : public pqxx::notification_receiver {
public:
    Counter(pqxx::connection_base& c, const std::string& channel,
            std::atomic<std::uint64_t>& counter, std::function<void()> then = {})
        : pqxx::notification_receiver(c, channel), counter_(counter), then_(std::move(then)) {}
    void operator()(const std::string&, int) override {
        counter_.fetch_add(1, std::memory_order_acq_rel);
        if (then_) {
            then_();
        }
    }

private:
    std::atomic<std::uint64_t>& counter_;
    std::function<void()> then_;
};

}  // namespace

ChangeListener::ChangeListener(Options options) : options_(std::move(options)) {}

ChangeListener::~ChangeListener() {
    stop();
}

void ChangeListener::start() {
    stopping_ = false;
    thread_ = std::thread([this] {
        nameThisThread("cache-listen");
        run();
    });
}

void ChangeListener::stop() {
    {
        const std::lock_guard lock(wakeMutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) {
        thread_.join();
    }
    live_ = false;
}

void ChangeListener::everythingChanged() {
    data_.fetch_add(1, std::memory_order_acq_rel);
    auth_.fetch_add(1, std::memory_order_acq_rel);
    catalog_.fetch_add(1, std::memory_order_acq_rel);
    tellAuthListeners();
}

void ChangeListener::authChanged() {
    auth_.fetch_add(1, std::memory_order_acq_rel);
    tellAuthListeners();
}

int ChangeListener::addAuthListener(std::function<void()> listener) {
    const std::lock_guard lock(listenersMutex_);
    authListeners_.emplace(++nextListener_, std::move(listener));
    return nextListener_;
}

void ChangeListener::removeAuthListener(int handle) {
    const std::lock_guard lock(listenersMutex_);
    authListeners_.erase(handle);
}

void ChangeListener::tellAuthListeners() {
    const std::lock_guard lock(listenersMutex_);
    for (const auto& [handle, listener] : authListeners_) {
        listener();
    }
}

void ChangeListener::run() {
    bool reported = false;
    while (!stopping_) {
        try {
            pqxx::connection c(options_.databaseUrl);
            {
                pqxx::nontransaction tx(c);
                tx.exec("SET application_name = 'opsdesk-cache-listener'");
            }
            Counter data(c, feed::kOutboxChannel, data_);
            Counter auth(c, kAuthChannel, auth_, [this] { tellAuthListeners(); });
            Counter catalog(c, kCatalogChannel, catalog_);
            // LISTEN is in force once the receivers exist (their constructors run it): from
            // here on no change goes unheard, so what was cached before can be forgotten.
            everythingChanged();
            live_ = true;
            if (reported) {
                log::info("cache listener is back; caches are in use again");
                reported = false;
            }
            while (!stopping_) {
                c.await_notification(0, 200'000);
            }
        } catch (const std::exception& e) {
            live_ = false;
            everythingChanged();
            if (!reported) {
                log::warn(
                    "cache listener lost its database connection; caches are bypassed "
                    "until it is back",
                    {{"what", e.what()}});
                reported = true;
            }
            std::unique_lock lock(wakeMutex_);
            wake_.wait_for(lock, options_.retryDelay, [this] { return stopping_.load(); });
        }
    }
    live_ = false;
}

}  // namespace opsdesk::server::cache
