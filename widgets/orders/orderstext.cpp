#include "widgets/orders/orderstext.h"

#include "widgets/common/errortext.h"
#include "widgets/common/format.h"
#include "widgets/common/theme.h"

namespace opsdesk::widgets {

using protocol::OrderStatus;

namespace {

std::optional<OrderStatus> statusOf(const QString& wireName) {
    const QByteArray latin = wireName.toLatin1();
    return protocol::orderStatusFromString(std::string_view(latin.constData(), latin.size()));
}

}  // namespace

QString OrdersText::statusName(OrderStatus status) {
    switch (status) {
        case OrderStatus::PendingPayment:
            return Orders::tr("Awaiting payment");
        case OrderStatus::Paid:
            return Orders::tr("Paid");
        case OrderStatus::Fulfilling:
            return Orders::tr("Fulfilling");
        case OrderStatus::Shipped:
            return Orders::tr("Shipped");
        case OrderStatus::Delivered:
            return Orders::tr("Delivered");
        case OrderStatus::Completed:
            return Orders::tr("Completed");
        case OrderStatus::Cancelled:
            return Orders::tr("Cancelled");
        case OrderStatus::PartiallyRefunded:
            return Orders::tr("Partially refunded");
        case OrderStatus::Refunded:
            return Orders::tr("Refunded");
    }
    return {};
}

QString OrdersText::statusName(const QString& wireName) {
    const auto s = statusOf(wireName);
    return s ? statusName(*s) : wireName;
}

QColor OrdersText::statusColor(const QString& wireName) {
    using R = Theme::Role;
    const auto s = statusOf(wireName);
    if (!s) {
        return Theme::color(R::AccentGrey);
    }
    switch (*s) {
        case OrderStatus::PendingPayment:
            return Theme::color(R::AccentAmber);
        case OrderStatus::Paid:
            return Theme::color(R::AccentBlue);
        case OrderStatus::Fulfilling:
            return Theme::color(R::AccentViolet);
        case OrderStatus::Shipped:
            return Theme::color(R::AccentCyan);
        case OrderStatus::Delivered:
            return Theme::color(R::AccentGreen);
        case OrderStatus::Completed:
            return Theme::color(R::AccentLime);
        case OrderStatus::Cancelled:
            return Theme::color(R::AccentGrey);
        case OrderStatus::PartiallyRefunded:
            return Theme::color(R::AccentOrange);
        case OrderStatus::Refunded:
            return Theme::color(R::AccentRed);
    }
    return Theme::color(R::AccentGrey);
}

QString OrdersText::actionLabel(const client::OrderAction& action) {
    using Kind = client::OrderAction::Kind;
    switch (action.kind) {
        case Kind::Refund:
            return Orders::tr("Refund…");
        case Kind::Note:
            return Orders::tr("Add note…");
        case Kind::Transition:
            break;
    }
    switch (action.to) {
        case OrderStatus::Fulfilling:
            return Orders::tr("Start fulfilling");
        case OrderStatus::Shipped:
            return Orders::tr("Mark as shipped…");
        case OrderStatus::Delivered:
            return Orders::tr("Mark as delivered");
        case OrderStatus::Completed:
            return Orders::tr("Complete");
        case OrderStatus::Cancelled:
            return Orders::tr("Cancel order…");
        default:
            return Orders::tr("Change to “%1”").arg(statusName(action.to));
    }
}

QString OrdersText::historyReason(const QString& reason, const QString& actor) {
    if (!actor.isEmpty()) {
        return reason;
    }
    if (reason == QLatin1String("received from the storefront")) {
        return Orders::tr("received from the storefront");
    }
    static const QString capturedVia = QStringLiteral("payment captured via ");
    if (reason.startsWith(capturedVia)) {
        return Orders::tr("payment captured via %1").arg(reason.mid(capturedVia.size()));
    }
    return reason;
}

QString OrdersText::orderCount(qint64 count, bool exact) {
    if (count == 0) {
        return Orders::tr("No orders");
    }
    if (exact) {
        return count == 1 ? Orders::tr("1 order")
                          : Orders::tr("%1 orders").arg(QLocale().toString(count));
    }
    return Orders::tr("About %1 orders").arg(Format::approximateCount(count));
}

QString OrdersText::describeActionError(const client::ApiError& error, const QString& currency,
                                        bool repeatIsSafe) {
    using protocol::ErrorCode;
    if (error.kind == client::ApiError::Kind::Http && error.code) {
        switch (*error.code) {
            case ErrorCode::PreconditionFailed:
                return Orders::tr(
                    "Someone else changed this order after you opened it, so this was not "
                    "done. What you typed is kept.");
            case ErrorCode::InvalidTransition:
                return ErrorText::refusal(error,
                                          [](const QString& wire) { return statusName(wire); });
            case ErrorCode::Conflict:
                return Orders::tr(
                    "The server is still working on an earlier attempt. Wait a moment and "
                    "submit again: it will not be done twice.");
            case ErrorCode::IdempotencyKeyReused:
                return Orders::tr(
                    "An earlier attempt reached the server with other values. The order "
                    "has been reloaded: check its refunds before you try again.");
            case ErrorCode::ValidationFailed: {
                if (error.details.contains(QLatin1String("refundable_minor"))) {
                    const qint64 left =
                        error.details.value(QLatin1String("refundable_minor")).toInteger();
                    const QString code =
                        error.details.value(QLatin1String("currency")).toString(currency);
                    return Orders::tr("That is more than is left to refund (%1).")
                        .arg(Format::money(left, code));
                }
                QStringList why;
                for (auto it = error.fields.cbegin(); it != error.fields.cend(); ++it) {
                    why << QStringLiteral("%1: %2").arg(it.key(), it.value());
                }
                return why.isEmpty() ? ErrorText::describe(error)
                                     : Orders::tr("The server did not accept this (%1).")
                                           .arg(why.join(QStringLiteral("; ")));
            }
            case ErrorCode::Forbidden:
                return Orders::tr("Your account is not allowed to do this to an order.");
            default:
                break;
        }
    }
    if (error.kind == client::ApiError::Kind::Timeout ||
        error.kind == client::ApiError::Kind::Network) {
        if (!repeatIsSafe) {
            return Orders::tr(
                "No answer from the server, so it is not known whether this was saved. "
                "Check the order before you submit again.");
        }
        return Orders::tr(
            "No answer from the server, so it is not known whether this was done. Submit "
            "again: the server recognises a repeat and never does it twice.");
    }
    return ErrorText::describe(error);
}

}  // namespace opsdesk::widgets
