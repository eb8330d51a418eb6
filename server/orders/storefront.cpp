// How orders arrive from a shop (or opsdesk-sim): idempotent by external id, validated so that
// nothing inconsistent gets in.

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <pqxx/pqxx>

#include "audit/audit.h"
#include "catalog/catalog.h"
#include "catalog/product_sql.h"
#include "core/api_error.h"
#include "core/hash.h"
#include "core/log.h"
#include "db/db_pool.h"
#include "feed/outbox.h"
#include "opsdesk/protocol/money.h"
#include "orders/order_sql.h"
#include "orders/orders.h"

namespace opsdesk::server::orders {

namespace {

using protocol::ErrorCode;

constexpr const char* kIngestOrder = "storefront_ingest_order";
// $1 external id, $2-$4 customer (external id, name, email), $5 currency, $6-$10 subtotal,
// discount, shipping, tax, total, $11 created_at or null, $12 the lines as a JSON array,
// $13-$14 request id and address (audit), $15-$16 the event's topic and kind, $17 the outbox
// channel, $18 the order's digest, $19-$20 the topic and kind of the product events. Answers one
// row (created?, the order's id/number/status as JSON, the notification, and whether a known
// order was handed in with the same digest), or none when a concurrent duplicate won.
//
// A new order takes the stock of the SKUs the catalog knows (whatever their case), each with an
// adjustment naming the order, even below zero (the SKU is then oversold: the shop has sold it),
// and each product whose stock moved gets one product.updated, its variants as the order leaves
// them (the statement's other parts see the SKUs as they were before it). The SKUs are locked in
// id order, so that orders for the same SKUs queue up instead of deadlocking.
constexpr const char* kIngestOrderSql = R"sql(
WITH existing AS (
    SELECT id, number, status, ingest_digest FROM orders WHERE external_id = $1
), c AS (
    INSERT INTO customers (external_id, name, email)
    SELECT $2, $3, $4 WHERE NOT EXISTS (SELECT FROM existing)
    ON CONFLICT (external_id) DO UPDATE SET name = EXCLUDED.name, email = EXCLUDED.email
    RETURNING id, name, email
), n AS (
    SELECT id, 'OD' || lpad(id::text, greatest(8, length(id::text)), '0') AS number
    FROM (SELECT nextval('orders_id_seq') AS id FROM c) s
), o AS (
    INSERT INTO orders (id, number, external_id, customer_id, status, currency, subtotal_minor,
                        discount_minor, shipping_minor, tax_minor, total_minor, search,
                        created_at, updated_at, ingest_digest)
    SELECT n.id, n.number, $1, c.id, 'pending_payment', $5, $6, $7, $8, $9, $10,
           lower(n.number || ' ' || $3 || ' ' || $4),
           coalesce($11::timestamptz, now()), coalesce($11::timestamptz, now()), $18
    FROM n, c
    ON CONFLICT (external_id) DO NOTHING
    RETURNING *
), lines AS (
    INSERT INTO order_items (order_id, line, sku, title, unit_price_minor, quantity)
    SELECT o.id, i.line, i.item->>'sku', i.item->>'title', (i.item->>'unit_price_minor')::bigint,
           (i.item->>'quantity')::bigint
    FROM o, jsonb_array_elements($12::jsonb) WITH ORDINALITY AS i(item, line)
), history AS (
    INSERT INTO order_history (order_id, from_status, to_status, actor_id, actor, reason)
    SELECT o.id, NULL, 'pending_payment', NULL, '', 'received from the storefront' FROM o
), wanted AS (
    SELECT lower(i.item->>'sku') AS sku, sum((i.item->>'quantity')::bigint) AS qty
    FROM o, jsonb_array_elements($12::jsonb) AS i(item)
    GROUP BY 1
), locked AS MATERIALIZED (
    SELECT s.id, w.qty FROM skus s JOIN wanted w ON lower(s.sku) = w.sku
    ORDER BY s.id FOR UPDATE OF s
), taken AS (
    UPDATE skus s SET stock = s.stock - l.qty, updated_at = now() FROM locked l WHERE s.id = l.id
    RETURNING s.id, s.product_id, s.sku, s.stock, l.qty
), stock_moved AS (
    INSERT INTO stock_adjustments (sku_id, delta, stock_after, reason, order_id, actor)
    SELECT t.id, -t.qty, t.stock, 'order ' || o.number, o.id, 'storefront' FROM taken t, o
), product_events AS (
    INSERT INTO events (topic, kind, entity_id, entity_version, actor_id, payload)
    SELECT $19, $20, p.id, p.version, NULL, )sql" OPSDESK_SQL_PRODUCT_ITEM_JSON_FROM(
    "(SELECT s.id, s.product_id, s.position, s.sku, s.title, s.price_minor, s.currency, "
    "coalesce(t.stock, s.stock) AS stock, s.low_stock_threshold "
    "FROM skus s LEFT JOIN taken t ON t.id = s.id)") R"sql(::jsonb
    FROM products p WHERE p.id IN (SELECT product_id FROM taken)
), audited AS (
    INSERT INTO audit_log (actor_id, actor, action, entity, entity_id, before, after, request_id,
                           address)
    SELECT NULL, 'storefront', 'order.create', 'order', o.id::text, NULL,
           jsonb_build_object('external_id', $1::text, 'total_minor', $10::bigint,
                              'currency', $5::text)
           || CASE WHEN EXISTS (SELECT FROM taken) THEN jsonb_build_object('stock_taken',
                (SELECT jsonb_agg(jsonb_build_object('sku', sku, 'delta', -qty,
                                                     'stock_after', stock) ORDER BY id)
                 FROM taken)) ELSE '{}'::jsonb END,
           $13, $14
    FROM o
), event AS (
    INSERT INTO events (topic, kind, entity_id, entity_version, actor_id, payload)
    SELECT $15, $16, o.id, o.version, NULL, )sql" OPSDESK_SQL_ORDER_ITEM_JSON R"sql(::jsonb
    FROM o, c
)
SELECT true, json_build_object('id', o.id, 'number', o.number, 'status', o.status)::text,
       pg_notify($17, '')::text, true
