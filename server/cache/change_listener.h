#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>

namespace opsdesk::server::cache {

// What this instance has heard of other instances' (and its own) changes, as counters that only
// grow: `data` moves whenever an event is committed (every order change writes one, see
// feed/outbox.h), `auth` whenever sessions, users, roles, their permissions or the security
// settings change (the triggers of migration 0007), `catalog` whenever categories, products,
// SKUs, virtual categories, promotions or a flash sale's sold-out state change (the triggers of
// migrations 0011 and 0012 on channel opsdesk_catalog). A cache stores what it computed together
// with the counter it read *before* computing it, and may answer from it only while the counter
// still has that value: a change committed after the computation's snapshot moves the counter,
// one committed before it is in the answer.
//
// One thread and one database connection LISTEN on opsdesk_outbox, opsdesk_auth and
// opsdesk_catalog. While that connection is down nothing can be trusted: live() is false, every
// counter moves when it is lost and again when it is back (whatever changed meanwhile is
// forgotten), and caches are bypassed.
class ChangeListener {
public:
    struct Options {
        std::string databaseUrl;
        std::chrono::milliseconds retryDelay{1000};
    };
    explicit ChangeListener(Options options);
    ~ChangeListener();
    ChangeListener(const ChangeListener&) = delete;
    ChangeListener& operator=(const ChangeListener&) = delete;

    void start();
    void stop();

    bool live() const { return live_.load(std::memory_order_acquire); }
    std::uint64_t dataGeneration() const { return data_.load(std::memory_order_acquire); }
    std::uint64_t authGeneration() const { return auth_.load(std::memory_order_acquire); }
    std::uint64_t catalogGeneration() const { return catalog_.load(std::memory_order_acquire); }
    // The data generation a cache may store and answer under now: 0 while the connection is
    // down, when nothing may be cached or answered from a cache.
    std::uint64_t cacheableDataGeneration() const { return live() ? dataGeneration() : 0; }
    // The same for what is kept of the catalog (the storefront's price book).
    std::uint64_t cacheableCatalogGeneration() const { return live() ? catalogGeneration() : 0; }

    // For this instance's own writes, right after they commit: its next request must not wait
    // for the notification to come round.
    void dataChanged() { data_.fetch_add(1, std::memory_order_acq_rel); }
    void catalogChanged() { catalog_.fetch_add(1, std::memory_order_acq_rel); }
    void authChanged();

    // Called whenever the auth counter moves (a session, user, role or setting changed, here or
    // on another instance, or the connection was lost or is back), on whichever thread moved it:
    // must return at once. The live feed re-checks its sessions on it. Returns a handle for
    // removeAuthListener().
    int addAuthListener(std::function<void()> listener);
    void removeAuthListener(int handle);

private:
    void run();
    void everythingChanged();
    void tellAuthListeners();

    Options options_;
    std::atomic<bool> live_{false};
    std::atomic<std::uint64_t> data_{1};
    std::atomic<std::uint64_t> auth_{1};
    std::atomic<std::uint64_t> catalog_{1};
    std::atomic<bool> stopping_{false};
    std::mutex wakeMutex_;
    std::condition_variable wake_;
    std::thread thread_;
    std::mutex listenersMutex_;
    std::map<int, std::function<void()>> authListeners_;
    int nextListener_ = 0;
};

}  // namespace opsdesk::server::cache
