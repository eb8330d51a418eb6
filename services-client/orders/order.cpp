#include "services-client/orders/order.h"

#include <QJsonArray>

#include "services-client/api/wiretime.h"

namespace opsdesk::client {

namespace {

qint64 int64Of(const QJsonObject& o, QLatin1String key) {
    return o.value(key).toInteger();
}

QString textOf(const QJsonObject& o, QLatin1String key) {
    return o.value(key).toString();
}

template <typename T, typename Read>
QList<T> listOf(const QJsonObject& o, QLatin1String key, Read read) {
    QList<T> out;
    const QJsonArray array = o.value(key).toArray();
    out.reserve(array.size());
    for (const auto& v : array) {
        out.append(read(v.toObject()));
    }
    return out;
}

}  // namespace

std::optional<protocol::OrderStatus> OrderSummary::statusValue() const {
    const QByteArray name = status.toLatin1();
    return protocol::orderStatusFromString(std::string_view(name.constData(), name.size()));
}

std::optional<OrderSummary> OrderSummary::fromJson(const QJsonObject& o, QString* why) {
    OrderSummary s;
    s.id = int64Of(o, QLatin1String("id"));
    s.number = textOf(o, QLatin1String("number"));
    s.status = textOf(o, QLatin1String("status"));
    s.currency = textOf(o, QLatin1String("currency"));
    if (s.id <= 0 || s.number.isEmpty() || s.status.isEmpty() || s.currency.isEmpty() ||
        !o.value(QLatin1String("total_minor")).isDouble()) {
        if (why) {
            *why = QStringLiteral("an order lacks id, number, status, total_minor or currency");
        }
        return std::nullopt;
    }
    const QJsonObject c = o.value(QLatin1String("customer")).toObject();
    s.customer = {int64Of(c, QLatin1String("id")), textOf(c, QLatin1String("name")),
                  textOf(c, QLatin1String("email"))};
    s.totalMinor = int64Of(o, QLatin1String("total_minor"));
    s.createdAt = parseTimestamp(textOf(o, QLatin1String("created_at")));
    s.updatedAt = parseTimestamp(textOf(o, QLatin1String("updated_at")));
    s.version = o.value(QLatin1String("version")).toInt();
    return s;
}

OrderRefund OrderRefund::fromJson(const QJsonObject& r) {
    return {int64Of(r, QLatin1String("id")),
            int64Of(r, QLatin1String("amount_minor")),
            textOf(r, QLatin1String("reason")),
            textOf(r, QLatin1String("status")),
            textOf(r, QLatin1String("created_by")),
            parseTimestamp(textOf(r, QLatin1String("created_at")))};
}

OrderNote OrderNote::fromJson(const QJsonObject& n) {
    return {int64Of(n, QLatin1String("id")), textOf(n, QLatin1String("author")),
            textOf(n, QLatin1String("body")),
            parseTimestamp(textOf(n, QLatin1String("created_at")))};
}

qint64 OrderDetail::refundableMinor() const {
    return capturedMinor > refundedMinor ? capturedMinor - refundedMinor : 0;
}

std::optional<OrderDetail> OrderDetail::fromJson(const QJsonObject& o, QString* why) {
    const auto summary = OrderSummary::fromJson(o, why);
    if (!summary) {
        return std::nullopt;
    }
    OrderDetail d;
    static_cast<OrderSummary&>(d) = *summary;
    d.externalId = textOf(o, QLatin1String("external_id"));
    d.subtotalMinor = int64Of(o, QLatin1String("subtotal_minor"));
    d.discountMinor = int64Of(o, QLatin1String("discount_minor"));
    d.shippingMinor = int64Of(o, QLatin1String("shipping_minor"));
    d.taxMinor = int64Of(o, QLatin1String("tax_minor"));
    d.capturedMinor = int64Of(o, QLatin1String("captured_minor"));
    d.refundedMinor = int64Of(o, QLatin1String("refunded_minor"));
    d.items = listOf<OrderItem>(o, QLatin1String("items"), [](const QJsonObject& i) {
        return OrderItem{i.value(QLatin1String("line")).toInt(), textOf(i, QLatin1String("sku")),
                         textOf(i, QLatin1String("title")),
                         int64Of(i, QLatin1String("unit_price_minor")),
                         i.value(QLatin1String("quantity")).toInt()};
    });
    d.payments = listOf<OrderPayment>(o, QLatin1String("payments"), [](const QJsonObject& p) {
        return OrderPayment{int64Of(p, QLatin1String("id")),
                            textOf(p, QLatin1String("provider")),
                            textOf(p, QLatin1String("provider_ref")),
                            int64Of(p, QLatin1String("amount_minor")),
                            textOf(p, QLatin1String("currency")),
                            textOf(p, QLatin1String("status")),
                            parseTimestamp(textOf(p, QLatin1String("captured_at")))};
    });
    d.refunds = listOf<OrderRefund>(o, QLatin1String("refunds"), &OrderRefund::fromJson);
    d.shipments = listOf<OrderShipment>(o, QLatin1String("shipments"), [](const QJsonObject& s) {
        return OrderShipment{int64Of(s, QLatin1String("id")), textOf(s, QLatin1String("carrier")),
                             textOf(s, QLatin1String("tracking")),
                             parseTimestamp(textOf(s, QLatin1String("shipped_at")))};
    });
    d.notes = listOf<OrderNote>(o, QLatin1String("notes"), &OrderNote::fromJson);
    d.history = listOf<OrderHistoryEntry>(o, QLatin1String("history"), [](const QJsonObject& h) {
        return OrderHistoryEntry{textOf(h, QLatin1String("from")), textOf(h, QLatin1String("to")),
                                 textOf(h, QLatin1String("actor")),
                                 textOf(h, QLatin1String("reason")),
                                 parseTimestamp(textOf(h, QLatin1String("at")))};
    });
    return d;
}

}  // namespace opsdesk::client