FROM o
UNION ALL
SELECT false, json_build_object('id', id, 'number', number, 'status', status)::text, NULL,
       coalesce(ingest_digest = $18, true)
FROM existing
)sql";

// Every pool connection prepares it when it is made (as the authentication statements).
const bool kIngestOrderRegistered = [] {
    db::DbPool::registerStatement(kIngestOrder, kIngestOrderSql);
    return true;
}();

// 409 for an external id handed in before with another body.
ApiError differentOrder(const std::string& externalId, const std::string& answer) {
    const auto known = boost::json::parse(answer).as_object();
    return ApiError(ErrorCode::Conflict,
                    "An order with external_id " + externalId +
                        " was handed in already with different contents",
                    {}, {{"external_id", externalId}, {"id", known.at("id")}});
}

struct Fields {
    std::map<std::string, std::string> errors;

    std::string text(const boost::json::object& o, const char* key, const std::string& path,
                     std::size_t max, bool required = true) {
        const auto* v = o.if_contains(key);
        if (!v || v->is_null()) {
            if (required) {
                errors[path] = "required";
            }
            return {};
        }
        if (!v->is_string() || v->as_string().size() > max ||
            (required && v->as_string().empty())) {
            errors[path] = "must be text of 1 to " + std::to_string(max) + " characters";
            return {};
        }
        return std::string(v->as_string());
    }

    std::int64_t minor(const boost::json::object& o, const char* key, const std::string& path,
                       bool required, std::int64_t min = 0) {
        const auto* v = o.if_contains(key);
        if (!v || v->is_null()) {
            if (required) {
                errors[path] = "required";
            }
            return 0;
        }
        if (!v->is_int64() || v->as_int64() < min) {
            errors[path] = "must be a whole number of minor units, at least " + std::to_string(min);
            return 0;
        }
        return v->as_int64();
    }
};

}  // namespace

