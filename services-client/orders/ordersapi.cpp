#include "services-client/orders/ordersapi.h"

#include <QJsonArray>
#include <QJsonObject>

#include "services-client/api/apiclient.h"
#include "services-client/api/pagerequest.h"

namespace opsdesk::client {

namespace {

QString orderPath(qint64 id, const QString& tail = {}) {
    return QStringLiteral("/orders/%1%2").arg(id).arg(tail);
}

QString str(std::string_view s) {
    return QString::fromLatin1(s.data(), qsizetype(s.size()));
}

// A write's answer carries the changed order ("order"), so the desk needs no second request.
std::optional<ApiError> readChangedOrder(const QJsonObject& answer,
                                         std::optional<OrderDetail>* order) {
    const QJsonValue value = answer.value(QLatin1String("order"));
    if (value.isUndefined()) {
        return std::nullopt;  // an older server: the caller loads the order itself
    }
    QString why;
    *order = OrderDetail::fromJson(value.toObject(), &why);
    if (!*order) {
        return ApiError::invalidResponse(0, QStringLiteral("the changed order: %1").arg(why));
    }
    return std::nullopt;
}

}  // namespace

OrderDetailRequest::OrderDetailRequest(Method method, const QString& path)
    : ApiRequest(method, path) {}

std::optional<ApiError> OrderDetailRequest::acceptResponse(const QJsonDocument& response) {
    QString why;
    auto d = OrderDetail::fromJson(response.object(), &why);
    if (!d) {
        return ApiError::invalidResponse(0, why);
    }
    order_ = std::move(*d);
    return std::nullopt;
}

RefundRequest::RefundRequest(qint64 orderId, qint64 amountMinor, const QString& reason,
                             const QString& idempotencyKey)
    : ApiRequest(Method::Post, orderPath(orderId, QStringLiteral("/refunds"))), orderId_(orderId) {
    setJsonBody(QJsonDocument(QJsonObject{{QStringLiteral("amount_minor"), amountMinor},
                                          {QStringLiteral("reason"), reason}}));
    setIdempotencyKey(idempotencyKey);
}

std::optional<ApiError> RefundRequest::acceptResponse(const QJsonDocument& response) {
    const QJsonObject o = response.object();
    if (o.value(QLatin1String("id")).toInteger() <= 0) {
        return ApiError::invalidResponse(0, QStringLiteral("the refund answer carries no id"));
    }
    refund_ = OrderRefund::fromJson(o);
    return readChangedOrder(o, &order_);
}

NoteRequest::NoteRequest(qint64 orderId, const QString& body)
    : ApiRequest(Method::Post, orderPath(orderId, QStringLiteral("/notes"))) {
    setJsonBody(QJsonDocument(QJsonObject{{QStringLiteral("body"), body}}));
    setRetryPolicy(RetryPolicy::never());
}

std::optional<ApiError> NoteRequest::acceptResponse(const QJsonDocument& response) {
    note_ = OrderNote::fromJson(response.object());
    return readChangedOrder(response.object(), &order_);
}

OrdersApi::OrdersApi(ApiClient* client, QObject* parent) : QObject(parent), client_(client) {}

OrderListRequest* OrdersApi::list(const OrderFilter& filter, const QByteArray& cursor, int limit) {
    return client_->send(new OrderListRequest(QStringLiteral("/orders"),
                                              pageQuery(filter.toQuery(), cursor, limit)));
}

OrderDetailRequest* OrdersApi::detail(qint64 id) {
    return client_->send(new OrderDetailRequest(ApiRequest::Method::Get, orderPath(id)));
}

OrderDetailRequest* OrdersApi::transition(qint64 id, int version, const TransitionInput& input) {
    auto* r = new OrderDetailRequest(ApiRequest::Method::Post,
                                     orderPath(id, QStringLiteral("/transitions")));
    QJsonObject body{{QStringLiteral("to"), str(protocol::toString(input.to))}};
    if (!input.carrier.isEmpty()) {
        body.insert(QStringLiteral("carrier"), input.carrier);
    }
    if (!input.tracking.isEmpty()) {
        body.insert(QStringLiteral("tracking"), input.tracking);
    }
    if (!input.reason.isEmpty()) {
        body.insert(QStringLiteral("reason"), input.reason);
    }
    r->setJsonBody(QJsonDocument(body));
    r->setIfMatch(version);
    r->setRetryPolicy(RetryPolicy::never());
    return client_->send(r);
}

RefundRequest* OrdersApi::refund(qint64 id, qint64 amountMinor, const QString& reason,
                                 const QString& idempotencyKey) {
    Q_ASSERT(!idempotencyKey.isEmpty());
    return client_->send(new RefundRequest(id, amountMinor, reason, idempotencyKey));
}

NoteRequest* OrdersApi::addNote(qint64 id, const QString& body) {
    return client_->send(new NoteRequest(id, body));
}

}  // namespace opsdesk::client
