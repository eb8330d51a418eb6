#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <memory>
#include <mutex>
#include <pqxx/connection>
#include <set>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

#include "cache/generation_lru.h"
#include "promotions/pricing.h"

namespace opsdesk::server::cache {
class ChangeListener;
}
namespace opsdesk::server::db {
class DbPool;
}

namespace opsdesk::server::promotions {

// One SKU as the price book keeps it: its answer for every second (list prices over time and the
// promotions that target it, start, end and sell-out included), so any `at` is answered from
// memory and exactly at every boundary, with no job that rebuilds anything when a promotion
// starts or ends.
struct SkuPrices {
    std::int64_t skuId = 0;  // 0: no such SKU (kept too, so that asking for it again is cheap)
    std::string sku;         // as stored ("TEA-001")
    std::string currency;
    Schedule schedule;
    std::vector<std::int64_t> promotionIds;  // every promotion that targets it, in id order
};
using SkuPricesPtr = std::shared_ptr<const SkuPrices>;

// The storefront's prices, per instance, kept exact the way the orders list cache is
// (docs/ARCHITECTURE.md): every entry is stored with the catalog generation read before the
// database was, and used only while that generation is current. The generation moves with every
// notification on opsdesk_catalog (any change to categories, products, SKUs, their price history,
// virtual categories, promotions, or a flash sale selling out — whoever made it, psql included)
// and with this instance's own writes; while the listener is down nothing is kept or used.
class PriceBook {
public:
    PriceBook(cache::ChangeListener& changes, std::size_t maxSkus);
    ~PriceBook();

    // The SKU (its name in lower case) from memory; null when memory holds nothing current.
    SkuPricesPtr find(const std::string& key);
    // Memory first, then one read of the database for the rest (kept when the generation allows):
    // one entry per key, in order. `fresh`: from the database only, as it is now (for a decision
    // that must not wait for another instance's notification to come round).
    std::vector<SkuPricesPtr> get(pqxx::connection& c, const std::vector<std::string>& keys,
                                  bool fresh = false);

    // SKUs a request is about to ask the database for: the next read of the database takes
    // them along (up to a few thousand at once), so that after the catalog changed the book fills
    // in a few reads instead of one per SKU while the requests behind wait their turn.
    void want(const std::vector<std::string>& keys);

    struct Index;  // the promotions, the rules and the category tree SKUs are resolved against

private:
    std::shared_ptr<const Index> index(pqxx::transaction_base& tx, std::uint64_t generation);

    cache::ChangeListener& changes_;
    std::mutex mutex_;
    cache::GenerationLru<SkuPricesPtr> skus_;
    std::unordered_set<std::string> wanted_;
    std::shared_ptr<const Index> index_;
    std::uint64_t indexGeneration_ = 0;
};

// What the storefront side of promotions keeps per instance: the price book, and the stock of
// flash sales still to be told to the desks (claims publish promotion.updated about once a
// second; what a last burst of claims left untold is published a second later from here).
class Storefront {
public:
    explicit Storefront(cache::ChangeListener& changes, std::size_t maxSkus = 500'000);
    ~Storefront();
    Storefront(const Storefront&) = delete;
    Storefront& operator=(const Storefront&) = delete;

    PriceBook& prices() { return prices_; }
    cache::ChangeListener& changes() { return changes_; }

    void start(db::DbPool& pool);
    void stop();
    // A claim on `promotionId` committed without publishing its stock.
    void stockUntold(std::int64_t promotionId);

private:
    void run();

    cache::ChangeListener& changes_;
    PriceBook prices_;
    db::DbPool* pool_ = nullptr;
    std::mutex mutex_;
    std::condition_variable wake_;
    std::set<std::int64_t> untold_;
    bool stopping_ = false;
    std::thread thread_;
};

}  // namespace opsdesk::server::promotions
