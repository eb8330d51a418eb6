#include "services-client/finance/financeapi.h"

#include <QJsonArray>
#include <QJsonObject>

#include "services-client/api/apiclient.h"

namespace opsdesk::client {

namespace {

QString statementPath(qint64 id, const QString& tail = {}) {
    return QStringLiteral("/finance/statements/%1%2").arg(id).arg(tail);
}

std::optional<ApiError> invalid(const QString& why) {
    return ApiError::invalidResponse(200, why);
}

}  // namespace

StatementRequest::StatementRequest(Method method, const QString& path) : ApiRequest(method, path) {}

std::optional<ApiError> StatementRequest::acceptResponse(const QJsonDocument& response) {
    QString why;
    auto s = Statement::fromJson(response.object(), &why);
    if (!s) {
        return invalid(why);
    }
    statement_ = std::move(*s);
    return std::nullopt;
}

LineRequest::LineRequest(qint64 lineId, const QString& action)
    : ApiRequest(Method::Post, QStringLiteral("/finance/lines/%1/%2").arg(lineId).arg(action)),
      lineId_(lineId) {
    // A match or an exclusion repeated after a lost answer could act twice: never retried.
    setRetryPolicy(RetryPolicy::never());
}

std::optional<ApiError> LineRequest::acceptResponse(const QJsonDocument& response) {
    QString why;
    auto l = StatementLine::fromJson(response.object(), &why);
    if (!l) {
        return invalid(why);
    }
    line_ = std::move(*l);
    return std::nullopt;
}

AutoMatchRequest::AutoMatchRequest(qint64 statementId)
    : ApiRequest(Method::Post, statementPath(statementId, QStringLiteral("/auto-match"))),
      statementId_(statementId) {
    // Running the rules twice is harmless, but the answer's counts would describe the second
    // run only; one attempt, and the person presses again if it failed.
    setRetryPolicy(RetryPolicy::never());
    setTimeout(std::chrono::minutes(5));
}

std::optional<ApiError> AutoMatchRequest::acceptResponse(const QJsonDocument& response) {
    const QJsonObject o = response.object();
    if (!o.value(QLatin1String("matched")).isDouble()) {
        return invalid(QStringLiteral("an auto-match answer lacks its counts"));
    }
    result_ = {o.value(QLatin1String("matched")).toInteger(),
               o.value(QLatin1String("suggested")).toInteger(),
               o.value(QLatin1String("unmatched")).toInteger(),
               o.value(QLatin1String("ms")).toInteger()};
    return std::nullopt;
}

FinanceApi::FinanceApi(ApiClient* client, QObject* parent) : QObject(parent), client_(client) {}

StatementPageRequest* FinanceApi::statements(const StatementFilter& filter,
                                             const QByteArray& cursor, int limit) {
    QUrlQuery query;
    if (!filter.status.isEmpty()) {
        query.addQueryItem(QStringLiteral("status"), filter.status);
    }
    if (!filter.account.isEmpty()) {
        query.addQueryItem(QStringLiteral("account"), filter.account);
    }
    return client_->send(new StatementPageRequest(QStringLiteral("/finance/statements"),
                                                  pageQuery(query, cursor, limit)));
}

StatementRequest* FinanceApi::statement(qint64 id) {
    return client_->send(new StatementRequest(ApiRequest::Method::Get, statementPath(id)));
}

LinePageRequest* FinanceApi::lines(qint64 statementId, const QStringList& statuses,
                                   const QByteArray& cursor, int limit) {
    QUrlQuery query;
    if (!statuses.isEmpty()) {
        query.addQueryItem(QStringLiteral("status"), statuses.join(QLatin1Char(',')));
    }
    return client_->send(new LinePageRequest(statementPath(statementId, QStringLiteral("/lines")),
                                             pageQuery(query, cursor, limit)));
}

AutoMatchRequest* FinanceApi::autoMatch(qint64 statementId) {
    return client_->send(new AutoMatchRequest(statementId));
}

LineRequest* FinanceApi::match(qint64 lineId, const QList<qint64>& paymentIds,
                               std::optional<qint64> writeOffMinor, const QString& reason) {
    auto* r = new LineRequest(lineId, QStringLiteral("match"));
    QJsonArray ids;
    for (qint64 id : paymentIds) {
        ids.append(id);
    }
    QJsonObject body{{QStringLiteral("payment_ids"), ids}};
    if (writeOffMinor && *writeOffMinor != 0) {
        body.insert(QStringLiteral("write_off_minor"), *writeOffMinor);
    }
    if (!reason.isEmpty()) {
        body.insert(QStringLiteral("reason"), reason);
    }
    r->setJsonBody(QJsonDocument(body));
    return client_->send(r);
}

LineRequest* FinanceApi::unmatch(qint64 lineId) {
    auto* r = new LineRequest(lineId, QStringLiteral("unmatch"));
    r->setJsonBody(QJsonDocument(QJsonObject{}));
    return client_->send(r);
}

LineRequest* FinanceApi::exclude(qint64 lineId, const QString& reason) {
    auto* r = new LineRequest(lineId, QStringLiteral("exclude"));
    r->setJsonBody(QJsonDocument(QJsonObject{{QStringLiteral("reason"), reason}}));
    return client_->send(r);
}

LineRequest* FinanceApi::setNote(qint64 lineId, const QString& note) {
    auto* r = new LineRequest(lineId, QStringLiteral("note"));
    r->setJsonBody(QJsonDocument(QJsonObject{{QStringLiteral("note"), note}}));
    return client_->send(r);
}

PaymentPageRequest* FinanceApi::payments(const PaymentFilter& filter, const QByteArray& cursor,
                                         int limit) {
    QUrlQuery query;
    if (filter.unmatchedOnly) {
        query.addQueryItem(QStringLiteral("unmatched"), QStringLiteral("true"));
    }
    if (!filter.search.isEmpty()) {
        query.addQueryItem(QStringLiteral("q"), filter.search);
    }
    if (filter.amountMinor) {
        query.addQueryItem(QStringLiteral("amount_minor"), QString::number(*filter.amountMinor));
    }
    return client_->send(new PaymentPageRequest(QStringLiteral("/finance/payments"),
                                                pageQuery(query, cursor, limit)));
}

ExceptionPageRequest* FinanceApi::exceptions(const QStringList& kinds, qint64 statementId,
                                             const QByteArray& cursor, int limit) {
    QUrlQuery query;
    if (!kinds.isEmpty()) {
        query.addQueryItem(QStringLiteral("kind"), kinds.join(QLatin1Char(',')));
    }
    if (statementId > 0) {
        query.addQueryItem(QStringLiteral("statement_id"), QString::number(statementId));
    }
    return client_->send(new ExceptionPageRequest(QStringLiteral("/finance/exceptions"),
                                                  pageQuery(query, cursor, limit)));
}

StatementRequest* FinanceApi::signOff(qint64 statementId, int version,
                                      const QString& idempotencyKey) {
    auto* r = new StatementRequest(ApiRequest::Method::Post,
                                   statementPath(statementId, QStringLiteral("/sign-off")));
    r->setIfMatch(version);
    r->setIdempotencyKey(idempotencyKey);
    r->setJsonBody(QJsonDocument(QJsonObject{}));
    return client_->send(r);
}

StatementRequest* FinanceApi::reopen(qint64 statementId, int version, const QString& reason) {
    auto* r = new StatementRequest(ApiRequest::Method::Post,
                                   statementPath(statementId, QStringLiteral("/reopen")));
    r->setIfMatch(version);
    r->setRetryPolicy(RetryPolicy::never());
    r->setJsonBody(QJsonDocument(QJsonObject{{QStringLiteral("reason"), reason}}));
    return client_->send(r);
}

}  // namespace opsdesk::client
