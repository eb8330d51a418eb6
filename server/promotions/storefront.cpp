// What a shop asks on a sale day: the price of SKUs now (or at a moment), answered from the
// price book in memory, and flash-sale claims, which never sell more than the cap whatever the
// concurrency because one conditional update of one row decides each.

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <pqxx/pqxx>

#include "api/database_work.h"
#include "app/server_app.h"
#include "core/api_error.h"
#include "core/hash.h"
#include "db/db_pool.h"
#include "promotions/fields.h"
#include "promotions/price_book.h"
#include "promotions/promotion_sql.h"
#include "promotions/promotions.h"
#include "promotions/promotions_internal.h"

namespace opsdesk::server::promotions {

namespace {

using protocol::ErrorCode;

constexpr std::size_t kMaxSkusPerLookup = 100;

// The SKUs and the moment a price lookup asks for; 422 for anything else.
struct Lookup {
    std::vector<std::string> asked;  // as asked, without repeats
    std::vector<std::string> keys;   // the same in lower case
    Second at = 0;
};

Lookup readLookup(const http::Request& request) {
    Lookup out;
    Fields f;
    const auto skus = request.queryParam("sku");
    if (!skus || skus->empty()) {
        f.fail("sku", "required: one or more SKUs, comma-separated");
    } else {
        std::string_view rest = *skus;
        while (!rest.empty() || out.asked.empty()) {
            const auto comma = rest.find(',');
            const auto sku = rest.substr(0, comma);
            rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
            if (!plausibleSku(sku)) {
                f.fail("sku", "not a SKU: " + std::string(sku.substr(0, 64)));
                break;
            }
            auto key = skuKey(sku);
            if (std::find(out.keys.begin(), out.keys.end(), key) == out.keys.end()) {
                out.asked.emplace_back(sku);
                out.keys.push_back(std::move(key));
            }
            if (out.keys.size() > kMaxSkusPerLookup) {
                f.fail("sku", "at most " + std::to_string(kMaxSkusPerLookup) + " SKUs at a time");
                break;
            }
        }
    }
    out.at = currentSecond();
    if (const auto at = request.queryParam("at"); at && !at->empty()) {
        if (const auto t = parseTime(*at)) {
            out.at = *t;
        } else {
            f.fail("at", "must be an RFC 3339 time (2026-06-18T00:00:00Z)");
        }
    }
    f.throwIfAny("The lookup is not valid");
    return out;
}

void appendId(std::string& out, std::int64_t id) {
    if (id == 0) {
        out += "null";
    } else {
        out += std::to_string(id);
    }
}

// {"at","items":[{"sku","list_price_minor","price_minor","currency","promotion_id",
//  "buy_x_get_y"}],"unknown":[…]}, written straight from the book: this is the hot path.
http::Response priceAnswer(const Lookup& lookup, const std::vector<SkuPricesPtr>& entries) {
    std::string out;
    out.reserve(64 + 160 * entries.size());
    out += "{\"at\":\"";
    out += formatTime(lookup.at);
    out += "\",\"items\":[";
    std::string unknown;
    bool first = true;
    for (std::size_t i = 0; i < entries.size(); ++i) {
        const auto& e = *entries[i];
        if (e.skuId == 0) {
            unknown += unknown.empty() ? "\"" : ",\"";
            unknown += lookup.asked[i];  // a plausible SKU: nothing to escape
            unknown += '"';
            continue;
        }
        const auto& p = e.schedule.at(lookup.at);
        out += first ? "{\"sku\":\"" : ",{\"sku\":\"";
        first = false;
        out += e.sku;
        out += "\",\"list_price_minor\":";
        out += std::to_string(p.listMinor);
        out += ",\"price_minor\":";
        out += std::to_string(p.priceMinor);
        out += ",\"currency\":\"";
        out += e.currency;
        out += "\",\"promotion_id\":";
        appendId(out, p.promotionId);
        out += ",\"buy_x_get_y\":";
        if (p.offerId == 0) {
            out += "null}";
        } else {
            out += "{\"promotion_id\":" + std::to_string(p.offerId) +
                   ",\"buy\":" + std::to_string(p.buy) + ",\"get\":" + std::to_string(p.get) + "}}";
        }
    }
    out += "],\"unknown\":[";
    out += unknown;
    out += "]}";
    return http::Response::json(200, std::move(out));
}

// One claim, decided by one statement: the customer's count goes up only within the sale's
// per-customer limit, the sale's only while `claimed + quantity <= stock_cap` (a row lock
// orders concurrent claims; the table's CHECK makes more impossible), and the claim, the stock
// taken from the SKU and the audit row are written only when both went up. When the customer's
// count went up but the sale's did not, the caller rolls the transaction back. It publishes the
// sale's stock at most about once a second (last_event_at).
// $1 promotion, $2 customer, $3 quantity, $4 SKU id, $5 Idempotency-Key, $6 request hash,
// $7 request id, $8 address.
constexpr const char* kClaim = "promotions_claim";
constexpr const char* kClaimSql = R"sql(
WITH sale AS (
    SELECT pr.id, pr.per_customer_limit, pr.price_minor FROM promotions pr
    WHERE pr.id = $1 AND pr.kind = 'flash_sale' AND now() >= pr.starts_at
      AND now() < )sql" OPSDESK_SQL_PROMOTION_END R"sql(
), customer AS (
    INSERT INTO flash_sale_customers AS fc (promotion_id, customer_external_id, claimed)
    SELECT sale.id, $2, $3 FROM sale WHERE $3 <= sale.per_customer_limit
    ON CONFLICT (promotion_id, customer_external_id)
    DO UPDATE SET claimed = fc.claimed + EXCLUDED.claimed
    WHERE fc.claimed + EXCLUDED.claimed <= (SELECT per_customer_limit FROM sale)
    RETURNING fc.claimed
), cap AS (
    UPDATE flash_sale_stock fs SET
        claimed = fs.claimed + $3,
        sold_out_at = CASE WHEN fs.claimed + $3 = fs.stock_cap THEN now() END,
        last_claim_at = now(),
        last_event_at = CASE WHEN fs.last_event_at IS NULL
                                  OR fs.last_event_at <= now() - interval '1 second'
                                  OR fs.claimed + $3 = fs.stock_cap
                             THEN now() ELSE fs.last_event_at END
    WHERE fs.promotion_id = $1 AND fs.claimed + $3 <= fs.stock_cap
      AND EXISTS (SELECT 1 FROM customer)
    RETURNING fs.stock_cap - fs.claimed AS remaining, fs.last_event_at = now() AS publish
), claim AS (
    INSERT INTO flash_sale_claims (promotion_id, sku_id, customer_external_id, quantity,
                                   price_minor, currency, remaining_after, idempotency_key,
                                   request_hash)
    SELECT $1, s.id, $2, $3, least(sale.price_minor, s.price_minor), s.currency, cap.remaining,
           $5, $6
    FROM cap, sale, skus s WHERE s.id = $4
    RETURNING id, price_minor, remaining_after
), stock AS (
    UPDATE skus SET stock = stock - $3, updated_at = now()
    WHERE id = $4 AND EXISTS (SELECT 1 FROM claim)
    RETURNING stock
), adjusted AS (
    INSERT INTO stock_adjustments (sku_id, delta, stock_after, reason, actor)
    SELECT $4, -$3, stock.stock, 'flash sale ' || $1 || ', claim ' || claim.id, 'storefront'
    FROM stock, claim
), audited AS (
    INSERT INTO audit_log (actor_id, actor, action, entity, entity_id, before, after, request_id,
                           address)
    SELECT NULL, 'storefront', 'promotion.claim', 'promotion', $1::text, NULL,
           jsonb_build_object('claim_id', claim.id, 'sku_id', $4::bigint,
                              'customer_external_id', $2::text, 'quantity', $3::integer,
                              'price_minor', claim.price_minor,
                              'remaining', claim.remaining_after),
           $7, $8
    FROM claim
)
SELECT EXISTS (SELECT 1 FROM sale), EXISTS (SELECT 1 FROM customer), claim.id,
       json_build_object('claim_id', claim.id, 'price_minor', claim.price_minor,
                         'remaining', claim.remaining_after)::text,
       claim.remaining_after, cap.publish
FROM (SELECT 1) one LEFT JOIN claim ON true LEFT JOIN cap ON true
)sql";

// The sale as a claim sees it before deciding, and a claim made before with this key.
constexpr const char* kSale = "promotions_sale";
constexpr const char* kSaleSql = R"sql(
SELECT pr.kind, now() >= pr.starts_at AND now() < )sql" OPSDESK_SQL_PROMOTION_END R"sql(,
       pr.per_customer_limit, fs.stock_cap - fs.claimed,
       )sql" OPSDESK_SQL_TS("pr.starts_at") R"sql(,
       )sql" OPSDESK_SQL_TS(OPSDESK_SQL_PROMOTION_END) R"sql(,
       c.request_hash,
       json_build_object('claim_id', c.id, 'price_minor', c.price_minor,
                         'remaining', c.remaining_after)::text
FROM promotions pr
LEFT JOIN flash_sale_stock fs ON fs.promotion_id = pr.id
LEFT JOIN flash_sale_claims c ON c.idempotency_key = $2
WHERE pr.id = $1
)sql";

