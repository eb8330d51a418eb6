#pragma once

#include <QtGlobal>
#include <set>
#include <vector>

#include "opsdesk/protocol/order_state.h"
#include "opsdesk/protocol/permissions.h"

namespace opsdesk::client {

struct OrderDetail;

// Something a person may do to an order right now.
struct OrderAction {
    enum class Kind { Transition, Refund, Note };
    Kind kind = Kind::Note;
    protocol::OrderStatus to = protocol::OrderStatus::Paid;  // Transition only
    bool requiresReason = false;
    bool requiresTracking = false;

    friend bool operator==(const OrderAction&, const OrderAction&) = default;
};

// The actions offered for an order: the protocol's transition table (manual moves from the
// current status) intersected with the user's permissions — the endpoint's own permission and
// the transition's, and orders.refund for a move that pays money back — plus a refund while
// money is left to pay back, plus a note.
std::vector<OrderAction> availableActions(protocol::OrderStatus status, qint64 refundableMinor,
                                          const std::set<protocol::Permission>& permissions);
std::vector<OrderAction> availableActions(const OrderDetail& order,
                                          const std::set<protocol::Permission>& permissions);

}  // namespace opsdesk::client
