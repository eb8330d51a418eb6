#include "opsdesk/protocol/order_state.h"

#include <array>

namespace opsdesk::protocol {

namespace {

using S = OrderStatus;
using Tr = TransitionTrigger;
using P = Permission;

constexpr std::array kStatuses{
    std::pair{S::PendingPayment, std::string_view{"pending_payment"}},
    std::pair{S::Paid, std::string_view{"paid"}},
    std::pair{S::Fulfilling, std::string_view{"fulfilling"}},
    std::pair{S::Shipped, std::string_view{"shipped"}},
    std::pair{S::Delivered, std::string_view{"delivered"}},
    std::pair{S::Completed, std::string_view{"completed"}},
    std::pair{S::Cancelled, std::string_view{"cancelled"}},
    std::pair{S::PartiallyRefunded, std::string_view{"partially_refunded"}},
    std::pair{S::Refunded, std::string_view{"refunded"}},
};

constexpr std::array kAllStatuses{
    S::PendingPayment, S::Paid,      S::Fulfilling,        S::Shipped, S::Delivered,
    S::Completed,      S::Cancelled, S::PartiallyRefunded, S::Refunded};

constexpr OrderTransition manual(S from, S to, bool reason = false, bool tracking = false) {
    return {from, to, Tr::Manual, P::OrdersWrite, reason, tracking};
}
constexpr OrderTransition refund(S from, S to) {
    return {from, to, Tr::Refund, P::OrdersRefund, true, false};
}

constexpr std::array kTransitions{
    // Forward flow.
    OrderTransition{S::PendingPayment, S::Paid, Tr::Payment, P::OrdersWrite, false, false},
    manual(S::Paid, S::Fulfilling),
    manual(S::Fulfilling, S::Shipped, false, true),
    manual(S::Shipped, S::Delivered),
    manual(S::Delivered, S::Completed),
    // Cancellation: an order nothing was captured for simply ends; whatever was captured (all
    // of a paid order, part of a partly paid one) is paid back as it ends, which needs the
    // refund permission too (requiredPermissions()).
    OrderTransition{S::PendingPayment, S::Cancelled, Tr::Manual, P::OrdersWrite, true, false, true},
    OrderTransition{S::Paid, S::Cancelled, Tr::Manual, P::OrdersWrite, true, false, true},
    // Refunds: a partial refund keeps the order partially refunded; the last one refunds it.
    refund(S::Paid, S::PartiallyRefunded),
    refund(S::Paid, S::Refunded),
    refund(S::Fulfilling, S::PartiallyRefunded),
    refund(S::Fulfilling, S::Refunded),
    refund(S::Shipped, S::PartiallyRefunded),
    refund(S::Shipped, S::Refunded),
    refund(S::Delivered, S::PartiallyRefunded),
    refund(S::Delivered, S::Refunded),
    refund(S::Completed, S::PartiallyRefunded),
    refund(S::Completed, S::Refunded),
    refund(S::PartiallyRefunded, S::PartiallyRefunded),
    refund(S::PartiallyRefunded, S::Refunded),
};

}  // namespace

std::span<const OrderTransition> orderTransitions() {
    return kTransitions;
}

const OrderTransition* findTransition(OrderStatus from, OrderStatus to) {
    for (const auto& t : kTransitions) {
        if (t.from == from && t.to == to) {
            return &t;
        }
    }
    return nullptr;
}

std::span<const OrderStatus> allOrderStatuses() {
    return kAllStatuses;
}

std::string_view toString(OrderStatus s) {
    return kStatuses[static_cast<std::size_t>(s)].second;
}

std::optional<OrderStatus> orderStatusFromString(std::string_view name) {
    for (const auto& [status, text] : kStatuses) {
        if (text == name) {
            return status;
        }
    }
    return std::nullopt;
}

bool paysOut(const OrderTransition& t, std::int64_t refundableMinor) {
    return t.trigger == Tr::Refund || (t.refundsCaptured && refundableMinor > 0);
}

std::vector<Permission> requiredPermissions(const OrderTransition& t,
                                            std::int64_t refundableMinor) {
    std::vector<Permission> out{t.permission};
    if (paysOut(t, refundableMinor) && t.permission != P::OrdersRefund) {
        out.push_back(P::OrdersRefund);
    }
    return out;
}

bool refundAllowedFrom(OrderStatus s) {
    for (const auto& t : kTransitions) {
        if (t.from == s && t.trigger == Tr::Refund) {
            return true;
        }
    }
    return false;
}

}  // namespace opsdesk::protocol
