// Promotions: percentage, fixed amount, buy-x-get-y and flash sales on SKUs, categories and
// virtual categories, each in force from its start second to its end second. Every write is
// one transaction with its audit row and its promotion.updated event; the answer of a create or
// a change lists the other promotions on any of the same SKUs at the same time.

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <pqxx/pqxx>

#include "api/date_range.h"
#include "api/paging.h"
#include "app/server_app.h"
#include "audit/audit.h"
#include "core/api_error.h"
#include "core/log.h"
#include "db/like_pattern.h"
#include "feed/outbox.h"
#include "promotions/fields.h"
#include "promotions/price_book.h"
#include "promotions/promotion_sql.h"
#include "promotions/promotions.h"
#include "promotions/promotions_internal.h"
#include "promotions/virtual_category_sql.h"

namespace opsdesk::server::promotions {

namespace {

using protocol::ErrorCode;

constexpr std::size_t kMaxTargetSkus = 1000;
constexpr std::size_t kMaxTargetCategories = 100;
constexpr Second kMaxDuration = 366 * 86400;
constexpr std::int64_t kMaxMinor = 1'000'000'000'000;
constexpr std::int64_t kMaxStockCap = 10'000'000;
// Overlaps are worked out after the write has committed, in at most this long: they inform,
// they never hold a write back.
constexpr const char* kOverlapTimeout = "SET LOCAL statement_timeout = '5s'";
constexpr int kOverlapCandidates = 500;
constexpr int kOverlapSample = 5;

// A promotion as a create or a change describes it; a change starts from the stored one.
struct Draft {
    std::string name;
    Kind kind = Kind::Percent;
    Second starts = 0;
    Second ends = 0;
    int priority = 0;
    bool exclusive = false;
    std::optional<std::int64_t> percent, amountMinor, buy, get, priceMinor, stockCap,
        perCustomerLimit;
    std::vector<std::string> skus;  // as given; resolved to ids when written
    std::vector<std::int64_t> categoryIds;
    std::vector<std::int64_t> virtualCategoryIds;
    bool targetsGiven = false;
};

// The members of `body` that apply to a draft, over what it has already.
void readDraft(const boost::json::object& body, Fields& f, Draft& d, bool creating) {
    f.onlyKnown(body, {"name", "kind", "starts_at", "ends_at", "targets", "priority", "exclusive",
                       "percent", "amount_minor", "buy", "get", "price_minor", "stock_cap",
                       "per_customer_limit"});
    if (auto name = f.text(body, "name", "name", 200, creating)) {
        d.name = std::move(*name);
    }
    if (const auto kind = f.text(body, "kind", "kind", 20, creating)) {
        const auto k = kindFromString(*kind);
        if (!k) {
            f.fail("kind", "must be percent, amount, buy_x_get_y or flash_sale");
        } else if (!creating && *k != d.kind) {
            f.fail("kind", "cannot change; end this promotion and create another");
        } else {
            d.kind = *k;
        }
    }
    if (const auto t = f.time(body, "starts_at", "starts_at", creating)) {
        d.starts = *t;
    }
    if (const auto t = f.time(body, "ends_at", "ends_at", creating)) {
        d.ends = *t;
    }
    if (const auto p = f.integer(body, "priority", "priority", -1000, 1000)) {
        d.priority = int(*p);
    }
    if (const auto e = f.boolean(body, "exclusive", "exclusive")) {
        d.exclusive = *e;
    }
    const auto param = [&](const char* key, std::optional<std::int64_t>& into, std::int64_t min,
                           std::int64_t max) {
        if (const auto v = f.integer(body, key, key, min, max)) {
            into = v;
        }
    };
    param("percent", d.percent, 1, 99);
    param("amount_minor", d.amountMinor, 1, kMaxMinor);
    param("buy", d.buy, 1, 100);
    param("get", d.get, 1, 100);
    param("price_minor", d.priceMinor, 0, kMaxMinor);
    param("stock_cap", d.stockCap, 1, kMaxStockCap);
    param("per_customer_limit", d.perCustomerLimit, 1, kMaxStockCap);

    const auto* targets = body.if_contains("targets");
    if (targets && !targets->is_null()) {
        d.targetsGiven = true;
        if (!targets->is_object()) {
            f.fail("targets", "must be an object with skus, category_ids, virtual_category_ids");
            return;
        }
        const auto& t = targets->as_object();
        f.onlyKnown(t, {"skus", "category_ids", "virtual_category_ids"}, "targets.");
        d.skus = f.texts(t, "skus", "targets.skus", kMaxTargetSkus, 64).value_or(d.skus);
        for (const auto& sku : d.skus) {
            if (!plausibleSku(sku)) {
                f.fail("targets.skus", "not a SKU: " + sku);
            }
        }
        d.categoryIds = f.ids(t, "category_ids", "targets.category_ids", kMaxTargetCategories)
                            .value_or(std::vector<std::int64_t>{});
        d.virtualCategoryIds =
            f.ids(t, "virtual_category_ids", "targets.virtual_category_ids", kMaxTargetCategories)
                .value_or(std::vector<std::int64_t>{});
    } else if (creating) {
        f.fail("targets", "required");
    }
}

// What must hold of the whole draft, whichever members it came from.
void checkDraft(const Draft& d, Fields& f) {
    if (!f.ok()) {
        return;  // the members' own problems first
    }
    if (d.ends <= d.starts) {
        f.fail("ends_at", "must be after starts_at");
    } else if (d.ends - d.starts > kMaxDuration) {
        f.fail("ends_at", "at most 366 days after starts_at");
    }
    if (d.targetsGiven && d.skus.empty() && d.categoryIds.empty() && d.virtualCategoryIds.empty()) {
        f.fail("targets", "name at least one SKU, category or virtual category");
    }
    const auto kindName = std::string(toString(d.kind));
    const auto need = [&](const char* key, const std::optional<std::int64_t>& v, bool needed) {
        if (needed && !v) {
            f.fail(key, "required for a " + kindName + " promotion");
        } else if (!needed && v) {
            f.fail(key, "not used by a " + kindName + " promotion");
        }
    };
    need("percent", d.percent, d.kind == Kind::Percent);
    need("amount_minor", d.amountMinor, d.kind == Kind::Amount);
    need("buy", d.buy, d.kind == Kind::BuyXGetY);
    need("get", d.get, d.kind == Kind::BuyXGetY);
    need("price_minor", d.priceMinor, d.kind == Kind::FlashSale);
    need("stock_cap", d.stockCap, d.kind == Kind::FlashSale);
    need("per_customer_limit", d.perCustomerLimit, d.kind == Kind::FlashSale);
    if (d.stockCap && d.perCustomerLimit && *d.perCustomerLimit > *d.stockCap) {
        f.fail("per_customer_limit", "must not be above stock_cap");
    }
}

// Replaces the promotion's targets with the draft's; 422 naming what does not exist.
void writeTargets(pqxx::transaction_base& tx, std::int64_t id, const Draft& d) {
    std::vector<std::string> keys;
    for (const auto& s : d.skus) {
        keys.push_back(skuKey(s));
    }
    std::string skuArray = "{";
    for (std::size_t i = 0; i < keys.size(); ++i) {
        skuArray += (i ? ",\"" : "\"") + keys[i] + "\"";  // plausibleSku: nothing to escape
    }
    skuArray += "}";
    const auto check = tx.exec_params(
        "SELECT (SELECT coalesce(string_agg(k, ', ' ORDER BY k), '') FROM unnest($1::text[]) k "
        "        WHERE NOT EXISTS (SELECT 1 FROM skus s WHERE lower(s.sku) = k)), "
        "       (SELECT coalesce(string_agg(x::text, ', ' ORDER BY x), '') "
        "        FROM unnest($2::bigint[]) x "
        "        WHERE NOT EXISTS (SELECT 1 FROM categories c WHERE c.id = x)), "
        "       (SELECT coalesce(string_agg(x::text, ', ' ORDER BY x), '') "
        "        FROM unnest($3::bigint[]) x "
        "        WHERE NOT EXISTS (SELECT 1 FROM virtual_categories v WHERE v.id = x))",
        skuArray, idArray(d.categoryIds), idArray(d.virtualCategoryIds));
    Fields f;
    const char* paths[] = {"targets.skus", "targets.category_ids", "targets.virtual_category_ids"};
    const char* what[] = {"no such SKUs: ", "no such categories: ", "no such virtual categories: "};
    for (int i = 0; i < 3; ++i) {
        if (const auto missing = check[0][i].as<std::string>(); !missing.empty()) {
            f.fail(paths[i], what[i] + missing);
        }
    }
    f.throwIfAny("Some targets do not exist");
    tx.exec_params("DELETE FROM promotion_targets WHERE promotion_id = $1", id);
    tx.exec_params(
        "INSERT INTO promotion_targets (promotion_id, sku_id) "
        "SELECT $1, s.id FROM skus s WHERE lower(s.sku) = ANY ($2::text[])",
        id, skuArray);
    tx.exec_params(
        "INSERT INTO promotion_targets (promotion_id, category_id) "
        "SELECT $1, unnest($2::bigint[])",
        id, idArray(d.categoryIds));
    tx.exec_params(
        "INSERT INTO promotion_targets (promotion_id, virtual_category_id) "
        "SELECT $1, unnest($2::bigint[])",
        id, idArray(d.virtualCategoryIds));
}

// The stored promotion as a draft to change, locked; 404 when there is none.
Draft lockDraft(pqxx::transaction_base& tx, std::int64_t id, int* version, bool* over) {
    const auto r = tx.exec_params(
        "SELECT pr.name, pr.kind, extract(epoch FROM pr.starts_at)::bigint, "
        "extract(epoch FROM pr.ends_at)::bigint, pr.priority, pr.exclusive, pr.percent, "
        "pr.amount_minor, pr.buy, pr.get, pr.price_minor, fs.stock_cap, pr.per_customer_limit, "
        "pr.version, now() >= " OPSDESK_SQL_PROMOTION_END
        " FROM promotions pr LEFT JOIN flash_sale_stock fs ON fs.promotion_id = pr.id "
        "WHERE pr.id = $1 FOR UPDATE OF pr",
        id);
    if (r.empty()) {
        throw notFound("No such promotion");
    }
    const auto& row = r[0];
    const auto optional = [&](int i) {
        return row[i].is_null() ? std::nullopt : std::optional(row[i].as<std::int64_t>());
    };
    Draft d;
    d.name = row[0].as<std::string>();
    d.kind = kindFromString(row[1].c_str()).value_or(Kind::Percent);
    d.starts = row[2].as<Second>();
    d.ends = row[3].as<Second>();
    d.priority = row[4].as<int>();
    d.exclusive = row[5].as<bool>();
    d.percent = optional(6);
    d.amountMinor = optional(7);
    d.buy = optional(8);
    d.get = optional(9);
    d.priceMinor = optional(10);
    d.stockCap = optional(11);
    d.perCustomerLimit = optional(12);
    *version = row[13].as<int>();
    *over = row[14].as<bool>();
    return d;
}

// The stored promotion to change or end, locked, at the version the caller saw (412 otherwise);
// one that has ended → 409 invalid_transition with `message`.
Draft lockRunning(pqxx::transaction_base& tx, std::int64_t id, int expected, const char* message) {
    int version = 0;
    bool over = false;
    Draft d = lockDraft(tx, id, &version, &over);
    api::requireVersion(expected, version);
    if (over) {
        throw ApiError(ErrorCode::InvalidTransition, message, {}, {{"from", "ended"}});
    }
    return d;
}

// The SQL of (promotion_id, sku_id): every SKU each of the promotions `ids` (a literal
// '{…}'::bigint[]) applies to now, categories and virtual categories resolved.
std::string resolvedSkusSql(pqxx::transaction_base& tx, const std::string& ids) {
    std::string sql =
        "SELECT t.promotion_id, t.sku_id FROM promotion_targets t "
        "WHERE t.promotion_id = ANY (" +
        ids +
        ") AND t.sku_id IS NOT NULL "
        "UNION SELECT sub.promotion_id, s.id FROM (WITH RECURSIVE sub(promotion_id, id) AS ("
        "SELECT t.promotion_id, t.category_id FROM promotion_targets t "
        "WHERE t.promotion_id = ANY (" +
        ids +
        ") AND t.category_id IS NOT NULL "
        "UNION SELECT sub.promotion_id, c.id FROM categories c JOIN sub ON c.parent_id = sub.id) "
        "SELECT promotion_id, id FROM sub) sub "
        "JOIN products p ON p.category_id = sub.id JOIN skus s ON s.product_id = p.id ";
    for (const auto& row : tx.exec(
             "SELECT DISTINCT v.id, v.kind, coalesce(v.rule::text, '') FROM promotion_targets t "
             "JOIN virtual_categories v ON v.id = t.virtual_category_id "
             "WHERE t.promotion_id = ANY (" +
             ids + ")")) {
        const auto vc = row[0].as<std::int64_t>();
        sql +=
            "UNION SELECT t.promotion_id, s.id FROM promotion_targets t "
            "JOIN products p ON " +
            membershipCondition(vc, row[1].c_str(), row[2].c_str(), tx.conn(), "p") +
            " JOIN skus s ON s.product_id = p.id WHERE t.promotion_id = ANY (" + ids +
            ") AND t.virtual_category_id = " + std::to_string(vc) + " ";
    }
    return sql;
}

// The other promotions on any of the same SKUs at the same time as promotion `id`, as a JSON
// array; null when working it out took too long.
std::string overlapsOf(pqxx::connection& c, std::int64_t id) {
    try {
        pqxx::read_transaction tx(c);
        tx.exec(kOverlapTimeout);
        const auto candidates =
            tx.exec_params1(
                  "SELECT coalesce(string_agg(o.id::text, ','), '') FROM (SELECT pr.id "
                  "FROM promotions pr, promotions x WHERE x.id = $1 AND pr.id <> x.id "
                  "AND tstzrange(pr.starts_at, pr.ends_at) && tstzrange(x.starts_at, x.ends_at) "
                  "AND pr.starts_at < least(x.ends_at, coalesce(x.ended_at, x.ends_at)) "
                  "AND " OPSDESK_SQL_PROMOTION_END
                  " > x.starts_at "
                  "AND " OPSDESK_SQL_PROMOTION_END
                  " > pr.starts_at "
                  "AND least(x.ends_at, coalesce(x.ended_at, x.ends_at)) > x.starts_at "
                  "ORDER BY pr.starts_at, pr.id LIMIT $2) o",
                  id, kOverlapCandidates)[0]
                .as<std::string>();
        if (candidates.empty()) {
            return "[]";
        }
        const std::string ids = "'{" + std::to_string(id) + "," + candidates + "}'::bigint[]";
        const auto r = tx.exec_params1(
            "WITH r AS (" + resolvedSkusSql(tx, ids) +
                "), mine AS (SELECT sku_id FROM r WHERE promotion_id = $1), "
                "shared AS (SELECT r.promotion_id, count(*) AS n, "
                "(array_agg(s.sku ORDER BY s.sku))[1:$2] AS sample "
                "FROM r JOIN mine ON mine.sku_id = r.sku_id JOIN skus s ON s.id = r.sku_id "
                "WHERE r.promotion_id <> $1 GROUP BY r.promotion_id) "
                "SELECT coalesce(jsonb_agg(jsonb_build_object('id', pr.id, 'name', pr.name, "
                "'kind', pr.kind, 'starts_at', " OPSDESK_SQL_TS("pr.starts_at") ", "
                "'ends_at', " OPSDESK_SQL_TS(OPSDESK_SQL_PROMOTION_END) ", "
                "'priority', pr.priority, 'exclusive', pr.exclusive, "
                "'shared_sku_count', shared.n, 'skus', to_jsonb(shared.sample)) "
                "ORDER BY pr.starts_at, pr.id), '[]')::text "
                "FROM shared JOIN promotions pr ON pr.id = shared.promotion_id",
            id, kOverlapSample);
        return r[0].as<std::string>();
    } catch (const pqxx::sql_error& e) {
        if (e.sqlstate() != "57014") {
            throw;
        }
        log::warn("overlaps of a promotion took too long to work out", {{"promotion_id", id}});
        return "null";
    }
}

// The promotion with its overlaps, answered after the write committed.
http::Response withOverlaps(api::Call& call, std::int64_t id, int status) {
    PromotionRow row;
    {
        pqxx::read_transaction tx(call.db);
        row = *readPromotion(tx, id);
    }
    row.json.pop_back();  // the closing brace
    row.json += ",\"overlaps\":" + overlapsOf(call.db, id) + "}";
    return api::withVersion(http::Response::json(status, std::move(row.json)), row.version);
}

void writeFlashStock(pqxx::transaction_base& tx, std::int64_t id, const Draft& d, bool creating) {
    if (d.kind != Kind::FlashSale) {
        return;
    }
    if (creating) {
        tx.exec_params("INSERT INTO flash_sale_stock (promotion_id, stock_cap) VALUES ($1, $2)", id,
                       *d.stockCap);
        return;
    }
    const auto claimed =
        tx.exec_params1("SELECT claimed FROM flash_sale_stock WHERE promotion_id = $1 FOR UPDATE",
                        id)[0]
            .as<std::int64_t>();
    if (*d.stockCap < claimed) {
        throw validationFailed({{"stock_cap", "must not be below what was claimed already (" +
                                                  std::to_string(claimed) + ")"}});
    }
    // A cap raised above what was claimed reopens a sold-out sale; one lowered to it closes it.
    tx.exec_params(
        "UPDATE flash_sale_stock SET stock_cap = $2, sold_out_at = CASE WHEN claimed = $2 "
        "THEN coalesce(sold_out_at, now()) END WHERE promotion_id = $1",
        id, *d.stockCap);
}

boost::json::value promotionJson(pqxx::transaction_base& tx, std::int64_t id) {
    return boost::json::parse(readPromotion(tx, id)->json);
}

// The end of a write: audited with the promotion as it is now, published as promotion.updated,
// committed, and forgotten by this instance's price book at once; the promotion as committed.
PromotionRow commitChange(pqxx::work& tx, api::Call& call, const char* action, std::int64_t id,
                          boost::json::value before) {
    auto row = *readPromotion(tx, id);
    audit::record(
        tx, call,
        {action, "promotion", std::to_string(id), std::move(before), boost::json::parse(row.json)});
    publishPromotion(tx, id, &call.user());
    tx.commit();
    catalogChanged(call);
    return row;
}

}  // namespace

std::optional<PromotionRow> readPromotion(pqxx::transaction_base& tx, std::int64_t id) {
    const auto r = tx.exec_params("SELECT " OPSDESK_SQL_PROMOTION_JSON
                                  "::text, pr.version FROM promotions pr "
                                  "WHERE pr.id = $1",
                                  id);
    if (r.empty()) {
        return std::nullopt;
    }
    return PromotionRow{r[0][0].as<std::string>(), r[0][1].as<int>()};
}

void publishPromotion(pqxx::transaction_base& tx, std::int64_t id, const api::Principal* actor) {
    const auto row = readPromotion(tx, id);
    auto data = boost::json::parse(row->json).as_object();
    if (actor) {
        data["changed_by"] = actor->username;
    }
    feed::publish(tx, protocol::EventKind::PromotionUpdated, id, row->version, data,
                  actor ? std::optional(actor->userId) : std::nullopt);
}

void publishUntoldStock(pqxx::connection& c, const std::vector<std::int64_t>& promotionIds) {
    pqxx::work tx(c);
    const auto told = tx.exec_params(
        "UPDATE flash_sale_stock SET last_event_at = now() "
        "WHERE promotion_id = ANY ($1::bigint[]) "
        "AND last_claim_at > coalesce(last_event_at, '-infinity') RETURNING promotion_id",
        idArray(promotionIds));
    for (const auto& row : told) {
        publishPromotion(tx, row[0].as<std::int64_t>(), nullptr);
    }
    tx.commit();
}

bool plausibleSku(std::string_view sku) {
    if (sku.empty() || sku.size() > 64 || !std::isalnum(static_cast<unsigned char>(sku[0]))) {
        return false;
    }
    return std::all_of(sku.begin(), sku.end(), [](char ch) {
        return std::isalnum(static_cast<unsigned char>(ch)) || ch == '.' || ch == '_' ||
               ch == '/' || ch == '-';
    });
}

std::string skuKey(std::string_view sku) {
    std::string key(sku);
    std::transform(key.begin(), key.end(), key.begin(),
                   [](unsigned char ch) { return char(std::tolower(ch)); });
    return key;
}

std::string idArray(const std::vector<std::int64_t>& ids) {
    std::string out = "{";
    for (std::size_t i = 0; i < ids.size(); ++i) {
        out += (i ? "," : "") + std::to_string(ids[i]);
    }
    return out + "}";
}

void catalogChanged(api::Call& call) {
    call.app.changes().catalogChanged();
}

http::Response createPromotion(api::Call& call) {
    const auto body = call.jsonBody();
    Fields f;
    Draft d;
    readDraft(body, f, d, true);
    checkDraft(d, f);
    f.throwIfAny("The promotion is not valid");
    std::int64_t id = 0;
    {
        pqxx::work tx(call.db);
        id = tx.exec_params1(
                   "INSERT INTO promotions (name, kind, percent, amount_minor, buy, get, "
                   "price_minor, per_customer_limit, starts_at, ends_at, priority, exclusive, "
                   "created_by) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, to_timestamp($9), "
                   "to_timestamp($10), $11, $12, $13) RETURNING id",
                   d.name, std::string(toString(d.kind)), d.percent, d.amountMinor, d.buy, d.get,
                   d.priceMinor, d.perCustomerLimit, d.starts, d.ends, d.priority, d.exclusive,
                   call.user().userId)[0]
                 .as<std::int64_t>();
        writeTargets(tx, id, d);
        writeFlashStock(tx, id, d, true);
        commitChange(tx, call, "promotion.create", id, nullptr);
    }
    return withOverlaps(call, id, 201);
}

http::Response updatePromotion(api::Call& call) {
    const auto id = call.idParam("id");
    const auto expected = call.ifMatchVersion();
    const auto body = call.jsonBody();
    {
        pqxx::work tx(call.db);
        Draft d =
            lockRunning(tx, id, expected, "This promotion has ended; it can no longer be changed");
        Fields f;
        readDraft(body, f, d, false);
        checkDraft(d, f);
        f.throwIfAny("The change is not valid");
        const auto before = promotionJson(tx, id);
        tx.exec_params(
            "UPDATE promotions SET name = $2, percent = $3, amount_minor = $4, buy = $5, "
            "get = $6, price_minor = $7, per_customer_limit = $8, starts_at = to_timestamp($9), "
            "ends_at = to_timestamp($10), priority = $11, exclusive = $12, "
            "version = version + 1, updated_at = now() WHERE id = $1",
            id, d.name, d.percent, d.amountMinor, d.buy, d.get, d.priceMinor, d.perCustomerLimit,
            d.starts, d.ends, d.priority, d.exclusive);
        if (d.targetsGiven) {
            writeTargets(tx, id, d);
        }
        writeFlashStock(tx, id, d, false);
        commitChange(tx, call, "promotion.update", id, before);
    }
    return withOverlaps(call, id, 200);
}

http::Response endPromotion(api::Call& call) {
    const auto id = call.idParam("id");
    const auto expected = call.ifMatchVersion();
    pqxx::work tx(call.db);
    lockRunning(tx, id, expected, "This promotion has ended already");
    const auto before = promotionJson(tx, id);
    // Ended from the second it is now: this second's answers already go without it.
    tx.exec_params(
        "UPDATE promotions SET ended_at = date_trunc('second', now()), version = version + 1, "
        "updated_at = now() WHERE id = $1",
        id);
    const auto row = commitChange(tx, call, "promotion.end", id, before);
    return api::withVersion(http::Response::json(200, row.json), row.version);
}

http::Response getPromotion(api::Call& call) {
    const auto id = call.idParam("id");
    {
        pqxx::read_transaction tx(call.db);
        if (!readPromotion(tx, id)) {
            throw notFound("No such promotion");
        }
    }
    return withOverlaps(call, id, 200);
}

http::Response listPromotions(api::Call& call) {
    const auto& r = call.request;
    const auto page = api::readPage(r);
    const auto dates = api::DateRange::read(r);
    Fields f;
    std::optional<Second> activeAt;
    if (const auto v = r.queryParam("active_at"); v && !v->empty()) {
        activeAt = parseTime(*v);
        if (!activeAt) {
            f.fail("active_at", "must be an RFC 3339 time");
        }
    }
    std::string kinds;
    if (const auto v = r.queryParam("kind"); v && !v->empty()) {
        std::string_view rest = *v;
        while (!rest.empty()) {
            const auto comma = rest.find(',');
            const auto k = rest.substr(0, comma);
            if (!kindFromString(k)) {
                f.fail("kind", "unknown kind: " + std::string(k));
            }
            kinds += (kinds.empty() ? "{" : ",") + std::string(k);
            rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
        }
        kinds += "}";
    }
    const auto status = r.queryParam("status");
    if (status && !status->empty() && *status != "scheduled" && *status != "active" &&
        *status != "ended") {
        f.fail("status", "must be scheduled, active or ended");
    }
    const auto q = r.queryParam("q");
    if (q && q->size() > 200) {
        f.fail("q", "at most 200 characters");
    }
    const auto sku = r.queryParam("sku");
    if (sku && !sku->empty() && !plausibleSku(*sku)) {
        f.fail("sku", "not a SKU");
    }
    std::optional<std::pair<Second, std::int64_t>> after;
    if (page.after) {
        if (page.after->size() != 2 || !page.after->at(0).is_int64() ||
            !page.after->at(1).is_int64()) {
            f.fail("cursor", "is not a cursor this list handed out");
        } else {
            after = std::pair{page.after->at(0).as_int64(), page.after->at(1).as_int64()};
        }
    }
    f.throwIfAny("The filter is not valid");

    // A SKU's promotions are the price book's: the same resolution of categories and virtual
    // categories the storefront's prices use.
    std::optional<std::string> skuPromotions;
    if (sku && !sku->empty()) {
        const auto entry = call.app.storefront().prices().get(call.db, {skuKey(*sku)})[0];
        skuPromotions = idArray(entry->promotionIds);
    }
    pqxx::read_transaction tx(call.db);
    const std::string end = OPSDESK_SQL_PROMOTION_END;
    const auto rows = api::queryDates([&] {
        return tx.exec_params(
            "SELECT " OPSDESK_SQL_PROMOTION_JSON
            "::text, extract(epoch FROM pr.starts_at)::bigint, "
            "pr.id FROM promotions pr WHERE TRUE "
            "AND ($1::bigint IS NULL OR (pr.starts_at <= to_timestamp($1) "
            "     AND " +
                end +
                " > to_timestamp($1))) "
                "AND ($2::text IS NULL OR " +
                end +
                " > $2::timestamptz) "
                "AND ($3::text IS NULL OR " +
                api::DateRange::toCondition("pr.starts_at", "$3") +
                ") "
                "AND ($4::text[] IS NULL OR pr.kind = ANY ($4::text[])) "
                "AND ($5::text IS NULL OR CASE $5 WHEN 'scheduled' THEN now() < pr.starts_at "
                "     WHEN 'active' THEN now() >= pr.starts_at AND now() < " +
                end + "     ELSE now() >= " + end +
                " END) "
                "AND ($6::text IS NULL OR lower(pr.name) LIKE lower($6)) "
                "AND ($7::bigint[] IS NULL OR pr.id = ANY ($7::bigint[])) "
                "AND ($8::bigint IS NULL OR (pr.starts_at, pr.id) < (to_timestamp($8), $9)) "
                "ORDER BY pr.starts_at DESC, pr.id DESC LIMIT $10",
            activeAt, dates.from, dates.to, kinds.empty() ? std::nullopt : std::optional(kinds),
            status && !status->empty() ? status : std::nullopt,
            q && !q->empty() ? std::optional(db::likePattern(*q)) : std::nullopt, skuPromotions,
            after ? std::optional(after->first) : std::nullopt,
            after ? std::optional(after->second) : std::nullopt, page.limit + 1);
    });
    return http::Response::json(
        200, api::writePage(page, rows, api::appendJsonColumn, [](const auto& row) {
            return boost::json::array{row[1].template as<std::int64_t>(),
                                      row[2].template as<std::int64_t>()};
        }));
}

}  // namespace opsdesk::server::promotions
