#include "orders/transition_table.h"

#include "opsdesk/protocol/order_state.h"

namespace opsdesk::server::orders {

std::string transitionTableMarkdown() {
    using protocol::TransitionTrigger;
    std::string out = "| from | to | caused by | permission | needs |\n|---|---|---|---|---|\n";
    for (const auto& t : protocol::orderTransitions()) {
        const char* cause =
            t.trigger == TransitionTrigger::Manual    ? "`POST /orders/{id}/transitions`"
            : t.trigger == TransitionTrigger::Payment ? "captured payments reach the total"
                                                      : "`POST /orders/{id}/refunds`";
        std::string needs;
        if (t.requiresReason) {
            needs += "`reason`";
        }
        if (t.requiresTracking) {
            needs += needs.empty() ? "" : ", ";
            needs += "`carrier`, `tracking`";
        }
        out += "| `" + std::string(protocol::toString(t.from)) + "` | `" +
               std::string(protocol::toString(t.to)) + "` | " + cause + " | `" +
               std::string(protocol::toString(t.permission)) + "`" +
               (t.refundsCaptured ? ", and `orders.refund` when anything was captured" : "") +
               " | " + (needs.empty() ? "—" : needs) + " |\n";
    }
    return out;
}

}  // namespace opsdesk::server::orders
