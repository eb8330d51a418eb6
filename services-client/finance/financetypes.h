#pragma once

#include <QDate>
#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QMetaType>
#include <QString>
#include <optional>

namespace opsdesk::client {

// Why the matching engine proposed or made a match: a code to translate, the server's English
// words, and the number the words carry (days, a fee in minor units, a count), when there is one.
struct FinanceReason {
    QString code;
    QString text;
    std::optional<qint64> number;

    static FinanceReason fromJson(const QJsonObject& object);
};

// A payment or refund of the ledger (GET /finance/payments, and inside a line).
struct FinancePayment {
    qint64 id = 0;
    QString kind;  // payment | refund
    qint64 orderId = 0;
    QString orderNumber;
    QString provider;
    QString providerRef;
    qint64 amountMinor = 0;  // refunds negative
    QString currency;
    QDateTime capturedAt;
    qint64 matchedMinor = 0;
    QString matchState;  // unmatched | partial | matched

    qint64 openMinor() const { return amountMinor - matchedMinor; }

    static std::optional<FinancePayment> fromJson(const QJsonObject& object,
                                                  QString* why = nullptr);
};

// One of a line's proposals, best first: the payments it would match and how sure it is.
struct FinanceSuggestion {
    QList<qint64> paymentIds;
    int score = 0;  // 0–100
    QString rule;
    QList<FinanceReason> reasons;
    qint64 writeOffMinor = 0;  // what would be written off to accept it

    static FinanceSuggestion fromJson(const QJsonObject& object);
};

// One line of a statement (GET /finance/statements/{id}/lines).
struct StatementLine {
    qint64 id = 0;
    qint64 statementId = 0;
    qint64 position = 0;
    qint64 sourceLine = 0;
    QDate bookedAt;
    QDate valueDate;
    qint64 amountMinor = 0;  // credit positive
    QString currency;
    std::optional<qint64> feeMinor;
    std::optional<qint64> grossMinor;
    QString counterparty;
    QString reference;
    QString bankReference;
    QString remittance;
    QString kind;
    QString status;  // unmatched | suggested | matched | excluded
    QList<FinanceSuggestion> suggestions;
    QList<qint64> matchedPaymentIds;
    QList<FinancePayment> payments;  // those the matches and suggestions name
    QString matchRule;
    QList<FinanceReason> matchReasons;
    QString matchedBy;
    QDateTime matchedAt;
    qint64 writeOffMinor = 0;
    QString writeOffReason;
    QString note;

    const FinancePayment* payment(qint64 paymentId) const;

    static std::optional<StatementLine> fromJson(const QJsonObject& object, QString* why = nullptr);
};

// A statement with its lines' counts and sums (GET /finance/statements).
struct Statement {
    qint64 id = 0;
    QString format;
    QString messageKind;
    QString account;
    QString currency;
    QString statementRef;
    QDate from;
    QDate to;
    std::optional<qint64> openingBalanceMinor;
    std::optional<qint64> closingBalanceMinor;
    qint64 lineCount = 0;
    QString status;  // open | closed
    int version = 0;
    QString fileName;
    QDateTime importedAt;
    QString importedBy;
    QDateTime signedOffAt;
    QString signedOffBy;
    qint64 matched = 0;
    qint64 suggested = 0;
    qint64 unmatched = 0;
    qint64 excluded = 0;
    qint64 linesTotalMinor = 0;
    qint64 matchedTotalMinor = 0;
    qint64 writeOffTotalMinor = 0;

    bool isClosed() const { return status == QLatin1String("closed"); }

    static std::optional<Statement> fromJson(const QJsonObject& object, QString* why = nullptr);
};

// One entry of GET /finance/exceptions: a line (unmatched_line, amount_mismatch, duplicate) or
// a payment no line accounts for (unmatched_payment).
struct FinanceException {
    qint64 id = 0;  // the line's id, or the payment's id negated: one list, no collisions
    QString kind;
    std::optional<StatementLine> line;
    std::optional<FinancePayment> payment;

    static std::optional<FinanceException> fromJson(const QJsonObject& object,
                                                    QString* why = nullptr);
};

// What POST /finance/statements/{id}/auto-match did.
struct AutoMatchResult {
    qint64 matched = 0;
    qint64 suggested = 0;
    qint64 unmatched = 0;
    qint64 ms = 0;
};

}  // namespace opsdesk::client

Q_DECLARE_METATYPE(opsdesk::client::FinancePayment)
Q_DECLARE_METATYPE(opsdesk::client::StatementLine)
Q_DECLARE_METATYPE(opsdesk::client::Statement)
Q_DECLARE_METATYPE(opsdesk::client::FinanceException)
