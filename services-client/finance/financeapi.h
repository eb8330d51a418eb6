#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>
#include <optional>

#include "services-client/api/apirequest.h"
#include "services-client/api/pagerequest.h"
#include "services-client/finance/financetypes.h"

namespace opsdesk::client {

class ApiClient;

using StatementPageRequest = ItemPageRequest<Statement>;
using LinePageRequest = ItemPageRequest<StatementLine>;
using PaymentPageRequest = ItemPageRequest<FinancePayment>;
using ExceptionPageRequest = ItemPageRequest<FinanceException>;

// GET /finance/statements.
struct StatementFilter {
    QString status;  // "", open, closed
    QString account;

    friend bool operator==(const StatementFilter&, const StatementFilter&) = default;
};

// GET /finance/payments.
struct PaymentFilter {
    bool unmatchedOnly = true;
    QString search;
    std::optional<qint64> amountMinor;

    friend bool operator==(const PaymentFilter&, const PaymentFilter&) = default;
};

// GET /finance/statements/{id}, sign-off and reopen: the statement as the answer carries it.
class StatementRequest : public ApiRequest {
    Q_OBJECT

public:
    StatementRequest(Method method, const QString& path);
    const Statement& statement() const { return statement_; }

protected:
    std::optional<ApiError> acceptResponse(const QJsonDocument& response) override;

private:
    Statement statement_;
};

// Match, unmatch, exclude, note: each answers the line as it is now.
class LineRequest : public ApiRequest {
    Q_OBJECT

public:
    LineRequest(qint64 lineId, const QString& action);
    qint64 lineId() const { return lineId_; }
    const StatementLine& line() const { return line_; }

protected:
    std::optional<ApiError> acceptResponse(const QJsonDocument& response) override;

private:
    qint64 lineId_;
    StatementLine line_;
};

// POST /finance/statements/{id}/auto-match.
class AutoMatchRequest : public ApiRequest {
    Q_OBJECT

public:
    explicit AutoMatchRequest(qint64 statementId);
    qint64 statementId() const { return statementId_; }
    const AutoMatchResult& result() const { return result_; }

protected:
    std::optional<ApiError> acceptResponse(const QJsonDocument& response) override;

private:
    qint64 statementId_;
    AutoMatchResult result_;
};

// The finance endpoints the desk reconciles with. Requests start from the event loop; connect
// right after making them. Writes without an idempotency key are never retried.
class FinanceApi : public QObject {
    Q_OBJECT

public:
    explicit FinanceApi(ApiClient* client, QObject* parent = nullptr);

    ApiClient* client() const { return client_; }

    StatementPageRequest* statements(const StatementFilter& filter, const QByteArray& cursor = {},
                                     int limit = 50);
    StatementRequest* statement(qint64 id);
    // `statuses` empty: every line. In the file's order.
    LinePageRequest* lines(qint64 statementId, const QStringList& statuses,
                           const QByteArray& cursor = {}, int limit = 500);
    AutoMatchRequest* autoMatch(qint64 statementId);
    // The line accounts for these payments; a difference is written off with `reason`.
    LineRequest* match(qint64 lineId, const QList<qint64>& paymentIds,
                       std::optional<qint64> writeOffMinor = std::nullopt,
                       const QString& reason = {});
    LineRequest* unmatch(qint64 lineId);
    LineRequest* exclude(qint64 lineId, const QString& reason);
    LineRequest* setNote(qint64 lineId, const QString& note);
    PaymentPageRequest* payments(const PaymentFilter& filter, const QByteArray& cursor = {},
                                 int limit = 100);
    // `kinds` empty: every kind; `statementId` 0: every statement.
    ExceptionPageRequest* exceptions(const QStringList& kinds, qint64 statementId = 0,
                                     const QByteArray& cursor = {}, int limit = 100);
    // If-Match `version` (the summary the approver saw) and the key of this one intent, made
    // when the dialog opened: a retry replays rather than signing twice.
    StatementRequest* signOff(qint64 statementId, int version, const QString& idempotencyKey);
    StatementRequest* reopen(qint64 statementId, int version, const QString& reason);

private:
    ApiClient* client_;
};

}  // namespace opsdesk::client
