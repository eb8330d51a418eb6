#include "promotions/price_book.h"

#include <algorithm>
#include <charconv>
#include <pqxx/pqxx>
#include <unordered_map>
#include <unordered_set>

#include "cache/change_listener.h"
#include "core/log.h"
#include "core/thread_name.h"
#include "db/db_pool.h"
#include "promotions/promotion_sql.h"
#include "promotions/promotions_internal.h"
#include "promotions/virtual_category_sql.h"

namespace opsdesk::server::promotions {

namespace {

// Entries also expire: not for correctness (the generation sees to that) but so that what nobody
// asks for any more leaves memory.
constexpr auto kEntryLifetime = std::chrono::minutes(10);
// How many wanted SKUs are remembered, and taken along by one read of the database.
constexpr std::size_t kMaxWanted = 20'000;
constexpr std::size_t kWantedPerRead = 2'000;

// "1,2,3" (PostgreSQL's string_agg of ids) → ids.
std::vector<std::int64_t> idList(std::string_view text) {
    std::vector<std::int64_t> out;
    const char* p = text.data();
    const char* end = p + text.size();
    while (p < end) {
        std::int64_t v = 0;
        const auto [next, ec] = std::from_chars(p, end, v);
        if (ec != std::errc{}) {
            break;
        }
        out.push_back(v);
        p = next < end ? next + 1 : end;
    }
    return out;
}

std::string arrayLiteral(const std::vector<std::string>& keys) {
    std::string out = "{";
    for (std::size_t i = 0; i < keys.size(); ++i) {
        out += i ? ",\"" : "\"";
        for (const char ch : keys[i]) {  // SKU names are checked before; quoted all the same
            if (ch == '"' || ch == '\\') {
                out += '\\';
            }
            out += ch;
        }
        out += '"';
    }
    return out + "}";
}

constexpr const char* kPromotionsSql = R"sql(
SELECT pr.id, pr.kind, extract(epoch FROM pr.starts_at)::bigint,
       extract(epoch FROM )sql" OPSDESK_SQL_PROMOTION_END R"sql()::bigint,
       floor(extract(epoch FROM fs.sold_out_at))::bigint, pr.priority, pr.exclusive,
       coalesce(pr.percent, 0), coalesce(pr.amount_minor, 0), coalesce(pr.price_minor, 0),
       coalesce(pr.buy, 0), coalesce(pr.get, 0),
       coalesce(string_agg(t.sku_id::text, ','), ''),
       coalesce(string_agg(t.category_id::text, ','), ''),
       coalesce(string_agg(t.virtual_category_id::text, ','), '')
FROM promotions pr
LEFT JOIN flash_sale_stock fs ON fs.promotion_id = pr.id
LEFT JOIN promotion_targets t ON t.promotion_id = pr.id
WHERE )sql" OPSDESK_SQL_PROMOTION_END R"sql( > pr.starts_at
GROUP BY pr.id, fs.sold_out_at
)sql";

}  // namespace

// Everything a SKU's promotions are found with, read once per catalog generation: a SKU is
// targeted directly, through its product's category or one of that category's ancestors, or
// through a virtual category its product belongs to.
struct PriceBook::Index {
    std::vector<Terms> promotions;
    std::unordered_map<std::int64_t, std::vector<std::size_t>> bySku, byCategory, byVirtual;
    std::unordered_map<std::int64_t, std::int64_t> parentOf;
    // The rule virtual categories promotions target, with their membership condition on `p`.
    std::vector<std::pair<std::int64_t, std::string>> rules;

    // The promotions of a SKU of `categoryId`'s product, in the virtual categories `virtuals`.
    std::vector<Terms> targeting(std::int64_t skuId, std::int64_t categoryId,
                                 const std::vector<std::int64_t>& virtuals) const {
        std::vector<std::size_t> found;
        const auto add = [&](const auto& map, std::int64_t key) {
            if (const auto it = map.find(key); it != map.end()) {
                found.insert(found.end(), it->second.begin(), it->second.end());
            }
        };
        add(bySku, skuId);
        // Up the tree; the walk stops after as many steps as there are categories, cycle or not.
        for (std::size_t steps = 0; categoryId != 0 && steps <= parentOf.size(); ++steps) {
            add(byCategory, categoryId);
            const auto up = parentOf.find(categoryId);
            categoryId = up == parentOf.end() ? 0 : up->second;
        }
        for (const auto v : virtuals) {
            add(byVirtual, v);
        }
        std::sort(found.begin(), found.end());
        found.erase(std::unique(found.begin(), found.end()), found.end());
        std::vector<Terms> out;
        out.reserve(found.size());
        for (const auto i : found) {
            out.push_back(promotions[i]);
        }
        return out;
    }
};

PriceBook::PriceBook(cache::ChangeListener& changes, std::size_t maxSkus)
    : changes_(changes), skus_(maxSkus) {}

