#pragma once

#include <optional>
#include <span>
#include <string_view>

#include "opsdesk/protocol/permissions.h"

namespace opsdesk::protocol {

// Live-feed topics and event kinds of the contract. A topic is readable by holders of one
// permission; an event kind belongs to one topic and may need a further permission (finance
// events on the orders topic, for example).
enum class Topic { Orders, Payments, Tickets, Catalog, Finance };

enum class EventKind {
    OrderCreated,
    OrderUpdated,
    PaymentCaptured,
    RefundCreated,
    TicketCreated,
    TicketUpdated,
    TicketMessage,
    ProductUpdated,
    StatementUpdated,
    PromotionUpdated,
};

struct TopicInfo {
    Topic topic;
    std::string_view name;
    Permission readPermission;
};

struct EventKindInfo {
    EventKind kind;
    std::string_view name;  // "order.created"
    Topic topic;
    Permission readPermission;  // needed to receive this event, on top of the topic's
};

std::span<const TopicInfo> topics();
std::span<const EventKindInfo> eventKinds();
const TopicInfo& info(Topic t);
const EventKindInfo& info(EventKind k);
std::string_view toString(Topic t);
std::string_view toString(EventKind k);
std::optional<Topic> topicFromString(std::string_view name);
std::optional<EventKind> eventKindFromString(std::string_view name);

}  // namespace opsdesk::protocol
