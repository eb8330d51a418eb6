#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QString>
#include <optional>

#include "opsdesk/protocol/order_state.h"
#include "services-client/api/apirequest.h"
#include "services-client/api/pagerequest.h"
#include "services-client/orders/order.h"
#include "services-client/orders/orderfilter.h"

namespace opsdesk::client {

class ApiClient;

// GET /orders: one page of the list (the first page says how many match, exactly up to
// 10,000 and estimated beyond).
using OrderListRequest = ItemPageRequest<OrderSummary>;

// GET /orders/{id}, and POST /orders/{id}/transitions, which answers with the changed order.
class OrderDetailRequest : public ApiRequest {
    Q_OBJECT

public:
    OrderDetailRequest(Method method, const QString& path);
    const OrderDetail& order() const { return order_; }

protected:
    std::optional<ApiError> acceptResponse(const QJsonDocument& response) override;

private:
    OrderDetail order_;
};

// POST /orders/{id}/refunds.
class RefundRequest : public ApiRequest {
    Q_OBJECT

public:
    RefundRequest(qint64 orderId, qint64 amountMinor, const QString& reason,
                  const QString& idempotencyKey);
    qint64 orderId() const { return orderId_; }
    const OrderRefund& refund() const { return refund_; }
    // The order as the refund left it (the answer carries it).
    const std::optional<OrderDetail>& order() const { return order_; }

protected:
    std::optional<ApiError> acceptResponse(const QJsonDocument& response) override;

private:
    qint64 orderId_;
    OrderRefund refund_;
    std::optional<OrderDetail> order_;
};

// POST /orders/{id}/notes.
class NoteRequest : public ApiRequest {
    Q_OBJECT

public:
    NoteRequest(qint64 orderId, const QString& body);
    const OrderNote& note() const { return note_; }
    // The order with the note (the answer carries it).
    const std::optional<OrderDetail>& order() const { return order_; }

protected:
    std::optional<ApiError> acceptResponse(const QJsonDocument& response) override;

private:
    OrderNote note_;
    std::optional<OrderDetail> order_;
};

// What a manual transition carries besides its target.
struct TransitionInput {
    protocol::OrderStatus to = protocol::OrderStatus::Fulfilling;
    QString carrier;   // shipped
    QString tracking;  // shipped
    QString reason;    // cancelled
};

// The orders endpoints. Requests start from the event loop; connect right after making them.
class OrdersApi : public QObject {
    Q_OBJECT

public:
    explicit OrdersApi(ApiClient* client, QObject* parent = nullptr);

    ApiClient* client() const { return client_; }

    OrderListRequest* list(const OrderFilter& filter, const QByteArray& cursor = {},
                           int limit = 50);
    OrderDetailRequest* detail(qint64 id);
    // If-Match with the version the user saw: a stale one ends in 412, an illegal move in 409
    // (details.allowed). Never retried: without an idempotency key a repeat could act twice.
    OrderDetailRequest* transition(qint64 id, int version, const TransitionInput& input);
    // `idempotencyKey` belongs to the user's intent (made when the refund dialog opens), so a
    // retry after a timeout, by the retry policy or by the user, replays instead of paying twice.
    RefundRequest* refund(qint64 id, qint64 amountMinor, const QString& reason,
                          const QString& idempotencyKey);
    NoteRequest* addNote(qint64 id, const QString& body);

private:
    ApiClient* client_;
};

}  // namespace opsdesk::client
