#pragma once

#include <cstdint>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "opsdesk/protocol/permissions.h"

namespace opsdesk::protocol {

enum class OrderStatus {
    PendingPayment,
    Paid,
    Fulfilling,
    Shipped,
    Delivered,
    Completed,
    Cancelled,
    PartiallyRefunded,
    Refunded,
};

// What causes a transition. Only Manual transitions may be requested through
// POST /orders/{id}/transitions; the others happen as a consequence of payments and refunds.
enum class TransitionTrigger { Manual, Payment, Refund };

struct OrderTransition {
    OrderStatus from;
    OrderStatus to;
    TransitionTrigger trigger;
    Permission permission;  // who may cause it (Manual) or whose action causes it
    bool requiresReason;    // cancel
    bool requiresTracking;  // ship: carrier and tracking number
    // Pays back whatever was captured and not refunded yet (cancel; a partly paid order is still
    // pending_payment): then it moves money out, like a refund, and needs what a refund needs.
    bool refundsCaptured = false;
};

// What it takes to make transition `t` of an order that has `refundableMinor` captured and not
// refunded: its own permission, and orders.refund as well whenever it would pay money out. The
// server enforces this and the client offers actions by it.
std::vector<Permission> requiredPermissions(const OrderTransition& t, std::int64_t refundableMinor);
// Whether `t` pays money out of an order with `refundableMinor` left: it is then a refund too.
bool paysOut(const OrderTransition& t, std::int64_t refundableMinor);

// The one transition table: the server enforces it, the client offers actions from it, the tests
// walk it and docs/API.md prints it.
std::span<const OrderTransition> orderTransitions();
const OrderTransition* findTransition(OrderStatus from, OrderStatus to);

std::span<const OrderStatus> allOrderStatuses();
std::string_view toString(OrderStatus s);
std::optional<OrderStatus> orderStatusFromString(std::string_view name);

// A refund (partial or full) is possible from these states while money remains captured.
bool refundAllowedFrom(OrderStatus s);

}  // namespace opsdesk::protocol