PriceBook::~PriceBook() = default;

SkuPricesPtr PriceBook::find(const std::string& key) {
    const auto generation = changes_.cacheableCatalogGeneration();
    if (generation == 0) {
        return nullptr;
    }
    const std::lock_guard lock(mutex_);
    const auto* kept = skus_.find(key, generation);
    return kept ? *kept : nullptr;
}

std::shared_ptr<const PriceBook::Index> PriceBook::index(pqxx::transaction_base& tx,
                                                         std::uint64_t generation) {
    if (generation != 0) {
        const std::lock_guard lock(mutex_);
        if (index_ && indexGeneration_ == generation) {
            return index_;
        }
    }
    auto index = std::make_shared<Index>();
    for (const auto& row : tx.exec(kPromotionsSql)) {
        Terms t;
        t.id = row[0].as<std::int64_t>();
        t.kind = kindFromString(row[1].c_str()).value_or(Kind::Percent);
        t.starts = row[2].as<Second>();
        t.ends = row[3].as<Second>();
        t.soldOut = row[4].is_null() ? kNever : row[4].as<Second>();
        t.priority = row[5].as<int>();
        t.exclusive = row[6].as<bool>();
        t.percent = row[7].as<std::int64_t>();
        t.amountMinor = row[8].as<std::int64_t>();
        t.flashPriceMinor = row[9].as<std::int64_t>();
        t.buy = row[10].as<int>();
        t.get = row[11].as<int>();
        const auto at = index->promotions.size();
        for (const auto id : idList(row[12].c_str())) {
            index->bySku[id].push_back(at);
        }
        for (const auto id : idList(row[13].c_str())) {
            index->byCategory[id].push_back(at);
        }
        for (const auto id : idList(row[14].c_str())) {
            index->byVirtual[id].push_back(at);
        }
        index->promotions.push_back(t);
    }
    for (const auto& row : tx.exec("SELECT id, coalesce(parent_id, 0) FROM categories")) {
        index->parentOf.emplace(row[0].as<std::int64_t>(), row[1].as<std::int64_t>());
    }
    for (const auto& row : tx.exec(
             "SELECT id, kind, rule::text FROM virtual_categories WHERE kind = 'rule' AND id IN "
             "(SELECT virtual_category_id FROM promotion_targets "
             "WHERE virtual_category_id IS NOT NULL) ORDER BY id")) {
        const auto id = row[0].as<std::int64_t>();
        index->rules.emplace_back(
            id, membershipCondition(id, row[1].c_str(), row[2].c_str(), tx.conn(), "p"));
    }
    if (generation != 0) {
        const std::lock_guard lock(mutex_);
        index_ = index;
        indexGeneration_ = generation;
    }
    return index;
}