const bool kStatementsRegistered = [] {
    db::DbPool::registerStatement(kClaim, kClaimSql);
    db::DbPool::registerStatement(kSale, kSaleSql);
    return true;
}();

// A claim made before with this key: its answer again, or 422 when the key came with
// another request.
http::Response replay(const pqxx::row& sale, const std::string& requestHash) {
    if (sale[6].as<std::string>() != requestHash) {
        throw ApiError(ErrorCode::IdempotencyKeyReused,
                       "This Idempotency-Key was used for a different claim");
    }
    auto r = http::Response::json(201, sale[7].as<std::string>());
    r.headers.set("Idempotent-Replayed", "true");
    return r;
}

ApiError soldOut(std::int64_t remaining) {
    return ApiError(ErrorCode::SoldOut, "This flash sale is sold out", {},
                    {{"remaining", remaining}});
}

}  // namespace

void storefrontPrices(App& app, http::Request&& request, http::Responder respond) {
    Lookup lookup;
    try {
        lookup = readLookup(request);
    } catch (const ApiError& e) {
        respond(e.toResponse());
        return;
    }
    auto& book = app.storefront().prices();
    std::vector<SkuPricesPtr> entries(lookup.keys.size());
    bool inMemory = true;
    for (std::size_t i = 0; i < entries.size() && inMemory; ++i) {
        entries[i] = book.find(lookup.keys[i]);
        inMemory = entries[i] != nullptr;
    }
    if (inMemory) {
        auto answer = priceAnswer(lookup, entries);
        answer.logCache = "hit";
        respond(std::move(answer));
        return;
    }
    book.want(lookup.keys);
    api::runOnDatabase(
        app.db(), request,
        [&app, lookup = std::move(lookup)](pqxx::connection& c) -> std::optional<http::Response> {
            return priceAnswer(lookup, app.storefront().prices().get(c, lookup.keys));
        },
        std::move(respond));
}

