#pragma once

#include <cstdint>
#include <pqxx/transaction_base>
#include <string>

#include "api/call.h"
#include "http/message.h"

namespace opsdesk::server::orders {

http::Response list(api::Call& call);        // GET /orders
http::Response detail(api::Call& call);      // GET /orders/{id}
http::Response transition(api::Call& call);  // POST /orders/{id}/transitions
http::Response refund(api::Call& call);      // POST /orders/{id}/refunds
http::Response addNote(api::Call& call);     // POST /orders/{id}/notes

// Storefront ingestion (service key).
http::Response ingestOrder(api::Call& call);         // POST /storefront/orders
http::Response ingestPayment(api::Call& call);       // POST /storefront/payments
http::Response ingestCancellation(api::Call& call);  // POST /storefront/cancellations

// Publishes order.updated (or order.created) with the order's list-item fields, in `tx`.
void publishOrder(pqxx::transaction_base& tx, std::int64_t orderId, bool created,
                  const api::Principal* actor);

// Records a status change in the order's history (the order row is updated by the caller).
void recordHistory(pqxx::transaction_base& tx, std::int64_t orderId, const std::string& from,
                   const std::string& to, const api::Principal* actor, const std::string& reason);

}  // namespace opsdesk::server::orders