std::vector<SkuPricesPtr> PriceBook::get(pqxx::connection& c, const std::vector<std::string>& keys,
                                         bool fresh) {
    std::vector<SkuPricesPtr> out(keys.size());
    std::vector<std::string> missing;
    for (std::size_t i = 0; i < keys.size(); ++i) {
        out[i] = fresh ? nullptr : find(keys[i]);
        if (!out[i]) {
            missing.push_back(keys[i]);
        }
    }
    if (missing.empty()) {
        return out;
    }
    // The generation before the snapshot: a change committed after it moves the generation and
    // what is stored now is never used; one committed before it is in what is read.
    const auto generation = fresh ? 0 : changes_.cacheableCatalogGeneration();
    std::vector<std::string> extra;  // wanted by requests queued behind this one
    if (generation != 0) {
        const std::lock_guard lock(mutex_);
        for (auto it = wanted_.begin(); it != wanted_.end() && extra.size() < kWantedPerRead;) {
            if (std::find(missing.begin(), missing.end(), *it) == missing.end()) {
                extra.push_back(*it);
            }
            it = wanted_.erase(it);
        }
        missing.insert(missing.end(), extra.begin(), extra.end());
    }
    pqxx::transaction<pqxx::repeatable_read, pqxx::read_only> tx(c);
    const auto index = this->index(tx, generation);
    // Which rule virtual categories each product is in: the rules' own conditions, in one query.
    std::string rules = "''";
    if (!index->rules.empty()) {
        rules = "concat_ws(','";
        for (const auto& [id, condition] : index->rules) {
            rules += ", CASE WHEN " + condition + " THEN '" + std::to_string(id) + "' END";
        }
        rules += ")";
    }
    const auto rows = tx.exec_params(
        "SELECT s.id, lower(s.sku), s.sku, s.currency, s.price_minor, "
        "coalesce(p.category_id, 0), "
        "coalesce((SELECT string_agg(m.virtual_category_id::text, ',') "
        "FROM virtual_category_products m WHERE m.product_id = p.id), ''), " +
            rules +
            ", coalesce((SELECT string_agg(floor(extract(epoch FROM h.at))::bigint || ':' || "
            "h.to_minor, ',' ORDER BY h.at, h.id) FROM price_history h WHERE h.sku_id = s.id), "
            "'') "
            "FROM skus s JOIN products p ON p.id = s.product_id "
            "WHERE lower(s.sku) = ANY ($1::text[])",
        arrayLiteral(missing));
    tx.commit();

    std::unordered_map<std::string, SkuPricesPtr> loaded;
    for (const auto& row : rows) {
        auto entry = std::make_shared<SkuPrices>();
        entry->skuId = row[0].as<std::int64_t>();
        entry->sku = row[2].as<std::string>();
        entry->currency = row[3].as<std::string>();
        const auto current = row[4].as<std::int64_t>();
        auto virtuals = idList(row[6].c_str());
        const auto byRule = idList(row[7].c_str());
        virtuals.insert(virtuals.end(), byRule.begin(), byRule.end());
        // The list price: its history, each change from the second it was made in; the latest
        // is the SKU's price as it is now (also when it was changed without a history row).
        std::vector<ListPrice> list;
        std::string_view history = row[8].c_str();
        while (!history.empty()) {
            const auto comma = history.find(',');
            const auto item = history.substr(0, comma);
            const auto colon = item.find(':');
            ListPrice l;
            std::from_chars(item.data(), item.data() + colon, l.from);
            std::from_chars(item.data() + colon + 1, item.data() + item.size(), l.minor);
            if (!list.empty() && list.back().from == l.from) {
                list.back() = l;  // several changes within one second: the last holds
            } else {
                list.push_back(l);
            }
            history =
                comma == std::string_view::npos ? std::string_view() : history.substr(comma + 1);
        }
        if (list.empty()) {
            list.push_back({kBeginning, current});
        }
        list.back().minor = current;
        const auto terms = index->targeting(entry->skuId, row[5].as<std::int64_t>(), virtuals);
        entry->schedule = Schedule(list, terms);
        for (const auto& t : terms) {
            entry->promotionIds.push_back(t.id);
        }
        loaded.emplace(row[1].as<std::string>(), std::move(entry));
    }
    const auto expires = cache::GenerationLru<SkuPricesPtr>::Clock::now() + kEntryLifetime;
    const std::lock_guard lock(mutex_);
    for (std::size_t i = 0; i < keys.size(); ++i) {
        if (out[i]) {
            continue;
        }
        auto it = loaded.find(keys[i]);
        out[i] = it != loaded.end() ? it->second : std::make_shared<const SkuPrices>();
        if (generation != 0) {
            skus_.store(keys[i], generation, expires, out[i], 1);
        }
    }
    for (const auto& key : extra) {
        const auto it = loaded.find(key);
        skus_.store(key, generation, expires,
                    it != loaded.end() ? it->second : std::make_shared<const SkuPrices>(), 1);
    }
    return out;
}

void PriceBook::want(const std::vector<std::string>& keys) {
    const std::lock_guard lock(mutex_);
    for (const auto& key : keys) {
        if (wanted_.size() >= kMaxWanted) {
            return;
        }
        wanted_.insert(key);
    }
}

Storefront::Storefront(cache::ChangeListener& changes, std::size_t maxSkus)
    : changes_(changes), prices_(changes, maxSkus) {}

Storefront::~Storefront() {
    stop();
}

void Storefront::start(db::DbPool& pool) {
    pool_ = &pool;
    stopping_ = false;
    thread_ = std::thread([this] {
        nameThisThread("flash-stock");
        run();
    });
}

void Storefront::stop() {
    {
        const std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_.notify_all();
    if (thread_.joinable()) {
        thread_.join();
    }
}

void Storefront::stockUntold(std::int64_t promotionId) {
    {
        const std::lock_guard lock(mutex_);
        if (!untold_.insert(promotionId).second) {
            return;
        }
    }
    wake_.notify_all();
}

void Storefront::run() {
    std::unique_lock lock(mutex_);
    while (!stopping_) {
        wake_.wait(lock, [this] { return stopping_ || !untold_.empty(); });
        // A second for more claims to come: they publish themselves once that second is over.
        if (wake_.wait_for(lock, std::chrono::seconds(1), [this] { return stopping_; })) {
            break;
        }
        std::vector<std::int64_t> ids(untold_.begin(), untold_.end());
        untold_.clear();
        lock.unlock();
        const bool queued = pool_->trySubmit(
            [ids](pqxx::connection& c) {
                try {
                    publishUntoldStock(c, ids);
                } catch (const std::exception& e) {
                    log::warn("could not publish flash-sale stock", {{"what", e.what()}});
                }
            },
            [] {});
        if (!queued) {
            log::warn("could not publish flash-sale stock: the database queue is full");
        }
        lock.lock();
    }
}

}  // namespace opsdesk::server::promotions
