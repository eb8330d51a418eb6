// The moves an order makes through its life (state machine of protocol/order_state): transitions,
// refunds and notes, each with its history, audit row and event in one transaction.

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <pqxx/pqxx>

#include "api/idempotency.h"
#include "audit/audit.h"
#include "catalog/catalog.h"
#include "core/api_error.h"
#include "feed/outbox.h"
#include "opsdesk/protocol/order_state.h"
#include "orders/orders_internal.h"

namespace opsdesk::server::orders {

namespace {

using protocol::ErrorCode;
using protocol::OrderStatus;

struct LockedOrder {
    std::string status;
    int version;
    std::int64_t captured;
    std::int64_t refunded;
    std::int64_t total;
    std::string currency;
    std::string number;
};

LockedOrder lockOrder(pqxx::transaction_base& tx, std::int64_t id) {
    const auto r = tx.exec_params(
        "SELECT status, version, captured_minor, refunded_minor, total_minor, currency, number "
        "FROM orders WHERE id = $1 FOR UPDATE",
        id);
    if (r.empty()) {
        throw notFound("No such order");
    }
    return {r[0][0].as<std::string>(),  r[0][1].as<int>(),          r[0][2].as<std::int64_t>(),
            r[0][3].as<std::int64_t>(), r[0][4].as<std::int64_t>(), r[0][5].as<std::string>(),
            r[0][6].as<std::string>()};
}

// What the audit trail keeps of an order before and after a change: as locked, before it...
boost::json::object snapshot(const LockedOrder& o) {
    return {{"status", o.status},
            {"captured_minor", o.captured},
            {"refunded_minor", o.refunded},
            {"version", o.version}};
}

// ...and from its detail after it.
boost::json::object snapshot(const boost::json::object& detail) {
    boost::json::object out;
    for (const char* field : {"status", "captured_minor", "refunded_minor", "version"}) {
        out[field] = detail.at(field);
    }
    return out;
}

// An order once it has changed, read once in the change's transaction: the answer, the audit
// row's `after` and the order event are all made from it.
struct Changed {
    std::string json;  // the detail as GET /orders/{id} answers it
    boost::json::object detail;
    int version = 0;
};

Changed afterChange(pqxx::transaction_base& tx, const api::Call& call, std::int64_t id) {
    auto order = readDetail(tx, id);
    if (!order) {
        throw notFound("No such order");
    }
    Changed changed{std::move(order->json), {}, order->version};
    changed.detail = boost::json::parse(changed.json).as_object();
    publishOrder(tx, changed.detail, false, &call.user());
    return changed;
}

// The same after a move of the order's status or money (`action`), with its audit row: the
// order as it was locked before, and after.
// `more` joins the audit row's after (what else the move did).
Changed afterMove(pqxx::transaction_base& tx, const api::Call& call, const LockedOrder& before,
                  std::int64_t id, std::string_view action, const boost::json::object& more = {}) {
    auto changed = afterChange(tx, call, id);
    auto after = snapshot(changed.detail);
    for (const auto& [key, value] : more) {
        after[key] = value;
    }
    audit::record(tx, call, {action, "order", std::to_string(id), snapshot(before), after});
    return changed;
}

void touchOrder(pqxx::transaction_base& tx, std::int64_t id, const std::string& status) {
    tx.exec_params(
        "UPDATE orders SET status = $2, version = version + 1, updated_at = now() "
        "WHERE id = $1",
        id, status);
}

boost::json::array allowedFrom(OrderStatus from) {
    boost::json::array out;
    for (const auto& t : protocol::orderTransitions()) {
        if (t.from == from && t.trigger == protocol::TransitionTrigger::Manual) {
            out.emplace_back(protocol::toString(t.to));
        }
    }
    return out;
}

}  // namespace

void recordHistory(pqxx::transaction_base& tx, std::int64_t orderId, const std::string& from,
                   const std::string& to, const api::Principal* actor, const std::string& reason) {
    tx.exec_params(
        "INSERT INTO order_history (order_id, from_status, to_status, actor_id, actor, reason) "
        "VALUES ($1, $2, $3, $4, $5, $6)",
        orderId, from.empty() ? std::optional<std::string>() : std::optional(from), to,
        actor ? std::optional(actor->userId) : std::nullopt, actor ? actor->username : "", reason);
}

namespace {

// Pays back `amount` of what was captured: the refund row and the order's counter, with the
// refund's audit row and feed event, whatever asked for it (a refund, or a transition that pays
// back, protocol::paysOut). The caller holds the order's row lock and moves its status.
boost::json::object applyRefund(pqxx::transaction_base& tx, const api::Call& call,
                                std::int64_t orderId, const LockedOrder& o, std::int64_t amount,
                                const std::string& reason) {
    const auto row = tx.exec_params1(
        "INSERT INTO refunds (order_id, amount_minor, reason, created_by) VALUES ($1, $2, $3, $4) "
        "RETURNING json_build_object('id', id, 'amount_minor', amount_minor, 'reason', reason, "
        "'status', status, 'currency', $5::text, 'created_at', " TS("created_at") ")::text",
        orderId, amount, reason, call.user().userId, o.currency);
    tx.exec_params("UPDATE orders SET refunded_minor = refunded_minor + $2 WHERE id = $1", orderId,
                   amount);
    auto created = boost::json::parse(row[0].as<std::string>()).as_object();
    const auto refundId = created.at("id").as_int64();
    audit::record(tx, call,
                  {"refund.create", "refund", std::to_string(refundId), nullptr, created});
    // Whoever shows it (a desk that may not read orders) needs no other event to say which
    // order and who.
    auto event = created;
    event["order_id"] = orderId;
    event["order_number"] = o.number;
    event["changed_by"] = call.user().username;
    feed::publish(tx, protocol::EventKind::RefundCreated, refundId, std::nullopt, event,
                  call.user().userId);
    return created;
}

}  // namespace

http::Response transition(api::Call& call) {
    const auto id = call.idParam("id");
    const int expected = call.ifMatchVersion();
    const auto body = call.jsonBody();
    const auto to = api::optionalString(body, "to").value_or("");
    const auto carrier = api::optionalString(body, "carrier").value_or("");
    const auto tracking = api::optionalString(body, "tracking").value_or("");
    const auto reason = api::optionalString(body, "reason").value_or("");
    const auto target = protocol::orderStatusFromString(to);
    if (!target) {
        throw validationFailed({{"to", "unknown status"}});
    }
    pqxx::work tx(call.db);
    const auto o = lockOrder(tx, id);
    api::requireVersion(expected, o.version);
    const auto from = *protocol::orderStatusFromString(o.status);
    const auto* t = protocol::findTransition(from, *target);
    if (!t || t->trigger != protocol::TransitionTrigger::Manual) {
        throw ApiError(ErrorCode::InvalidTransition,
                       "An order that is " + o.status + " cannot become " + to, {},
                       {{"from", o.status}, {"to", to}, {"allowed", allowedFrom(from)}});
    }
    // A move that pays money back (a cancel of anything captured) is a refund as well.
    const std::int64_t refundable = o.captured - o.refunded;
    for (const auto permission : protocol::requiredPermissions(*t, refundable)) {
        if (!call.user().has(permission)) {
            throw ApiError(ErrorCode::Forbidden,
                           protocol::paysOut(*t, refundable) &&
                                   permission == protocol::Permission::OrdersRefund
                               ? "This pays the customer back what was captured: that needs "
                                 "the refund permission"
                               : "You do not have permission to do this",
                           {}, {{"required_permission", protocol::toString(permission)}});
        }
    }
    std::map<std::string, std::string> fields;
    if (t->requiresReason && reason.empty()) {
        fields["reason"] = "required";
    }
    if (t->requiresTracking && carrier.empty()) {
        fields["carrier"] = "required";
    }
    if (t->requiresTracking && tracking.empty()) {
        fields["tracking"] = "required";
    }
    if (reason.size() > 1000 || carrier.size() > 100 || tracking.size() > 100) {
        fields["reason"] = "too long";
    }
    if (!fields.empty()) {
        throw validationFailed(std::move(fields));
    }
    if (*target == OrderStatus::Shipped) {
        tx.exec_params("INSERT INTO shipments (order_id, carrier, tracking) VALUES ($1, $2, $3)",
                       id, carrier, tracking);
    }
    if (protocol::paysOut(*t, refundable)) {
        applyRefund(tx, call, id, o, refundable, "Order cancelled: " + reason);
    }
    touchOrder(tx, id, to);
    recordHistory(tx, id, o.status, to, &call.user(), reason);
    // A cancelled order gives back the stock it took.
    boost::json::object more;
    if (*target == OrderStatus::Cancelled) {
        if (auto moves =
                catalog::restockOrder(tx, id, "order " + o.number + " cancelled", &call.user());
            !moves.empty()) {
            more["stock_returned"] = std::move(moves);
        }
    }
    auto changed = afterMove(tx, call, o, id, "order.transition", more);
    tx.commit();
    return api::withVersion(http::Response::json(200, std::move(changed.json)), changed.version);
}

http::Response refund(api::Call& call) {
    const auto id = call.idParam("id");
    const auto body = call.jsonBody();
    std::optional<int> expected;
    if (call.request.headers.contains("If-Match")) {
        expected = call.ifMatchVersion();
    }
    const auto* amountValue = body.if_contains("amount_minor");
    const auto reason = api::optionalString(body, "reason").value_or("");
    std::map<std::string, std::string> fields;
    std::int64_t amount = 0;
    if (!amountValue || !amountValue->is_int64() || amountValue->as_int64() <= 0) {
        fields["amount_minor"] = "must be a positive whole number of minor units";
    } else {
        amount = amountValue->as_int64();
    }
    if (reason.empty()) {
        fields["reason"] = "required";
    } else if (reason.size() > 1000) {
        fields["reason"] = "at most 1000 characters";
    }
    if (!fields.empty()) {
        throw validationFailed(std::move(fields));
    }
    pqxx::work tx(call.db);
    auto response = idempotency::once(call, tx, [&](pqxx::dbtransaction& work) {
        // The row lock makes concurrent refunds of one order take turns, so the check below
        // sees every refund committed before it; the table's CHECK is the last line.
        const auto o = lockOrder(work, id);
        if (expected) {
            api::requireVersion(*expected, o.version);
        }
        const auto status = *protocol::orderStatusFromString(o.status);
        if (!protocol::refundAllowedFrom(status)) {
            throw ApiError(ErrorCode::InvalidTransition,
                           "An order that is " + o.status + " cannot be refunded", {},
                           {{"from", o.status}});
        }
        const std::int64_t remaining = o.captured - o.refunded;
        if (amount > remaining) {
            throw ApiError(ErrorCode::ValidationFailed, "That is more than is left to refund",
                           {{"amount_minor", "at most " + std::to_string(remaining)}},
                           {{"refundable_minor", remaining}, {"currency", o.currency}});
        }
        auto created = applyRefund(work, call, id, o, amount, reason);
        const std::string next =
            o.refunded + amount >= o.captured ? "refunded" : "partially_refunded";
        touchOrder(work, id, next);
        recordHistory(work, id, o.status, next, &call.user(), reason);
        auto changed = afterMove(work, call, o, id, "order.refund");
        // The order as it is now comes with the refund: the desk that refunded reloads nothing.
        created["order"] = std::move(changed.detail);
        return api::withVersion(http::Response::json(201, boost::json::serialize(created)),
                                changed.version);
    });
    tx.commit();
    if (response.status == 201 && !response.headers.contains("ETag")) {
        // A replay (the key row keeps status and body): the same ETag as the first answer.
        const auto replayed = boost::json::parse(response.body).as_object();
        response = api::withVersion(
            std::move(response), static_cast<int>(replayed.at("order").at("version").as_int64()));
    }
    return response;
}

http::Response addNote(api::Call& call) {
    const auto id = call.idParam("id");
    const auto body = call.jsonBody();
    const auto text = api::optionalString(body, "body").value_or("");
    if (text.empty() || text.size() > 5000) {
        throw validationFailed({{"body", "1 to 5000 characters"}});
    }
    pqxx::work tx(call.db);
    lockOrder(tx, id);
    const auto row = tx.exec_params1(
        "INSERT INTO order_notes (order_id, author_id, author, body) VALUES ($1, $2, $3, $4) "
        "RETURNING json_build_object('id', id, 'author', author, 'body', body, "
        "'created_at', " TS("created_at") ")::text",
        id, call.user().userId, call.user().username, text);
    tx.exec_params("UPDATE orders SET version = version + 1, updated_at = now() WHERE id = $1", id);
    auto note = boost::json::parse(row[0].as<std::string>()).as_object();
    audit::record(tx, call, {"order.note", "order", std::to_string(id), nullptr, note});
    auto changed = afterChange(tx, call, id);
    tx.commit();
    note["order"] = std::move(changed.detail);
    return api::withVersion(http::Response::json(201, boost::json::serialize(note)),
                            changed.version);
}

}  // namespace opsdesk::server::orders
