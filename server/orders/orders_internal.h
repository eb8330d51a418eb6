#pragma once

// What the orders sources share among themselves (orders_list.cpp, order_detail.cpp,
// order_actions.cpp); not for other modules.

#include <boost/json/object.hpp>
#include <cstdint>
#include <optional>
#include <pqxx/transaction_base>
#include <string>

#include "orders/order_sql.h"
#include "orders/orders.h"

#define TS(col) OPSDESK_SQL_TS(col)
#define ORDER_ITEM_JSON OPSDESK_SQL_ORDER_ITEM_JSON

namespace opsdesk::server::orders {

// The order as GET /orders/{id} answers it, read in `tx`: its JSON, built by PostgreSQL, and its
// version. nullopt when there is no such order.
struct OrderDetail {
    std::string json;
    int version = 0;
};
std::optional<OrderDetail> readDetail(pqxx::transaction_base& tx, std::int64_t id);

// Publishes order.updated (or order.created) from the order's detail as readDetail() gave it:
// the same payload publishOrder(tx, orderId, ...) reads for itself.
void publishOrder(pqxx::transaction_base& tx, const boost::json::object& detail, bool created,
                  const api::Principal* actor);

}  // namespace opsdesk::server::orders
