#pragma once

// The matcher: statement lines against the shop's payments and refunds, by rules in order, each
// proposal with a score and its reasons in words. Pure C++ over what the caller loaded (no
// database), so it is unit-tested alone and benchmarked at a million lines.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace opsdesk::server::finance {

struct EngineLine {
    std::int64_t id = 0;
    int bookedDay = 0;             // days since 1970-01-01
    int valueDay = 0;              // the value date, or the booking date when there is none
    std::int64_t amountMinor = 0;  // signed
    std::string currency;
    std::optional<std::int64_t> feeMinor;    // settlement files
    std::optional<std::int64_t> grossMinor;  // settlement files
    std::string counterparty;
    std::string reference;
    std::string bankReference;
    std::string remittance;
    std::string kind;  // the file's transaction type or code
};

struct EnginePayment {
    std::int64_t id = 0;
    std::string provider;
    std::string reference;         // provider_ref
    std::int64_t amountMinor = 0;  // signed: refunds negative
    std::int64_t openMinor = 0;    // what no line accounts for yet
    std::string currency;
    int capturedDay = 0;
};

// What people taught: lines of this counterparty whose reference has this shape belong to a
// payment of `provider` whose reference relates to the line's as `relation` says.
struct LearnedPattern {
    std::string counterpartyKey;
    std::string referenceShape;
    std::string provider;
    std::string relation;  // "equal", "contains", "suffix:N", "amount_date"
    std::string taughtBy;
    std::string taughtOn;  // "YYYY-MM-DD"
};

enum class RuleKind { Learned, ExactReference, AmountDate, FeeAware, Payout, Split, Partial, Fees };
std::string_view ruleName(RuleKind kind);
std::optional<RuleKind> ruleFromName(std::string_view name);

struct RuleSetting {
    RuleKind kind = RuleKind::ExactReference;
    bool enabled = true;
    int autoAcceptScore = 90;  // a unique proposal at or above this is accepted; 101: never
    int windowDays = 3;
    int maxFeePermille = 50;         // fee_aware: the largest fee, per mille of the gross
    int maxPayments = 500;           // payout: most payments in one payout line
    int maxLines = 5;                // split: most lines paying one payment
    int maxDifferencePermille = 20;  // partial: the largest difference left to write off
    // fees: the kinds (transaction types, lower case) of a provider's own fee lines, which are
    // no payment: excluded as fees ("收费", "扣除交易手续费", "stripe_fee", "fee").
    std::vector<std::string> feeKinds = {};
};
// The rules in their default order and settings (migration 0014 seeds the same).
std::vector<RuleSetting> defaultRules();

// A reason in words, with a code and figures the desktop can put into its own language.
struct Reason {
    std::string code;  // "reference_equal", "amount_equal", "value_date_offset", ...
    std::string text;  // "value date +1 day"
    std::optional<std::int64_t> number;  // the days, the fee, the difference, the count
};

struct Proposal {
    std::vector<std::size_t> payments;  // indexes into the payments given
    std::vector<std::int64_t> shares;   // what the line accounts for of each
    std::int64_t writeOffMinor = 0;     // partial: what is left, to write off with a reason
    int score = 0;                      // 0..100
    RuleKind rule = RuleKind::ExactReference;
    std::vector<Reason> reasons;
};

struct LineOutcome {
    std::optional<Proposal> accepted;   // matched by the engine
    std::optional<Reason> excluded;     // a provider's fee line, set aside by the fees rule
    std::vector<Proposal> suggestions;  // best first, at most three
};

struct EngineInput {
    std::vector<EngineLine> lines;
    std::vector<EnginePayment> payments;  // openMinor is used up as lines are matched
    std::vector<RuleSetting> rules;
    std::vector<LearnedPattern> learned;
};

// Runs the enabled rules in order over the lines; answers one outcome per line (same order).
// Accepting a proposal uses up the payments' open amounts, so no payment is matched twice.
std::vector<LineOutcome> runEngine(EngineInput& input);

// The pieces of learning (also used when a person matches by hand).
std::string counterpartyKey(std::string_view counterparty);
std::string referenceShape(std::string_view reference);  // digits → 9, letters → A, cut to 24
// How a payment's reference shows in a line: "equal", "contains", "suffix:N" or "amount_date".
std::string referenceRelation(const EngineLine& line, std::string_view paymentReference);

// "2026-11-03" ↔ days since 1970-01-01.
int daysFromIso(std::string_view date);
std::string isoFromDays(int days);

}  // namespace opsdesk::server::finance
