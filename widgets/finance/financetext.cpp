#include "widgets/finance/financetext.h"

#include <algorithm>

#include "widgets/common/errortext.h"
#include "widgets/common/format.h"
#include "widgets/common/theme.h"

namespace opsdesk::widgets {

QString FinanceText::lineStatus(const QString& wire) {
    if (wire == QLatin1String("unmatched")) {
        return Finance::tr("Unmatched", "statement line status");
    }
    if (wire == QLatin1String("suggested")) {
        return Finance::tr("Suggested", "statement line status: a match is proposed");
    }
    if (wire == QLatin1String("matched")) {
        return Finance::tr("Matched", "statement line status");
    }
    if (wire == QLatin1String("excluded")) {
        return Finance::tr("Excluded", "statement line status: not a payment (a bank fee)");
    }
    return wire;
}

QColor FinanceText::lineStatusColor(const QString& wire) {
    if (wire == QLatin1String("matched")) {
        return Theme::color(Theme::Role::Success);
    }
    if (wire == QLatin1String("suggested")) {
        return Theme::color(Theme::Role::AccentBlue);
    }
    if (wire == QLatin1String("excluded")) {
        return Theme::color(Theme::Role::Muted);
    }
    return Theme::color(Theme::Role::Warning);
}

QString FinanceText::statementStatus(const QString& wire) {
    if (wire == QLatin1String("open")) {
        return Finance::tr("Open", "statement status: still being reconciled");
    }
    if (wire == QLatin1String("closed")) {
        return Finance::tr("Signed off", "statement status");
    }
    return wire;
}

QString FinanceText::ruleName(const QString& wire) {
    QString rule = wire;
    bool accepted = false;
    if (rule.startsWith(QLatin1String("accepted:"))) {
        accepted = true;
        rule = rule.mid(9);
    }
    QString name;
    if (rule == QLatin1String("exact_reference")) {
        name = Finance::tr("Exact reference", "matching rule");
    } else if (rule == QLatin1String("learned")) {
        name = Finance::tr("Learned from earlier matches", "matching rule");
    } else if (rule == QLatin1String("amount_date")) {
        name = Finance::tr("Amount and date", "matching rule");
    } else if (rule == QLatin1String("fee_aware")) {
        name = Finance::tr("Amount less a fee", "matching rule");
    } else if (rule == QLatin1String("payout")) {
        name = Finance::tr("Provider payout", "matching rule");
    } else if (rule == QLatin1String("split")) {
        name = Finance::tr("Split over several lines", "matching rule");
    } else if (rule == QLatin1String("partial")) {
        name = Finance::tr("Partial, with a write-off", "matching rule");
    } else if (rule == QLatin1String("manual")) {
        name = Finance::tr("Matched by hand", "matching rule");
    } else if (rule == QLatin1String("excluded")) {
        name = Finance::tr("Excluded", "matching rule: the line is not a payment");
    } else {
        name = rule;
    }
    return accepted ? Finance::tr("%1 (accepted)", "a suggestion of this rule a person accepted")
                          .arg(name)
                    : name;
}

QString FinanceText::reason(const client::FinanceReason& r, const QString& currency) {
    const qint64 n = r.number.value_or(0);
    const int count = int(std::clamp<qint64>(n, -1000000, 1000000));
    const QString code = r.code;
    if (code == QLatin1String("reference_equal")) {
        return Finance::tr("reference equal");
    }
    if (code == QLatin1String("reference_cut") && r.number) {
        return Finance::tr("reference cut short to %n character(s)", nullptr, count);
    }
    if (code == QLatin1String("reference_mistyped") && r.number) {
        return Finance::tr("reference differs in %n character(s)", nullptr, count);
    }
    if (code == QLatin1String("amount_equal")) {
        return Finance::tr("amount equal");
    }
    if (code == QLatin1String("sum_equal")) {
        return Finance::tr("sum equal");
    }
    if (code == QLatin1String("value_date_same")) {
        return Finance::tr("value date the day of the payment");
    }
    if (code == QLatin1String("value_date_offset") && r.number) {
        return n > 0 ? Finance::tr("value date %n day(s) after the payment", nullptr, count)
                     : Finance::tr("value date %n day(s) before the payment", nullptr, -count);
    }
    if (code == QLatin1String("gross_equal_fee") && r.number) {
        return Finance::tr("gross amount equal, fee of %1 deducted")
            .arg(Format::money(n, currency));
    }
    if (code == QLatin1String("amount_net_of_fee") && r.number) {
        return Finance::tr("amount equal after a fee of %1").arg(Format::money(n, currency));
    }
    if (code == QLatin1String("amount_part") && r.number) {
        return Finance::tr("the line covers %1 of the payment").arg(Format::money(n, currency));
    }
    if (code == QLatin1String("amount_differs") && r.number) {
        return Finance::tr("amount differs by %1").arg(Format::money(n, currency));
    }
    if (code == QLatin1String("write_off") && r.number) {
        return Finance::tr("amount short by %1: write it off with a reason")
            .arg(Format::money(n, currency));
    }
    if (code == QLatin1String("only_candidate")) {
        return Finance::tr("the only payment of this amount in the window");
    }
    if (code == QLatin1String("several_candidates") && r.number) {
        return Finance::tr("%n payment(s) of this amount in the window", nullptr, count);
    }
    if (code == QLatin1String("learned")) {
        return Finance::tr(
            "same counterparty and reference pattern as an earlier match by a "
            "person");
    }
    if (code == QLatin1String("payout") && r.number) {
        return Finance::tr("payout of %n provider payment(s) of one day", nullptr, count);
    }
    if (code == QLatin1String("payout_delay") && r.number) {
        return n == 0 ? Finance::tr("paid out the same day")
                      : Finance::tr("paid out %n day(s) later", nullptr, count);
    }
    if (code == QLatin1String("split") && r.number) {
        return Finance::tr("one of %n lines that together equal the payment", nullptr, count);
    }
    return r.text.isEmpty() ? code : r.text;
}

QString FinanceText::reasons(const QList<client::FinanceReason>& list, const QString& currency) {
    QStringList out;
    for (const auto& r : list) {
        out << reason(r, currency);
    }
    return out.join(Finance::tr("; ", "between two reasons of a suggestion"));
}

QString FinanceText::exceptionKind(const QString& wire) {
    if (wire == QLatin1String("unmatched_line")) {
        return Finance::tr("Line no rule placed");
    }
    if (wire == QLatin1String("amount_mismatch")) {
        return Finance::tr("Amount differs from the payment");
    }
    if (wire == QLatin1String("duplicate")) {
        return Finance::tr("Payment already matched elsewhere");
    }
    if (wire == QLatin1String("unmatched_payment")) {
        return Finance::tr("Payment no line accounts for");
    }
    return wire;
}

QString FinanceText::refusal(const client::ApiError& error, const QString& currency) {
    using protocol::ErrorCode;
    if (error.is(ErrorCode::FourEyesRequired)) {
        return Finance::tr(
            "You matched lines of this statement; another approver must sign it "
            "off.");
    }
    if (error.is(ErrorCode::StatementClosed)) {
        return Finance::tr(
            "This statement is signed off. Reopen it before changing its "
            "matches.");
    }
    if (error.is(ErrorCode::InvalidTransition) &&
        error.details.contains(QLatin1String("suggested_lines"))) {
        const int n = error.details.value(QLatin1String("suggested_lines")).toInt();
        return Finance::tr(
            "%n line(s) still have suggestions waiting: accept, reject or match "
            "them first.",
            nullptr, n);
    }
    if (error.is(ErrorCode::ValidationFailed) &&
        error.details.contains(QLatin1String("difference_minor"))) {
        return Finance::tr(
                   "The payments and the line differ by %1; write the difference off "
                   "with a reason.")
            .arg(Format::money(error.details.value(QLatin1String("difference_minor")).toInteger(),
                               currency));
    }
    if (error.is(ErrorCode::Conflict) && error.httpStatus == 409) {
        return Finance::tr("Someone changed this line or its payments meanwhile: %1")
            .arg(ErrorText::describe(error));
    }
    return ErrorText::describe(error);
}

}  // namespace opsdesk::widgets