http::Response ingestOrder(api::Call& call) {
    const auto body = call.jsonBody();
    Fields f;
    const auto externalId = f.text(body, "external_id", "external_id", 100);
    const auto currency = f.text(body, "currency", "currency", 3);
    if (!currency.empty() && !protocol::findCurrency(currency)) {
        f.errors["currency"] = "unknown currency";
    }
    const auto createdAt = f.text(body, "created_at", "created_at", 40, false);
    const auto* customerValue = body.if_contains("customer");
    std::string customerExternal;
    std::string customerName;
    std::string customerEmail;
    if (!customerValue || !customerValue->is_object()) {
        f.errors["customer"] = "required";
    } else {
        const auto& c = customerValue->as_object();
        customerExternal = f.text(c, "external_id", "customer.external_id", 100);
        customerName = f.text(c, "name", "customer.name", 200);
        customerEmail = f.text(c, "email", "customer.email", 254);
    }
    struct Item {
        std::string sku, title;
        std::int64_t price;
        std::int64_t quantity;
    };
    std::vector<Item> items;
    std::int64_t subtotal = 0;
    bool overflow = false;
    const auto* itemsValue = body.if_contains("items");
    if (!itemsValue || !itemsValue->is_array() || itemsValue->as_array().empty()) {
        f.errors["items"] = "at least one item";
    } else if (itemsValue->as_array().size() > 500) {
        f.errors["items"] = "at most 500 items";
    } else {
        int n = 0;
        for (const auto& v : itemsValue->as_array()) {
            const std::string path = "items[" + std::to_string(n++) + "]";
            if (!v.is_object()) {
                f.errors[path] = "must be an object";
                continue;
            }
            const auto& o = v.as_object();
            Item item{f.text(o, "sku", path + ".sku", 64), f.text(o, "title", path + ".title", 300),
                      f.minor(o, "unit_price_minor", path + ".unit_price_minor", true),
                      f.minor(o, "quantity", path + ".quantity", true, 1)};
            if (item.quantity > 100000) {
                f.errors[path + ".quantity"] = "at most 100000";
            }
            const auto line = protocol::checkedMul(item.price, item.quantity);
            const auto sum = line ? protocol::checkedAdd(subtotal, *line) : std::nullopt;
            if (!sum) {
                overflow = true;
            } else {
                subtotal = *sum;
            }
            items.push_back(std::move(item));
        }
    }
    const auto shipping = f.minor(body, "shipping_minor", "shipping_minor", false);
    const auto discount = f.minor(body, "discount_minor", "discount_minor", false);
    const auto tax = f.minor(body, "tax_minor", "tax_minor", false);
    const auto total = f.minor(body, "total_minor", "total_minor", true);
    if (overflow) {
        f.errors["items"] = "amounts too large";
    } else if (f.errors.empty()) {
        auto expected = protocol::checkedAdd(subtotal, shipping);
        if (expected) {
            expected = protocol::checkedAdd(*expected, tax);
        }
        if (expected) {
            expected = protocol::checkedAdd(*expected, -discount);
        }
        if (!expected || *expected != total) {
            f.errors["total_minor"] = "must equal items + shipping + tax - discount (" +
                                      (expected ? std::to_string(*expected) : "overflow") + ")";
        } else if (discount > subtotal + shipping + tax) {
            f.errors["discount_minor"] = "larger than the order";
        }
    }
    if (!f.errors.empty()) {
        throw validationFailed(std::move(f.errors), "The order is not valid");
    }

    // One statement, prepared once per connection, in its own transaction: the customer, the
    // order, its lines, its history, the audit entry and the feed event are written together or
    // not at all. (Thirteen round trips before; at a thousand orders a second PostgreSQL spent
    // more CPU on the trips than on the rows.) Idempotent by external id: an order that exists
    // is returned as it is, and a concurrent duplicate waits on the unique index for the first,
    // inserts nothing (ON CONFLICT DO NOTHING) and then finds it.
    boost::json::array itemsJson;
    for (const auto& item : items) {
        itemsJson.push_back(boost::json::object{{"sku", item.sku},
                                                {"title", item.title},
                                                {"unit_price_minor", item.price},
                                                {"quantity", item.quantity}});
    }
    // What makes it this order, in a fixed form: a retry sends the same, anything else differs.
    const std::string digest = sha256Hex(boost::json::serialize(boost::json::object{
        {"external_id", externalId},
        {"currency", currency},
        {"customer",
         boost::json::object{
             {"external_id", customerExternal}, {"name", customerName}, {"email", customerEmail}}},
        {"items", itemsJson},
        {"shipping_minor", shipping},
        {"discount_minor", discount},
        {"tax_minor", tax},
        {"total_minor", total},
        {"created_at", createdAt}}));
    const auto& created = protocol::info(protocol::EventKind::OrderCreated);
    const auto& productUpdated = protocol::info(protocol::EventKind::ProductUpdated);
    pqxx::nontransaction tx(call.db);
    pqxx::result rows;
    try {
        rows = tx.exec_prepared(
            kIngestOrder, externalId, customerExternal, customerName, customerEmail, currency,
            subtotal, discount, shipping, tax, total,
            createdAt.empty() ? std::optional<std::string>() : std::optional(createdAt),
            boost::json::serialize(itemsJson), call.request.requestId, call.request.remoteAddress,
            std::string(protocol::toString(created.topic)), std::string(created.name),
            std::string(feed::kOutboxChannel), digest,
            std::string(protocol::toString(productUpdated.topic)),
            std::string(productUpdated.name));
    } catch (const pqxx::data_exception&) {
        throw validationFailed({{"created_at", "must be an RFC 3339 time"}});
    }
    if (rows.empty()) {
        // Another request with this external id got in first (and has committed).
        const auto again = tx.exec_params1(
            "SELECT json_build_object('id', id, 'number', number, 'status', status)::text, "
            "coalesce(ingest_digest = $2, true) FROM orders WHERE external_id = $1",
            externalId, digest);
        if (!again[1].as<bool>()) {
            throw differentOrder(externalId, again[0].as<std::string>());
        }
        return http::Response::json(200, again[0].as<std::string>());
    }
    if (!rows[0][3].as<bool>()) {
        throw differentOrder(externalId, rows[0][1].as<std::string>());
    }
    return http::Response::json(rows[0][0].as<bool>() ? 201 : 200, rows[0][1].as<std::string>());
}

