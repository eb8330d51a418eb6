#include "services-client/finance/financetypes.h"

#include <QJsonArray>

#include "services-client/api/wiretime.h"

namespace opsdesk::client {

namespace {

qint64 int64Of(const QJsonObject& o, QLatin1String key) {
    return o.value(key).toInteger();
}

std::optional<qint64> optionalInt64(const QJsonObject& o, QLatin1String key) {
    const QJsonValue v = o.value(key);
    return v.isDouble() ? std::optional<qint64>(v.toInteger()) : std::nullopt;
}

QString textOf(const QJsonObject& o, QLatin1String key) {
    return o.value(key).toString();
}

QDate dateOf(const QJsonObject& o, QLatin1String key) {
    return QDate::fromString(o.value(key).toString(), Qt::ISODate);
}

QList<qint64> idsOf(const QJsonObject& o, QLatin1String key) {
    QList<qint64> out;
    for (const auto& v : o.value(key).toArray()) {
        out.append(v.toInteger());
    }
    return out;
}

QList<FinanceReason> reasonsOf(const QJsonObject& o, QLatin1String key) {
    QList<FinanceReason> out;
    for (const auto& v : o.value(key).toArray()) {
        out.append(FinanceReason::fromJson(v.toObject()));
    }
    return out;
}

bool fail(QString* why, const char* text) {
    if (why) {
        *why = QString::fromLatin1(text);
    }
    return false;
}

}  // namespace

FinanceReason FinanceReason::fromJson(const QJsonObject& o) {
    return {textOf(o, QLatin1String("code")), textOf(o, QLatin1String("text")),
            optionalInt64(o, QLatin1String("number"))};
}

std::optional<FinancePayment> FinancePayment::fromJson(const QJsonObject& o, QString* why) {
    FinancePayment p;
    p.id = int64Of(o, QLatin1String("id"));
    p.currency = textOf(o, QLatin1String("currency"));
    if (p.id <= 0 || p.currency.isEmpty() || !o.value(QLatin1String("amount_minor")).isDouble()) {
        fail(why, "a payment lacks id, amount_minor or currency");
        return std::nullopt;
    }
    p.kind = textOf(o, QLatin1String("kind"));
    p.orderId = int64Of(o, QLatin1String("order_id"));
    p.orderNumber = textOf(o, QLatin1String("order_number"));
    p.provider = textOf(o, QLatin1String("provider"));
    p.providerRef = textOf(o, QLatin1String("provider_ref"));
    p.amountMinor = int64Of(o, QLatin1String("amount_minor"));
    p.capturedAt = parseTimestamp(o.value(QLatin1String("captured_at")));
    p.matchedMinor = int64Of(o, QLatin1String("matched_minor"));
    p.matchState = textOf(o, QLatin1String("match_state"));
    return p;
}

FinanceSuggestion FinanceSuggestion::fromJson(const QJsonObject& o) {
    FinanceSuggestion s;
    s.paymentIds = idsOf(o, QLatin1String("payment_ids"));
    s.score = o.value(QLatin1String("score")).toInt();
    s.rule = textOf(o, QLatin1String("rule"));
    s.reasons = reasonsOf(o, QLatin1String("reasons"));
    s.writeOffMinor = int64Of(o, QLatin1String("write_off_minor"));
    return s;
}

const FinancePayment* StatementLine::payment(qint64 paymentId) const {
    for (const auto& p : payments) {
        if (p.id == paymentId) {
            return &p;
        }
    }
    return nullptr;
}

std::optional<StatementLine> StatementLine::fromJson(const QJsonObject& o, QString* why) {
    StatementLine l;
    l.id = int64Of(o, QLatin1String("id"));
    l.status = textOf(o, QLatin1String("status"));
    l.currency = textOf(o, QLatin1String("currency"));
    if (l.id <= 0 || l.status.isEmpty() || l.currency.isEmpty() ||
        !o.value(QLatin1String("amount_minor")).isDouble()) {
        fail(why, "a line lacks id, status, amount_minor or currency");
        return std::nullopt;
    }
    l.statementId = int64Of(o, QLatin1String("statement_id"));
    l.position = int64Of(o, QLatin1String("position"));
    l.sourceLine = int64Of(o, QLatin1String("source_line"));
    l.bookedAt = dateOf(o, QLatin1String("booked_at"));
    l.valueDate = dateOf(o, QLatin1String("value_date"));
    l.amountMinor = int64Of(o, QLatin1String("amount_minor"));
    l.feeMinor = optionalInt64(o, QLatin1String("fee_minor"));
    l.grossMinor = optionalInt64(o, QLatin1String("gross_minor"));
    l.counterparty = textOf(o, QLatin1String("counterparty"));
    l.reference = textOf(o, QLatin1String("reference"));
    l.bankReference = textOf(o, QLatin1String("bank_reference"));
    l.remittance = textOf(o, QLatin1String("remittance"));
    l.kind = textOf(o, QLatin1String("kind"));
    for (const auto& v : o.value(QLatin1String("suggestions")).toArray()) {
        l.suggestions.append(FinanceSuggestion::fromJson(v.toObject()));
    }
    l.matchedPaymentIds = idsOf(o, QLatin1String("matched_payment_ids"));
    for (const auto& v : o.value(QLatin1String("payments")).toArray()) {
        if (auto p = FinancePayment::fromJson(v.toObject(), why)) {
            l.payments.append(std::move(*p));
        } else {
            return std::nullopt;
        }
    }
    l.matchRule = textOf(o, QLatin1String("match_rule"));
    l.matchReasons = reasonsOf(o, QLatin1String("match_reasons"));
    l.matchedBy = textOf(o, QLatin1String("matched_by"));
    l.matchedAt = parseTimestamp(o.value(QLatin1String("matched_at")));
    l.writeOffMinor = int64Of(o, QLatin1String("write_off_minor"));
    l.writeOffReason = textOf(o, QLatin1String("write_off_reason"));
    l.note = textOf(o, QLatin1String("note"));
    return l;
}

std::optional<Statement> Statement::fromJson(const QJsonObject& o, QString* why) {
    Statement s;
    s.id = int64Of(o, QLatin1String("id"));
    s.status = textOf(o, QLatin1String("status"));
    s.currency = textOf(o, QLatin1String("currency"));
    if (s.id <= 0 || s.status.isEmpty() || s.currency.isEmpty()) {
        fail(why, "a statement lacks id, status or currency");
        return std::nullopt;
    }
    s.format = textOf(o, QLatin1String("format"));
    s.messageKind = textOf(o, QLatin1String("message_kind"));
    s.account = textOf(o, QLatin1String("account"));
    s.statementRef = textOf(o, QLatin1String("statement_ref"));
    s.from = dateOf(o, QLatin1String("from"));
    s.to = dateOf(o, QLatin1String("to"));
    s.openingBalanceMinor = optionalInt64(o, QLatin1String("opening_balance_minor"));
    s.closingBalanceMinor = optionalInt64(o, QLatin1String("closing_balance_minor"));
    s.lineCount = int64Of(o, QLatin1String("line_count"));
    s.version = o.value(QLatin1String("version")).toInt();
    s.fileName = textOf(o, QLatin1String("file_name"));
    s.importedAt = parseTimestamp(o.value(QLatin1String("imported_at")));
    s.importedBy = textOf(o, QLatin1String("imported_by"));
    s.signedOffAt = parseTimestamp(o.value(QLatin1String("signed_off_at")));
    s.signedOffBy = textOf(o, QLatin1String("signed_off_by"));
    s.matched = int64Of(o, QLatin1String("matched"));
    s.suggested = int64Of(o, QLatin1String("suggested"));
    s.unmatched = int64Of(o, QLatin1String("unmatched"));
    s.excluded = int64Of(o, QLatin1String("excluded"));
    s.linesTotalMinor = int64Of(o, QLatin1String("lines_total_minor"));
    s.matchedTotalMinor = int64Of(o, QLatin1String("matched_total_minor"));
    s.writeOffTotalMinor = int64Of(o, QLatin1String("write_off_total_minor"));
    return s;
}

std::optional<FinanceException> FinanceException::fromJson(const QJsonObject& o, QString* why) {
    FinanceException e;
    e.kind = textOf(o, QLatin1String("kind"));
    if (o.contains(QLatin1String("line"))) {
        e.line = StatementLine::fromJson(o.value(QLatin1String("line")).toObject(), why);
        if (!e.line) {
            return std::nullopt;
        }
        e.id = e.line->id;
    } else if (o.contains(QLatin1String("payment"))) {
        e.payment = FinancePayment::fromJson(o.value(QLatin1String("payment")).toObject(), why);
        if (!e.payment) {
            return std::nullopt;
        }
        e.id = -e.payment->id;
    }
    if (e.kind.isEmpty() || e.id == 0) {
        fail(why, "an exception lacks its kind, line or payment");
        return std::nullopt;
    }
    return e;
}

}  // namespace opsdesk::client