http::Response flashSale(api::Call& call) {
    const auto id = call.idParam("promotion_id");
    pqxx::read_transaction tx(call.db);
    const auto r = tx.exec_params(
        "SELECT json_build_object('promotion_id', pr.id, 'name', pr.name, "
        "'starts_at', " OPSDESK_SQL_TS("pr.starts_at") ", "
        "'ends_at', " OPSDESK_SQL_TS(OPSDESK_SQL_PROMOTION_END) ", "
        "'in_force', now() >= pr.starts_at AND now() < " OPSDESK_SQL_PROMOTION_END
        " AND fs.sold_out_at IS NULL, "
        "'price_minor', pr.price_minor, 'stock_cap', fs.stock_cap, 'claimed', fs.claimed, "
        "'remaining', fs.stock_cap - fs.claimed, 'per_customer_limit', pr.per_customer_limit, "
        "'sold_out_at', " OPSDESK_SQL_TS("fs.sold_out_at") ")::text "
        "FROM promotions pr JOIN flash_sale_stock fs ON fs.promotion_id = pr.id "
        "WHERE pr.id = $1",
        id);
    if (r.empty()) {
        throw notFound("No such flash sale");
    }
    return http::Response::json(200, r[0][0].as<std::string>());
}

http::Response claimFlashSale(api::Call& call) {
    const auto id = call.idParam("promotion_id");
    const auto header = call.request.headers.get("Idempotency-Key");
    if (!header || header->empty() || header->size() > 255) {
        throw badRequest(
            "A claim takes stock: send an Idempotency-Key header (1 to 255 characters) that "
            "stays the same when you retry it");
    }
    const std::string key(*header);
    const auto body = call.jsonBody();
    Fields f;
    f.onlyKnown(body, {"sku", "customer_external_id", "quantity"});
    const auto sku = f.text(body, "sku", "sku", 64, true);
    if (sku && !plausibleSku(*sku)) {
        f.fail("sku", "not a SKU");
    }
    const auto customer = f.text(body, "customer_external_id", "customer_external_id", 100, true);
    const auto quantity = f.integer(body, "quantity", "quantity", 1, 10'000).value_or(1);
    f.throwIfAny("The claim is not valid");
    const std::string requestHash =
        sha256Hex(call.request.method + '\n' + call.request.path + '\n' + call.request.body);

    // Before anything is locked: the sale as it stands, and a claim made with this key before.
    const auto sale = [&] {
        pqxx::nontransaction tx(call.db);
        return tx.exec_prepared(kSale, id, key);
    };
    auto now = sale();
    if (now.empty() || now[0][0].as<std::string>() != "flash_sale") {
        throw notFound("No such flash sale");
    }
    if (!now[0][6].is_null()) {
        return replay(now[0], requestHash);
    }
    const auto limit = now[0][2].as<std::int64_t>();
    if (quantity > limit) {
        throw ApiError(ErrorCode::LimitReached,
                       "A customer may claim at most " + std::to_string(limit) + " of this sale",
                       {}, {{"per_customer_limit", limit}});
    }
    if (!now[0][1].as<bool>()) {
        throw ApiError(
            ErrorCode::SaleNotActive, "This flash sale is not on now", {},
            {{"starts_at", now[0][4].as<std::string>()}, {"ends_at", now[0][5].as<std::string>()}});
    }
    // Sold out needs no lock to tell: what is claimed only grows.
    if (const auto remaining = now[0][3].as<std::int64_t>(); remaining < quantity) {
        throw soldOut(remaining);
    }
    // The price book answers at once; what it refuses is asked of the database as it is now,
    // so a sale retargeted a moment ago on another instance is not refused here meanwhile.
    auto& book = call.app.storefront().prices();
    auto entry = book.get(call.db, {skuKey(*sku)})[0];
    const auto targeted = [&] {
        return std::find(entry->promotionIds.begin(), entry->promotionIds.end(), id) !=
               entry->promotionIds.end();
    };
    if (!targeted()) {
        entry = book.get(call.db, {skuKey(*sku)}, true)[0];
    }
    if (entry->skuId == 0) {
        throw validationFailed({{"sku", "no such SKU"}});
    }
    if (!targeted()) {
        throw validationFailed({{"sku", "not part of this flash sale"}});
    }

    pqxx::work tx(call.db);
    pqxx::result r;
    try {
        r = tx.exec_prepared(kClaim, id, *customer, quantity, entry->skuId, key, requestHash,
                             call.request.requestId, call.request.remoteAddress);
    } catch (const pqxx::unique_violation&) {
        // The same key, claimed at this moment by another request that committed first.
        tx.abort();
        now = sale();
        if (!now.empty() && !now[0][6].is_null()) {
            return replay(now[0], requestHash);
        }
        throw;
    }
    const auto& row = r[0];
    if (!row[0].as<bool>()) {
        tx.abort();
        throw ApiError(ErrorCode::SaleNotActive, "This flash sale is not on now");
    }
    if (!row[1].as<bool>()) {
        tx.abort();
        throw ApiError(ErrorCode::LimitReached,
                       "This customer has claimed as much of this sale as one customer may", {},
                       {{"per_customer_limit", limit}});
    }
    if (row[2].is_null()) {
        tx.abort();  // the customer's count went up, the sale's could not: neither happened
        now = sale();
        throw soldOut(now.empty() || now[0][3].is_null() ? 0 : now[0][3].as<std::int64_t>());
    }
    const bool publish = row[5].as<bool>();
    if (publish) {
        publishPromotion(tx, id, nullptr);
    }
    tx.commit();
    if (!publish) {
        call.app.storefront().stockUntold(id);
    }
    if (row[4].as<std::int64_t>() == 0) {
        catalogChanged(call);  // sold out: from now on the sale sets no price
    }
    return http::Response::json(201, row[3].as<std::string>());
}

}  // namespace opsdesk::server::promotions
