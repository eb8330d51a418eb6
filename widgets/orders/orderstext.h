#pragma once

#include <QColor>
#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include "opsdesk/protocol/order_state.h"
#include "services-client/api/apierror.h"
#include "services-client/orders/orderactions.h"

namespace opsdesk::widgets {

// The module's one translation context: every string of widgets/orders is Orders::tr(), so the
// catalogue (translations/orders_zh_CN.ts) and the runtime agree on its name.
class Orders {
    Q_DECLARE_TR_FUNCTIONS(Orders)
};

// The orders module's words: status names (one table keyed by the protocol's status), action
// labels, and what a failed order request means.
class OrdersText {
public:
    static QString statusName(protocol::OrderStatus status);
    // A wire name; an unknown one (a newer server) is shown as it is.
    static QString statusName(const QString& wireName);
    static QColor statusColor(const QString& wireName);

    // "Mark as shipped…", "Cancel order…", "Refund…", "Add note…"
    static QString actionLabel(const client::OrderAction& action);

    // The reason of a history entry as the user reads it. The server's own steps (no actor) use
    // fixed English phrases (server/orders/storefront.cpp), shown here in the user's language;
    // reasons people typed, and a shop's cancellation reasons, are shown as they are.
    static QString historyReason(const QString& reason, const QString& actor);

    // "About 1.2 million orders" / "1,234 orders" / "No orders".
    static QString orderCount(qint64 count, bool exact);

    // What a failed transition/refund/note means, in words: stale version (412), a move the
    // current status does not allow (409 with details.allowed), too much to refund (422)…
    // `repeatIsSafe`: a repeat cannot act twice (an idempotency key, or If-Match).
    static QString describeActionError(const client::ApiError& error, const QString& currency = {},
                                       bool repeatIsSafe = true);
};

}  // namespace opsdesk::widgets
