#include "services-client/orders/orderactions.h"

#include "services-client/orders/order.h"

namespace opsdesk::client {

using protocol::OrderStatus;
using protocol::Permission;

std::vector<OrderAction> availableActions(OrderStatus status, qint64 refundableMinor,
                                          const std::set<Permission>& permissions) {
    auto has = [&](Permission p) { return permissions.count(p) > 0; };
    std::vector<OrderAction> out;
    // POST /orders/{id}/transitions itself needs orders.write; each move may need more.
    // A move that pays money back (cancelling what was captured) needs orders.refund as well.
    auto mayMake = [&](const protocol::OrderTransition& t) {
        for (const auto p : protocol::requiredPermissions(t, refundableMinor)) {
            if (!has(p)) {
                return false;
            }
        }
        return true;
    };
    if (has(Permission::OrdersWrite)) {
        for (const auto& t : protocol::orderTransitions()) {
            if (t.from == status && t.trigger == protocol::TransitionTrigger::Manual &&
                mayMake(t)) {
                out.push_back(
                    {OrderAction::Kind::Transition, t.to, t.requiresReason, t.requiresTracking});
            }
        }
    }
    if (has(Permission::OrdersRefund) && protocol::refundAllowedFrom(status) &&
        refundableMinor > 0) {
        out.push_back({OrderAction::Kind::Refund, status, true, false});
    }
    if (has(Permission::OrdersWrite)) {
        out.push_back({OrderAction::Kind::Note, status, false, false});
    }
    return out;
}

std::vector<OrderAction> availableActions(const OrderDetail& order,
                                          const std::set<Permission>& permissions) {
    const auto status = order.statusValue();
    if (!status) {
        return {};
    }
    return availableActions(*status, order.refundableMinor(), permissions);
}

}  // namespace opsdesk::client
