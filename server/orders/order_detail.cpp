// One order as a desk shows it, and the order event every change of it publishes.

#include <boost/json/parse.hpp>
#include <pqxx/pqxx>

#include "core/api_error.h"
#include "feed/outbox.h"
#include "orders/orders_internal.h"

namespace opsdesk::server::orders {

namespace {

void publish(pqxx::transaction_base& tx, std::int64_t orderId, int version,
             boost::json::object payload, bool created, const api::Principal* actor) {
    if (actor) {
        payload["changed_by"] = actor->username;
    }
    feed::publish(tx,
                  created ? protocol::EventKind::OrderCreated : protocol::EventKind::OrderUpdated,
                  orderId, version, payload, actor ? std::optional(actor->userId) : std::nullopt);
}

}  // namespace

void publishOrder(pqxx::transaction_base& tx, std::int64_t orderId, bool created,
                  const api::Principal* actor) {
    const auto r = tx.exec_params1("SELECT " ORDER_ITEM_JSON
                                   "::text, o.version "
                                   "FROM orders o JOIN customers c ON c.id = o.customer_id "
                                   "WHERE o.id = $1",
                                   orderId);
    publish(tx, orderId, r[1].as<int>(), boost::json::parse(r[0].as<std::string>()).as_object(),
            created, actor);
}

void publishOrder(pqxx::transaction_base& tx, const boost::json::object& detail, bool created,
                  const api::Principal* actor) {
    // The list item's fields (OPSDESK_SQL_ORDER_ITEM_JSON), which the detail has as they are.
    boost::json::object payload;
    for (const char* field : {"id", "number", "status", "customer", "total_minor", "currency",
                              "created_at", "updated_at", "version"}) {
        payload[field] = detail.at(field);
    }
    publish(tx, detail.at("id").as_int64(), static_cast<int>(detail.at("version").as_int64()),
            std::move(payload), created, actor);
}

std::optional<OrderDetail> readDetail(pqxx::transaction_base& tx, std::int64_t id) {
    const auto r = tx.exec_params(
        "SELECT (" ORDER_ITEM_JSON "::jsonb || jsonb_build_object("
        "'subtotal_minor', o.subtotal_minor, 'discount_minor', o.discount_minor, "
        "'shipping_minor', o.shipping_minor, 'tax_minor', o.tax_minor, "
        "'captured_minor', o.captured_minor, 'refunded_minor', o.refunded_minor, "
        "'external_id', o.external_id, "
        "'items', coalesce((SELECT jsonb_agg(jsonb_build_object('line', i.line, 'sku', i.sku, "
        "  'title', i.title, 'unit_price_minor', i.unit_price_minor, 'quantity', i.quantity) "
        "  ORDER BY i.line) FROM order_items i WHERE i.order_id = o.id), '[]'), "
        "'payments', coalesce((SELECT jsonb_agg(jsonb_build_object('id', p.id, 'provider', "
        "  p.provider, 'provider_ref', p.provider_ref, 'amount_minor', p.amount_minor, "
        "  'currency', p.currency, 'status', p.status, 'captured_at', " TS("p.captured_at") ") "
        "  ORDER BY p.id) FROM payments p WHERE p.order_id = o.id), '[]'), "
        "'refunds', coalesce((SELECT jsonb_agg(jsonb_build_object('id', f.id, 'amount_minor', "
        "  f.amount_minor, 'currency', o.currency, 'reason', f.reason, 'status', f.status, "
        "  'created_at', "
        "  " TS("f.created_at") ", 'created_by', (SELECT username FROM users WHERE id = f.created_by)) "
        "  ORDER BY f.id) FROM refunds f WHERE f.order_id = o.id), '[]'), "
        "'shipments', coalesce((SELECT jsonb_agg(jsonb_build_object('id', s.id, 'carrier', "
        "  s.carrier, 'tracking', s.tracking, 'shipped_at', " TS("s.shipped_at") ") ORDER BY s.id) "
        "  FROM shipments s WHERE s.order_id = o.id), '[]'), "
        "'notes', coalesce((SELECT jsonb_agg(jsonb_build_object('id', n.id, 'author', n.author, "
        "  'body', n.body, 'created_at', " TS("n.created_at") ") ORDER BY n.id) "
        "  FROM order_notes n WHERE n.order_id = o.id), '[]'), "
        "'history', coalesce((SELECT jsonb_agg(jsonb_build_object('from', h.from_status, 'to', "
        "  h.to_status, 'actor', h.actor, 'reason', h.reason, 'at', " TS("h.at") ") "
        "  ORDER BY h.id) FROM order_history h WHERE h.order_id = o.id), '[]')"
        "))::text, o.version FROM orders o JOIN customers c ON c.id = o.customer_id "
        "WHERE o.id = $1",
        id);
    if (r.empty()) {
        return std::nullopt;
    }
    return OrderDetail{r[0][0].as<std::string>(), r[0][1].as<int>()};
}

http::Response detail(api::Call& call) {
    const auto id = call.idParam("id");
    pqxx::read_transaction tx(call.db);
    auto order = readDetail(tx, id);
    if (!order) {
        throw notFound("No such order");
    }
    return api::withVersion(http::Response::json(200, std::move(order->json)), order->version);
}

}  // namespace opsdesk::server::orders
