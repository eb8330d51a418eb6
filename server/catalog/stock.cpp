// Stock and prices by SKU: adjustments by hand, what orders take and give back, the price
// history; and product.updated, which every change of a product publishes.

#include <algorithm>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <cctype>
#include <pqxx/pqxx>

#include "audit/audit.h"
#include "catalog/catalog_internal.h"
#include "core/api_error.h"
#include "feed/outbox.h"

namespace opsdesk::server::catalog {

namespace {

constexpr std::int64_t kMaxDelta = 1'000'000;

// A list of a SKU's rows, newest first, keyset-paged by id: `select` writes each row's item as
// JSON (first column) and its id (second) from a table aliased `a` with a sku_id, $1 being the
// SKU's id.
http::Response skuPage(api::Call& call, const std::string& select) {
    const auto page = api::readPage(call.request);
    const auto sku = skuParam(call);
    pqxx::read_transaction tx(call.db);
    const auto row = findSku(tx, sku, false);
    db::SqlParams p;
    p.add(std::to_string(row.id));
    std::string sql = select + " WHERE a.sku_id = $1";
    if (page.after) {
        const auto& k = *page.after;
        if (k.size() != 1 || !k[0].is_int64()) {
            throw validationFailed({{"cursor", "is not a cursor of this list"}});
        }
        sql += " AND a.id < " + p.add(std::to_string(k[0].as_int64())) + "::bigint";
    }
    sql += " ORDER BY a.id DESC LIMIT " + std::to_string(page.limit + 1);
    const auto rows = p.exec(tx, sql);
    return http::Response::json(
        200, api::writePage(page, rows, api::appendJsonColumn, [](const pqxx::row& last) {
            return boost::json::array{last[1].as<std::int64_t>()};
        }));
}

}  // namespace

std::string skuParam(const api::Call& call) {
    const auto it = call.params.find("sku");
    if (it == call.params.end() || !isSku(it->second)) {
        throw notFound("No such SKU");
    }
    return it->second;
}

SkuRow findSku(pqxx::transaction_base& tx, const std::string& sku, bool lock) {
    const auto r = tx.exec_params(std::string("SELECT id, product_id, sku, stock FROM skus "
                                              "WHERE lower(sku) = lower($1)") +
                                      (lock ? " FOR UPDATE" : ""),
                                  sku);
    if (r.empty()) {
        throw notFound("No such SKU");
    }
    return {r[0][0].as<std::int64_t>(), r[0][1].as<std::int64_t>(), r[0][2].as<std::string>(),
            r[0][3].as<int>()};
}

void publishProducts(pqxx::transaction_base& tx, const std::vector<std::int64_t>& productIds,
                     const api::Principal* actor) {
    if (productIds.empty()) {
        return;
    }
    boost::json::array ids(productIds.begin(), productIds.end());
    feed::publishSelected(
        tx, protocol::EventKind::ProductUpdated,
        "SELECT p.id, p.version, " PRODUCT_ITEM_JSON
        "::jsonb || CASE WHEN $2::text IS NULL THEN '{}'::jsonb "
        "ELSE jsonb_build_object('changed_by', $2::text) END "
        "FROM products p WHERE p.id IN (SELECT jsonb_array_elements_text($1::jsonb)::bigint) "
        "ORDER BY p.id",
        {boost::json::serialize(ids), actor ? std::optional(actor->username) : std::nullopt},
        actor ? std::optional(actor->userId) : std::nullopt);
}

boost::json::array restockOrder(pqxx::transaction_base& tx, std::int64_t orderId,
                                const std::string& reason, const api::Principal* actor) {
    // What the order took and nothing gave back yet, per SKU; the SKUs locked in id order, as
    // the storefront's ingest locks them, so that the two never wait on each other in a circle.
    const auto moved = tx.exec_params(
        "WITH owed AS (SELECT sku_id, -sum(delta) AS qty FROM stock_adjustments "
        "  WHERE order_id = $1 GROUP BY sku_id HAVING sum(delta) < 0), "
        "locked AS MATERIALIZED (SELECT s.id, owed.qty FROM skus s JOIN owed ON owed.sku_id = s.id "
        "  ORDER BY s.id FOR UPDATE OF s), "
        "given AS (UPDATE skus s SET stock = s.stock + l.qty, updated_at = now() FROM locked l "
        "  WHERE s.id = l.id RETURNING s.id, s.product_id, s.sku, s.stock, l.qty), "
        "recorded AS (INSERT INTO stock_adjustments (sku_id, delta, stock_after, reason, "
        "  order_id, actor_id, actor) SELECT id, qty, stock, $2, $1, $3, $4 FROM given) "
        "SELECT product_id, json_build_object('sku', sku, 'delta', qty, 'stock_after', "
        "stock)::text "
        "FROM given ORDER BY id",
        orderId, reason, actor ? std::optional(actor->userId) : std::nullopt,
        actor ? actor->username : std::string("storefront"));
    boost::json::array moves;
    std::vector<std::int64_t> products;
    for (const auto& row : moved) {
        products.push_back(row[0].as<std::int64_t>());
        moves.push_back(boost::json::parse(row[1].c_str()));
    }
    std::sort(products.begin(), products.end());
    products.erase(std::unique(products.begin(), products.end()), products.end());
    publishProducts(tx, products, actor);
    return moves;
}

http::Response adjustStock(api::Call& call) {
    const auto sku = skuParam(call);
    const auto body = call.jsonBody();
    FieldErrors f;
    const auto delta = f.number(body, "delta", "delta", -kMaxDelta, kMaxDelta);
    if (!delta && !f.errors.contains("delta")) {
        f.add("delta", "required");
    } else if (delta == 0) {
        f.add("delta", "must not be 0");
    }
    const auto reason = f.text(body, "reason", "reason", 1000);
    if (!reason && !f.errors.contains("reason")) {
        f.add("reason", "required");
    }
    f.throwIfAny("The adjustment is not valid");
    pqxx::work tx(call.db);
    const auto row = findSku(tx, sku, true);
    const std::int64_t after = row.stock + *delta;
    // By hand, stock never goes below zero; what takes it further than there is (orders) shows
    // as oversold, and any amount added back is welcome.
    if (*delta < 0 && after < 0) {
        throw ApiError(protocol::ErrorCode::ValidationFailed,
                       "That would take the stock below zero",
                       {{"delta", "at least " + std::to_string(-std::max(row.stock, 0))}},
                       {{"stock", row.stock}});
    }
    tx.exec_params("UPDATE skus SET stock = $2, updated_at = now() WHERE id = $1", row.id, after);
    const auto created = tx.exec_params1(
        "INSERT INTO stock_adjustments (sku_id, delta, stock_after, reason, actor_id, actor) "
        "VALUES ($1, $2, $3, $4, $5, $6) "
        "RETURNING json_build_object('id', id, 'sku', $7::text, 'delta', delta, "
        "'stock_after', stock_after, 'reason', reason, 'by', actor, 'order_id', order_id, "
        "'at', " TS("at") ")::text",
        row.id, *delta, after, *reason, call.user().userId, call.user().username, row.sku);
    auto adjustment = boost::json::parse(created[0].c_str()).as_object();
    audit::record(
        tx, call,
        {"product.stock_adjust", "product", std::to_string(row.productId), nullptr, adjustment});
    publishProducts(tx, {row.productId}, &call.user());
    // The product's list item as it is now comes with it: the editor reloads nothing.
    const auto item = tx.exec_params1(
        "SELECT " PRODUCT_ITEM_JSON "::text FROM products p WHERE p.id = $1", row.productId);
    adjustment["product"] = boost::json::parse(item[0].c_str());
    tx.commit();
    return http::Response::json(201, boost::json::serialize(adjustment));
}

http::Response listStockAdjustments(api::Call& call) {
    return skuPage(call,
                   "SELECT json_build_object('id', a.id, 'at', " TS("a.at") ", 'by', a.actor, "
                   "'delta', a.delta, 'stock_after', a.stock_after, 'reason', a.reason, "
                   "'order_id', a.order_id, "
                   "'order_number', (SELECT o.number FROM orders o WHERE o.id = a.order_id)"
                   ")::text, a.id FROM stock_adjustments a");
}

http::Response priceHistory(api::Call& call) {
    return skuPage(call,
                   "SELECT json_build_object('id', a.id, 'at', " TS("a.at") ", 'by', a.actor, "
                   "'from_minor', a.from_minor, 'to_minor', a.to_minor, 'currency', a.currency, "
                   "'reason', a.reason)::text, a.id FROM price_history a");
}

}  // namespace opsdesk::server::catalog
