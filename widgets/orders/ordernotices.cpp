// The orders module's desktop notices (ModuleInfo::notice): the shell's tray notifier asks the
// module about every live event the module registered.

#include "services-client/feed/feedclient.h"
#include "services-client/orders/order.h"
#include "widgets/common/format.h"
#include "widgets/orders/orderspage.h"
#include "widgets/orders/orderstext.h"

namespace opsdesk::widgets {

std::optional<ModuleNotice> OrdersPage::notice(const client::FeedEvent& event,
                                               const NoticeContext& context) {
    const auto& prefs = context.preferences;
    const QString actor = event.actor();
    const bool mine = !actor.isEmpty() && actor == context.username;
    const QString module = QStringLiteral("orders");

    if (event.kind == protocol::EventKind::OrderCreated) {
        const auto order = client::OrderSummary::fromJson(event.data);
        if (!prefs.newOrders || mine || !order) {
            return std::nullopt;
        }
        // Minor units of different currencies are not comparable (fen, cents, yen...).
        if (order->currency == prefs.newOrderMinCurrency &&
            order->totalMinor < prefs.newOrderMinMinor) {
            return std::nullopt;
        }
        return ModuleNotice{
            .title = Orders::tr("New order %1").arg(order->number),
            .text =
                Orders::tr("%1 from %2")
                    .arg(Format::money(order->totalMinor, order->currency), order->customer.name),
            .moduleId = module,
            .open = {{QStringLiteral("order_id"), order->id}},
        };
    }
    if (event.kind == protocol::EventKind::RefundCreated) {
        // The event names the order and who refunded (changed_by); a desk that may see refunds
        // but not orders learns it from this event alone.
        if (!prefs.refunds || mine) {
            return std::nullopt;
        }
        const QString number = event.data.value(QStringLiteral("order_number")).toString();
        const QString amount =
            Format::money(event.data.value(QStringLiteral("amount_minor")).toInteger(),
                          event.data.value(QStringLiteral("currency")).toString());
        return ModuleNotice{
            .title = number.isEmpty() ? Orders::tr("Refund issued")
                                      : Orders::tr("Refund on %1").arg(number),
            .text = actor.isEmpty() ? Orders::tr("%1 refunded").arg(amount)
                                    : Orders::tr("%1 refunded by %2").arg(amount, actor),
            .moduleId = module,
            .open = {{QStringLiteral("order_id"),
                      event.data.value(QStringLiteral("order_id")).toInteger()}},
        };
    }
    return std::nullopt;
}

}  // namespace opsdesk::widgets