http::Response ingestPayment(api::Call& call) {
    const auto body = call.jsonBody();
    Fields f;
    const auto orderExternal = f.text(body, "order_external_id", "order_external_id", 100);
    const auto provider = f.text(body, "provider", "provider", 50);
    const auto providerRef = f.text(body, "provider_ref", "provider_ref", 200);
    const auto amount = f.minor(body, "amount_minor", "amount_minor", true, 1);
    const auto currency = f.text(body, "currency", "currency", 3);
    const auto capturedAt = f.text(body, "captured_at", "captured_at", 40, false);
    if (!f.errors.empty()) {
        throw validationFailed(std::move(f.errors), "The payment is not valid");
    }
    pqxx::work tx(call.db);
    const auto order = tx.exec_params(
        "SELECT id, status, currency, total_minor, captured_minor FROM orders "
        "WHERE external_id = $1 FOR UPDATE",
        orderExternal);
    if (order.empty()) {
        throw validationFailed({{"order_external_id", "no such order"}});
    }
    const auto orderId = order[0][0].as<std::int64_t>();
    const auto status = order[0][1].as<std::string>();
    if (order[0][2].as<std::string>() != currency) {
        throw validationFailed({{"currency", "differs from the order's currency"}});
    }
    const auto replay = tx.exec_params(
        "SELECT json_build_object('id', id, 'order_id', order_id, 'amount_minor', amount_minor, "
        "'status', status)::text FROM payments WHERE provider = $1 AND provider_ref = $2",
        provider, providerRef);
    if (!replay.empty()) {
        tx.commit();
        return http::Response::json(200, replay[0][0].as<std::string>());
    }
    if (status != "pending_payment" && status != "paid") {
        throw ApiError(ErrorCode::InvalidTransition,
                       "The order is " + status + " and takes no more payments");
    }
    pqxx::result payment;
    try {
        pqxx::subtransaction insert(tx, "insert_payment");
        payment = insert.exec_params(
            "INSERT INTO payments (order_id, provider, provider_ref, amount_minor, currency, "
            "captured_at) VALUES ($1, $2, $3, $4, $5, coalesce($6::timestamptz, now())) "
            "RETURNING json_build_object('id', id, 'order_id', order_id, 'amount_minor', "
            "amount_minor, 'status', status)::text",
            orderId, provider, providerRef, amount, currency,
            capturedAt.empty() ? std::optional<std::string>() : std::optional(capturedAt));
        insert.commit();
    } catch (const pqxx::data_exception&) {
        throw validationFailed({{"captured_at", "must be an RFC 3339 time"}});
    }
    const auto captured = order[0][4].as<std::int64_t>() + amount;
    tx.exec_params(
        "UPDATE orders SET captured_minor = $2, version = version + 1, "
        "updated_at = now() WHERE id = $1",
        orderId, captured);
    if (status == "pending_payment" && captured >= order[0][3].as<std::int64_t>()) {
        tx.exec_params("UPDATE orders SET status = 'paid' WHERE id = $1", orderId);
        // The desktop translates this phrase and "received from the storefront" (OrdersText).
        recordHistory(tx, orderId, status, "paid", nullptr, "payment captured via " + provider);
    }
    // A capture beyond the total is recorded as it is: the money was taken. The order is paid,
    // and the excess is refundable like the rest (captured_minor - refunded_minor).
    auto captureAudit = boost::json::parse(payment[0][0].as<std::string>()).as_object();
    if (const auto total = order[0][3].as<std::int64_t>(); captured > total) {
        captureAudit["overpaid_minor"] = captured - total;
        log::warn("payment takes an order above its total",
                  {{"order_id", orderId}, {"overpaid_minor", captured - total}});
    }
    audit::recordAnonymous(
        tx, &call.request, std::nullopt, "storefront",
        {"payment.capture", "order", std::to_string(orderId), nullptr, captureAudit});
    auto event = boost::json::parse(payment[0][0].as<std::string>()).as_object();
    event["currency"] = currency;
    event["provider"] = provider;
    feed::publish(tx, protocol::EventKind::PaymentCaptured, event.at("id").as_int64(), std::nullopt,
                  event);
    publishOrder(tx, orderId, false, nullptr);
    tx.commit();
    return http::Response::json(201, payment[0][0].as<std::string>());
}

