#include "opsdesk/protocol/events.h"

#include <array>

namespace opsdesk::protocol {

namespace {

using P = Permission;
using T = Topic;
using K = EventKind;

constexpr std::array kTopics{
    TopicInfo{T::Orders, "orders", P::OrdersRead},
    TopicInfo{T::Payments, "payments", P::FinanceRead},
    TopicInfo{T::Tickets, "tickets", P::SupportRead},
    TopicInfo{T::Catalog, "catalog", P::CatalogRead},
    TopicInfo{T::Finance, "finance", P::FinanceRead},
};

constexpr std::array kKinds{
    EventKindInfo{K::OrderCreated, "order.created", T::Orders, P::OrdersRead},
    EventKindInfo{K::OrderUpdated, "order.updated", T::Orders, P::OrdersRead},
    EventKindInfo{K::PaymentCaptured, "payment.captured", T::Payments, P::FinanceRead},
    EventKindInfo{K::RefundCreated, "refund.created", T::Payments, P::FinanceRead},
    EventKindInfo{K::TicketCreated, "ticket.created", T::Tickets, P::SupportRead},
    EventKindInfo{K::TicketUpdated, "ticket.updated", T::Tickets, P::SupportRead},
    EventKindInfo{K::TicketMessage, "ticket.message", T::Tickets, P::SupportRead},
    EventKindInfo{K::ProductUpdated, "product.updated", T::Catalog, P::CatalogRead},
    EventKindInfo{K::StatementUpdated, "statement.updated", T::Finance, P::FinanceRead},
    EventKindInfo{K::PromotionUpdated, "promotion.updated", T::Catalog, P::CatalogRead},
};

}  // namespace

std::span<const TopicInfo> topics() {
    return kTopics;
}
std::span<const EventKindInfo> eventKinds() {
    return kKinds;
}
const TopicInfo& info(Topic t) {
    return kTopics[static_cast<std::size_t>(t)];
}
const EventKindInfo& info(EventKind k) {
    return kKinds[static_cast<std::size_t>(k)];
}
std::string_view toString(Topic t) {
    return info(t).name;
}
std::string_view toString(EventKind k) {
    return info(k).name;
}

std::optional<Topic> topicFromString(std::string_view name) {
    for (const auto& t : kTopics) {
        if (t.name == name) {
            return t.topic;
        }
    }
    return std::nullopt;
}

std::optional<EventKind> eventKindFromString(std::string_view name) {
    for (const auto& k : kKinds) {
        if (k.name == name) {
            return k.kind;
        }
    }
    return std::nullopt;
}

}  // namespace opsdesk::protocol
