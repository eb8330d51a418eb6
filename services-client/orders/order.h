#pragma once

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <optional>

#include "opsdesk/protocol/order_state.h"

namespace opsdesk::client {

struct OrderCustomer {
    qint64 id = 0;
    QString name;
    QString email;
};

// One row of GET /orders: what the list shows.
struct OrderSummary {
    qint64 id = 0;
    QString number;
    QString status;  // wire name; statusValue() for the protocol's enum
    OrderCustomer customer;
    qint64 totalMinor = 0;
    QString currency;
    QDateTime createdAt;
    QDateTime updatedAt;
    int version = 0;

    std::optional<protocol::OrderStatus> statusValue() const;

    // Reads the contract's list item; nullopt with *why set when required parts are missing.
    static std::optional<OrderSummary> fromJson(const QJsonObject& object, QString* why = nullptr);
};

struct OrderItem {
    int line = 0;
    QString sku;
    QString title;
    qint64 unitPriceMinor = 0;
    int quantity = 0;
};

struct OrderPayment {
    qint64 id = 0;
    QString provider;
    QString providerRef;
    qint64 amountMinor = 0;
    QString currency;
    QString status;
    QDateTime capturedAt;
};

struct OrderRefund {
    qint64 id = 0;
    qint64 amountMinor = 0;
    QString reason;
    QString status;
    QString createdBy;
    QDateTime createdAt;

    static OrderRefund fromJson(const QJsonObject& object);
};

struct OrderShipment {
    qint64 id = 0;
    QString carrier;
    QString tracking;
    QDateTime shippedAt;
};

struct OrderNote {
    qint64 id = 0;
    QString author;
    QString body;
    QDateTime createdAt;

    static OrderNote fromJson(const QJsonObject& object);
};

struct OrderHistoryEntry {
    QString from;  // empty for the order's creation
    QString to;
    QString actor;  // empty when the system did it (a payment)
    QString reason;
    QDateTime at;
};

// GET /orders/{id}: the summary plus everything the detail pane shows.
struct OrderDetail : OrderSummary {
    QString externalId;
    qint64 subtotalMinor = 0;
    qint64 discountMinor = 0;
    qint64 shippingMinor = 0;
    qint64 taxMinor = 0;
    qint64 capturedMinor = 0;
    qint64 refundedMinor = 0;
    QList<OrderItem> items;
    QList<OrderPayment> payments;
    QList<OrderRefund> refunds;
    QList<OrderShipment> shipments;
    QList<OrderNote> notes;
    QList<OrderHistoryEntry> history;

    // What may still be paid back: captured − refunded, never below zero.
    qint64 refundableMinor() const;

    static std::optional<OrderDetail> fromJson(const QJsonObject& object, QString* why = nullptr);
};

}  // namespace opsdesk::client

Q_DECLARE_METATYPE(opsdesk::client::OrderSummary)
Q_DECLARE_METATYPE(opsdesk::client::OrderDetail)