http::Response ingestCancellation(api::Call& call) {
    const auto body = call.jsonBody();
    Fields f;
    const auto orderExternal = f.text(body, "order_external_id", "order_external_id", 100);
    const auto reason = f.text(body, "reason", "reason", 1000);
    if (!f.errors.empty()) {
        throw validationFailed(std::move(f.errors), "The cancellation is not valid");
    }
    pqxx::work tx(call.db);
    const auto order = tx.exec_params(
        "SELECT id, status, captured_minor - refunded_minor, number FROM orders "
        "WHERE external_id = $1 FOR UPDATE",
        orderExternal);
    if (order.empty()) {
        throw validationFailed({{"order_external_id", "no such order"}});
    }
    const auto id = order[0][0].as<std::int64_t>();
    const auto status = order[0][1].as<std::string>();
    auto answer = [&] {
        return http::Response::json(
            200, tx.exec_params1("SELECT json_build_object('id', id, 'number', number, "
                                 "'status', status)::text FROM orders WHERE id = $1",
                                 id)[0]
                     .as<std::string>());
    };
    if (status == "cancelled") {
        auto r = answer();
        tx.commit();
        return r;
    }
    // A shop cancels only what was never paid, in part or in full: cancelling anything captured
    // pays it back, which is a refund, made by staff who may refund.
    if (status != "pending_payment") {
        throw ApiError(
            ErrorCode::InvalidTransition,
            "The order is " + status + "; only unpaid orders can be cancelled by the shop", {},
            {{"from", status}, {"to", "cancelled"}});
    }
    if (const auto captured = order[0][2].as<std::int64_t>(); captured > 0) {
        throw ApiError(ErrorCode::InvalidTransition,
                       "Payments were captured for this order; staff cancel it and refund them", {},
                       {{"from", status}, {"to", "cancelled"}, {"captured_minor", captured}});
    }
    tx.exec_params(
        "UPDATE orders SET status = 'cancelled', version = version + 1, "
        "updated_at = now() WHERE id = $1",
        id);
    recordHistory(tx, id, status, "cancelled", nullptr, reason);
    boost::json::object cancelled{{"reason", reason}};
    if (auto moves = catalog::restockOrder(
            tx, id, "order " + order[0][3].as<std::string>() + " cancelled", nullptr);
        !moves.empty()) {
        cancelled["stock_returned"] = std::move(moves);
    }
    audit::recordAnonymous(tx, &call.request, std::nullopt, "storefront",
                           {"order.cancel", "order", std::to_string(id), nullptr, cancelled});
    publishOrder(tx, id, false, nullptr);
    auto r = answer();
    tx.commit();
    return r;
}

}  // namespace opsdesk::server::orders
