#include "finance/match_engine.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <numeric>
#include <unordered_map>

#include "opsdesk/protocol/money.h"

namespace opsdesk::server::finance {

namespace {

std::string lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return out;
}

std::string trimmed(std::string_view s) {
    const auto first = s.find_first_not_of(" \t");
    if (first == std::string_view::npos) {
        return {};
    }
    const auto last = s.find_last_not_of(" \t");
    return std::string(s.substr(first, last - first + 1));
}

// Reference-like words of a text: letters, digits, '-', '_', '/' and '.', at least 6 long.
std::vector<std::string> tokens(std::string_view text) {
    std::vector<std::string> out;
    std::string word;
    const auto flush = [&] {
        if (word.size() >= 6) {
            out.push_back(lower(word));
        }
        word.clear();
    };
    for (const char c : text) {
        const auto u = static_cast<unsigned char>(c);
        if (std::isalnum(u) || c == '-' || c == '_' || c == '/' || c == '.') {
            word.push_back(c);
        } else {
            flush();
        }
    }
    flush();
    return out;
}

// An amount in words for a reason: the currency's own digits (protocol/money), two when unknown.
std::string money(std::int64_t minor, std::string_view currency) {
    const auto known = protocol::findCurrency(currency);
    return protocol::formatDecimal(minor, known ? *known : protocol::Currency{currency, 2});
}

std::string plural(std::int64_t n, std::string_view one, std::string_view many) {
    return std::to_string(n) + " " + std::string(n == 1 || n == -1 ? one : many);
}

Reason dateReason(int lineDay, int paymentDay) {
    const int offset = lineDay - paymentDay;
    if (offset == 0) {
        return {"value_date_same", "value date the day of the payment", 0};
    }
    return {"value_date_offset",
            std::string("value date ") + (offset > 0 ? "+" : "-") +
                plural(std::abs(offset), "day", "days"),
            offset};
}

// 0..10 for how close the dates are within a window.
int dateScore(int lineDay, int paymentDay, int window) {
    const int d = std::abs(lineDay - paymentDay);
    if (window <= 0) {
        return d == 0 ? 10 : 0;
    }
    return std::max(0, 10 - (10 * d) / (window + 1));
}

// Levenshtein distance, stopping early beyond `limit`.
int editDistance(std::string_view a, std::string_view b, int limit) {
    if (std::abs(static_cast<int>(a.size()) - static_cast<int>(b.size())) > limit) {
        return limit + 1;
    }
    std::vector<int> prev(b.size() + 1), cur(b.size() + 1);
    std::iota(prev.begin(), prev.end(), 0);
    for (std::size_t i = 1; i <= a.size(); ++i) {
        cur[0] = static_cast<int>(i);
        int rowMin = cur[0];
        for (std::size_t j = 1; j <= b.size(); ++j) {
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] != b[j - 1])});
            rowMin = std::min(rowMin, cur[j]);
        }
        if (rowMin > limit) {
            return limit + 1;
        }
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

// How similar a line's references are to a payment's: a reason when they are close.
std::optional<Reason> referenceSimilarity(const std::vector<std::string>& lineTokens,
                                          std::string_view paymentRef) {
    if (paymentRef.size() < 6) {
        return std::nullopt;
    }
    const auto ref = lower(paymentRef);
    for (const auto& t : lineTokens) {
        if (t == ref) {
            return Reason{"reference_equal", "reference equal", std::nullopt};
        }
        if (t.size() >= 8 && ref.size() > t.size() && ref.compare(0, t.size(), t) == 0) {
            return Reason{
                "reference_cut",
                "reference cut short (" +
                    plural(static_cast<std::int64_t>(t.size()), "character", "characters") +
                    " of " + std::to_string(ref.size()) + ")",
                static_cast<std::int64_t>(t.size())};
        }
        if (t.size() >= 8 && editDistance(t, ref, 2) <= 2) {
            const int d = editDistance(t, ref, 2);
            return Reason{"reference_mistyped",
                          "reference differs in " + plural(d, "character", "characters"), d};
        }
    }
    return std::nullopt;
}

struct Index {
    // lower-case provider reference → payments
    std::unordered_map<std::string, std::vector<std::size_t>> byReference;
    // currency + amount → payments (for amount and date)
    std::unordered_map<std::string, std::vector<std::size_t>> byAmount;
    // payments sorted by (currency, amount) for the fee-aware range search
    std::vector<std::size_t> sortedByAmount;
    // (provider, currency, day) → payments captured that day, for payouts
    std::unordered_map<std::string, std::vector<std::size_t>> byProviderDay;

    static std::string amountKey(std::string_view currency, std::int64_t amount) {
        return std::string(currency) + ":" + std::to_string(amount);
    }
    static std::string dayKey(std::string_view provider, std::string_view currency, int day) {
        return std::string(provider) + "\x1f" + std::string(currency) + "\x1f" +
               std::to_string(day);
    }
};

class Engine {
public:
    explicit Engine(EngineInput& in) : in_(in), outcomes_(in.lines.size()) {
        // Each line's reference-like words, once: every rule that looks for references reads
        // them (the reference, then the bank's reference, then the remittance).
        tokens_.reserve(in_.lines.size());
        for (const auto& line : in_.lines) {
            auto words = tokens(line.reference);
            for (const auto* text : {&line.bankReference, &line.remittance}) {
                auto more = tokens(*text);
                words.insert(words.end(), std::make_move_iterator(more.begin()),
                             std::make_move_iterator(more.end()));
            }
            tokens_.push_back(std::move(words));
        }
        auto& pays = in_.payments;
        index_.byReference.reserve(pays.size());
        index_.byAmount.reserve(pays.size());
        for (std::size_t i = 0; i < pays.size(); ++i) {
            const auto& p = pays[i];
            if (!p.reference.empty()) {
                index_.byReference[lower(trimmed(p.reference))].push_back(i);
            }
            index_.byAmount[Index::amountKey(p.currency, p.amountMinor)].push_back(i);
            index_.byProviderDay[Index::dayKey(lower(p.provider), p.currency, p.capturedDay)]
                .push_back(i);
        }
        index_.sortedByAmount.resize(pays.size());
        std::iota(index_.sortedByAmount.begin(), index_.sortedByAmount.end(), 0);
        std::sort(index_.sortedByAmount.begin(), index_.sortedByAmount.end(),
                  [&](std::size_t a, std::size_t b) {
                      return std::tie(pays[a].currency, pays[a].amountMinor) <
                             std::tie(pays[b].currency, pays[b].amountMinor);
                  });
    }

    std::vector<LineOutcome> run() {
        for (const auto& rule : in_.rules) {
            if (!rule.enabled) {
                continue;
            }
            if (rule.kind == RuleKind::Payout) {
                payouts(rule);
                continue;
            }
            if (rule.kind == RuleKind::Split) {
                splits(rule);
                continue;
            }
            if (rule.kind == RuleKind::Fees) {
                fees(rule);
                continue;
            }
            for (std::size_t i = 0; i < in_.lines.size(); ++i) {
                if (outcomes_[i].accepted || outcomes_[i].excluded) {
                    continue;
                }
                std::vector<Proposal> found;
                switch (rule.kind) {
                    case RuleKind::ExactReference:
                        found = exactReference(in_.lines[i], rule);
                        break;
                    case RuleKind::Learned:
                        found = learned(in_.lines[i], rule);
                        break;
                    case RuleKind::AmountDate:
                        found = amountDate(in_.lines[i], rule);
                        break;
                    case RuleKind::FeeAware:
                        found = feeAware(in_.lines[i], rule);
                        break;
                    case RuleKind::Partial:
                        found = partial(in_.lines[i], rule);
                        break;
                    default:
                        break;
                }
                consider(i, std::move(found), rule);
            }
        }
        for (auto& o : outcomes_) {
            if (o.accepted || o.excluded) {
                o.suggestions.clear();
                continue;
            }
            std::stable_sort(
                o.suggestions.begin(), o.suggestions.end(),
                [](const Proposal& a, const Proposal& b) { return a.score > b.score; });
            if (o.suggestions.size() > 3) {
                o.suggestions.resize(3);
            }
        }
        return std::move(outcomes_);
    }

private:
    // The words of a line of in_.lines (see the constructor).
    const std::vector<std::string>& tokensOf(const EngineLine& line) const {
        return tokens_[static_cast<std::size_t>(&line - in_.lines.data())];
    }

    bool open(std::size_t p) const { return in_.payments[p].openMinor != 0; }

    bool sameSign(std::int64_t a, std::int64_t b) const { return (a < 0) == (b < 0); }

    // A proposal for the line: accepted when it is the only one of its rule at or above the
    // rule's auto-accept score and its payments are still open; otherwise kept as a suggestion.
    void consider(std::size_t lineIndex, std::vector<Proposal> found, const RuleSetting& rule) {
        if (found.empty()) {
            return;
        }
        std::stable_sort(found.begin(), found.end(),
                         [](const Proposal& a, const Proposal& b) { return a.score > b.score; });
        auto& outcome = outcomes_[lineIndex];
        const bool unique = found.size() == 1 || found[1].score < found[0].score - 15;
        if (unique && found[0].score >= rule.autoAcceptScore && found[0].writeOffMinor == 0 &&
            stillOpen(found[0])) {
            accept(outcome, std::move(found[0]));
            return;
        }
        for (auto& p : found) {
            // One suggestion per set of payments: the best-scored rule's.
            const auto seen =
                std::find_if(outcome.suggestions.begin(), outcome.suggestions.end(),
                             [&](const Proposal& s) { return s.payments == p.payments; });
            if (seen == outcome.suggestions.end()) {
                outcome.suggestions.push_back(std::move(p));
            } else if (p.score > seen->score) {
                *seen = std::move(p);
            }
        }
    }

    bool stillOpen(const Proposal& p) const {
        for (std::size_t k = 0; k < p.payments.size(); ++k) {
            const auto& pay = in_.payments[p.payments[k]];
            if (std::llabs(pay.openMinor) < std::llabs(p.shares[k])) {
                return false;
            }
        }
        return true;
    }

    void accept(LineOutcome& outcome, Proposal p) {
        for (std::size_t k = 0; k < p.payments.size(); ++k) {
            in_.payments[p.payments[k]].openMinor -= p.shares[k];
        }
        outcome.accepted = std::move(p);
    }

    Proposal single(std::size_t payment, std::int64_t share, RuleKind rule) const {
        Proposal p;
        p.payments = {payment};
        p.shares = {share};
        p.rule = rule;
        return p;
    }

    std::vector<Proposal> exactReference(const EngineLine& line, const RuleSetting& rule) const {
        std::vector<Proposal> out;
        std::vector<std::size_t> seen;
        for (const auto& t : tokensOf(line)) {
            const auto it = index_.byReference.find(t);
            if (it == index_.byReference.end()) {
                continue;
            }
            for (const auto p : it->second) {
                if (std::find(seen.begin(), seen.end(), p) != seen.end()) {
                    continue;
                }
                seen.push_back(p);
                const auto& pay = in_.payments[p];
                if (!open(p) || pay.currency != line.currency ||
                    !sameSign(pay.amountMinor, line.amountMinor)) {
                    continue;
                }
                auto prop = single(p, pay.openMinor, RuleKind::ExactReference);
                prop.reasons.push_back({"reference_equal", "reference equal", std::nullopt});
                int score = 60;
                if (pay.openMinor == line.amountMinor) {
                    prop.reasons.push_back({"amount_equal", "amount equal", std::nullopt});
                    score += 30;
                } else if (line.grossMinor && *line.grossMinor == pay.openMinor) {
                    prop.reasons.push_back({"gross_equal_fee",
                                            "gross amount equal, fee " +
                                                money(line.feeMinor.value_or(0), line.currency) +
                                                " deducted",
                                            line.feeMinor.value_or(0)});
                    score += 28;
                } else if (std::llabs(line.amountMinor) < std::llabs(pay.openMinor)) {
                    // Part of the payment (paid in several lines): the split rule's case,
                    // suggested here with what this line covers.
                    prop.shares = {line.amountMinor};
                    prop.reasons.push_back({"amount_part",
                                            "amount covers " +
                                                money(line.amountMinor, line.currency) + " of " +
                                                money(pay.openMinor, line.currency),
                                            line.amountMinor});
                    score -= 10;
                } else {
                    prop.reasons.push_back(
                        {"amount_differs",
                         "amount differs by " +
                             money(line.amountMinor - pay.openMinor, line.currency),
                         line.amountMinor - pay.openMinor});
                    prop.writeOffMinor = 0;
                    score -= 20;
                }
                const int day = line.valueDay;
                prop.reasons.push_back(dateReason(day, pay.capturedDay));
                score += dateScore(day, pay.capturedDay, rule.windowDays);
                prop.score = std::clamp(score, 0, 100);
                out.push_back(std::move(prop));
            }
        }
        return out;
    }

    // Payments of the same currency and sign whose amount equals the line's (or `amount`),
    // captured within the window.
    std::vector<std::size_t> byAmountInWindow(const EngineLine& line, std::int64_t amount,
                                              int window) const {
        std::vector<std::size_t> out;
        const auto it = index_.byAmount.find(Index::amountKey(line.currency, amount));
        if (it == index_.byAmount.end()) {
            return out;
        }
        for (const auto p : it->second) {
            const auto& pay = in_.payments[p];
            if (open(p) && pay.openMinor == pay.amountMinor &&
                std::abs(line.valueDay - pay.capturedDay) <= window) {
                out.push_back(p);
            }
        }
        return out;
    }

    std::vector<Proposal> amountDate(const EngineLine& line, const RuleSetting& rule) const {
        std::vector<Proposal> out;
        const auto candidates = byAmountInWindow(line, line.amountMinor, rule.windowDays);
        for (const auto p : candidates) {
            const auto& pay = in_.payments[p];
            auto prop = single(p, pay.openMinor, RuleKind::AmountDate);
            prop.reasons.push_back({"amount_equal", "amount equal", std::nullopt});
            prop.reasons.push_back(dateReason(line.valueDay, pay.capturedDay));
            int score = 55 + dateScore(line.valueDay, pay.capturedDay, rule.windowDays);
            if (const auto similar = referenceSimilarity(tokensOf(line), pay.reference)) {
                prop.reasons.insert(prop.reasons.begin(), *similar);
                score += similar->code == "reference_equal" ? 30 : 25;
            } else if (candidates.size() == 1) {
                prop.reasons.push_back({"only_candidate",
                                        "the only payment of this amount in the window",
                                        std::nullopt});
                score += 15;
            } else {
                prop.reasons.push_back(
                    {"several_candidates",
                     plural(static_cast<std::int64_t>(candidates.size()), "payment", "payments") +
                         " of this amount in the window",
                     static_cast<std::int64_t>(candidates.size())});
                score -= 5 * static_cast<int>(std::min<std::size_t>(candidates.size(), 8));
            }
            prop.score = std::clamp(score, 0, 100);
            out.push_back(std::move(prop));
        }
        return out;
    }

    std::vector<Proposal> feeAware(const EngineLine& line, const RuleSetting& rule) const {
        std::vector<Proposal> out;
        // A settlement line that states its gross: the payment is the gross.
        if (line.grossMinor && *line.grossMinor != line.amountMinor) {
            for (const auto p : byAmountInWindow(line, *line.grossMinor, rule.windowDays)) {
                const auto& pay = in_.payments[p];
                auto prop = single(p, pay.openMinor, RuleKind::FeeAware);
                prop.reasons.push_back(
                    {"gross_equal_fee",
                     "gross amount equal, fee " +
                         money(line.feeMinor.value_or(*line.grossMinor - line.amountMinor),
                               line.currency) +
                         " deducted",
                     line.feeMinor.value_or(*line.grossMinor - line.amountMinor)});
                prop.reasons.push_back(dateReason(line.valueDay, pay.capturedDay));
                int score = 60 + dateScore(line.valueDay, pay.capturedDay, rule.windowDays);
                if (const auto similar = referenceSimilarity(tokensOf(line), pay.reference)) {
                    prop.reasons.insert(prop.reasons.begin(), *similar);
                    score += 20;
                }
                prop.score = std::clamp(score, 0, 100);
                out.push_back(std::move(prop));
            }
            return out;
        }
        // A bank line net of an unstated fee: a payment a little larger, in the window.
        if (line.amountMinor <= 0) {
            return out;
        }
        const auto& pays = in_.payments;
        const std::int64_t low = line.amountMinor + 1;
        const std::int64_t high = line.amountMinor * 1000 / (1000 - rule.maxFeePermille);
        auto first = std::lower_bound(index_.sortedByAmount.begin(), index_.sortedByAmount.end(),
                                      low, [&](std::size_t p, std::int64_t v) {
                                          return std::tie(pays[p].currency, pays[p].amountMinor) <
                                                 std::tie(line.currency, v);
                                      });
        std::size_t looked = 0;
        for (auto it = first; it != index_.sortedByAmount.end() && looked < 2000; ++it, ++looked) {
            const auto& pay = pays[*it];
            if (pay.currency != line.currency || pay.amountMinor > high) {
                break;
            }
            if (!open(*it) || pay.openMinor != pay.amountMinor ||
                std::abs(line.valueDay - pay.capturedDay) > rule.windowDays) {
                continue;
            }
            const auto similar = referenceSimilarity(tokensOf(line), pay.reference);
            if (!similar) {
                continue;  // an unstated fee alone is too weak a reason
            }
            const auto fee = pay.amountMinor - line.amountMinor;
            auto prop = single(*it, pay.openMinor, RuleKind::FeeAware);
            prop.reasons.push_back(*similar);
            prop.reasons.push_back({"amount_net_of_fee",
                                    "amount equal after a fee of " + money(fee, line.currency) +
                                        " (" + std::to_string(fee * 1000 / pay.amountMinor / 10) +
                                        "." + std::to_string(fee * 1000 / pay.amountMinor % 10) +
                                        "%)",
                                    fee});
            prop.reasons.push_back(dateReason(line.valueDay, pay.capturedDay));
            prop.score =
                std::clamp(65 + dateScore(line.valueDay, pay.capturedDay, rule.windowDays), 0, 100);
            // The fee is written off against the payment when accepted by a person.
            prop.writeOffMinor = fee;
            prop.shares = {pay.openMinor};
            out.push_back(std::move(prop));
        }
        return out;
    }

    std::vector<Proposal> learned(const EngineLine& line, const RuleSetting& rule) const {
        std::vector<Proposal> out;
        if (in_.learned.empty()) {
            return out;
        }
        const auto key = counterpartyKey(line.counterparty);
        const auto shape = referenceShape(line.reference);
        for (const auto& l : in_.learned) {
            if (l.counterpartyKey != key || l.referenceShape != shape) {
                continue;
            }
            for (const auto p : byAmountInWindow(line, line.amountMinor, rule.windowDays)) {
                const auto& pay = in_.payments[p];
                if (lower(pay.provider) != lower(l.provider) ||
                    referenceRelation(line, pay.reference) != l.relation) {
                    continue;
                }
                auto prop = single(p, pay.openMinor, RuleKind::Learned);
                prop.reasons.push_back({"learned",
                                        "same counterparty and reference pattern as " + l.taughtBy +
                                            "'s match of " + l.taughtOn,
                                        std::nullopt});
                prop.reasons.push_back({"amount_equal", "amount equal", std::nullopt});
                prop.reasons.push_back(dateReason(line.valueDay, pay.capturedDay));
                prop.score = std::clamp(
                    75 + dateScore(line.valueDay, pay.capturedDay, rule.windowDays), 0, 100);
                out.push_back(std::move(prop));
            }
        }
        return out;
    }

    std::vector<Proposal> partial(const EngineLine& line, const RuleSetting& rule) const {
        std::vector<Proposal> out;
        // Payments whose reference the line names but whose amount differs a little: matched
        // with the difference written off (by a person, with a reason).
        for (const auto& t : tokensOf(line)) {
            const auto it = index_.byReference.find(t);
            if (it == index_.byReference.end()) {
                continue;
            }
            for (const auto p : it->second) {
                const auto& pay = in_.payments[p];
                if (!open(p) || pay.currency != line.currency ||
                    !sameSign(pay.amountMinor, line.amountMinor) ||
                    pay.openMinor == line.amountMinor) {
                    continue;
                }
                const auto difference = pay.openMinor - line.amountMinor;
                if (std::llabs(difference) * 1000 >
                    std::llabs(pay.openMinor) * rule.maxDifferencePermille) {
                    continue;
                }
                auto prop = single(p, pay.openMinor, RuleKind::Partial);
                prop.writeOffMinor = difference;
                prop.reasons.push_back({"reference_equal", "reference equal", std::nullopt});
                prop.reasons.push_back({"write_off",
                                        "amount short by " + money(difference, line.currency) +
                                            ": write it off with a reason",
                                        difference});
                prop.reasons.push_back(dateReason(line.valueDay, pay.capturedDay));
                prop.score = 62;  // above the same reference read as a part (58)
                out.push_back(std::move(prop));
            }
        }
        return out;
    }

    // A provider's own fee lines (money out, of a fee kind) are no payment: set aside.
    void fees(const RuleSetting& rule) {
        for (std::size_t i = 0; i < in_.lines.size(); ++i) {
            const auto& line = in_.lines[i];
            if (outcomes_[i].accepted || outcomes_[i].excluded || line.amountMinor >= 0) {
                continue;
            }
            const auto kind = lower(trimmed(line.kind));
            if (std::find(rule.feeKinds.begin(), rule.feeKinds.end(), kind) !=
                rule.feeKinds.end()) {
                outcomes_[i].excluded = Reason{
                    "provider_fee", "a provider's fee (" + trimmed(line.kind) + "), not a payment",
                    -line.amountMinor};
                outcomes_[i].suggestions.clear();
            }
        }
    }

    // One bank line ↔ the payments (net of refunds) a provider captured on one day: a payout.
    void payouts(const RuleSetting& rule) {
        std::unordered_map<std::string, std::string> providersByWord;
        for (const auto& p : in_.payments) {
            providersByWord.emplace(lower(p.provider), p.provider);
        }
        for (std::size_t i = 0; i < in_.lines.size(); ++i) {
            if (outcomes_[i].accepted) {
                continue;
            }
            const auto& line = in_.lines[i];
            if (line.amountMinor <= 0) {
                continue;
            }
            const auto text =
                lower(line.counterparty + " " + line.remittance + " " + line.reference);
            std::vector<Proposal> found;
            for (const auto& [word, provider] : providersByWord) {
                if (word.size() < 3 || text.find(word) == std::string::npos) {
                    continue;
                }
                for (int back = 0; back <= rule.windowDays; ++back) {
                    const int day = line.valueDay - back;
                    const auto it =
                        index_.byProviderDay.find(Index::dayKey(word, line.currency, day));
                    if (it == index_.byProviderDay.end()) {
                        continue;
                    }
                    std::vector<std::size_t> members;
                    std::int64_t sum = 0;
                    for (const auto p : it->second) {
                        if (open(p) && in_.payments[p].openMinor == in_.payments[p].amountMinor) {
                            members.push_back(p);
                            sum += in_.payments[p].openMinor;
                        }
                    }
                    if (members.size() < 2 ||
                        members.size() > static_cast<std::size_t>(rule.maxPayments)) {
                        continue;
                    }
                    // One payment of the day paid on its own (a line of its own, perhaps with
                    // a damaged reference the exact rule missed): the payout is the rest.
                    std::optional<std::size_t> apart;
                    if (sum != line.amountMinor) {
                        const auto one = std::find_if(members.begin(), members.end(), [&](auto p) {
                            return sum - in_.payments[p].openMinor == line.amountMinor;
                        });
                        if (one == members.end()) {
                            continue;
                        }
                        apart = *one;
                        sum -= in_.payments[*one].openMinor;
                        members.erase(one);
                    }
                    Proposal prop;
                    prop.rule = RuleKind::Payout;
                    prop.payments = members;
                    for (const auto p : members) {
                        prop.shares.push_back(in_.payments[p].openMinor);
                    }
                    prop.reasons.push_back(
                        {"payout",
                         "payout of " +
                             plural(static_cast<std::int64_t>(members.size()),
                                    provider + " payment", provider + " payments") +
                             " captured " + isoFromDays(day),
                         static_cast<std::int64_t>(members.size())});
                    prop.reasons.push_back({"sum_equal", "sum equal", std::nullopt});
                    if (apart) {
                        prop.reasons.push_back({"payout_less_one",
                                                "without payment " +
                                                    in_.payments[*apart].reference +
                                                    ", which was paid on its own",
                                                std::nullopt});
                    }
                    prop.reasons.push_back(
                        {"payout_delay",
                         back == 0 ? std::string("paid out the same day")
                                   : "paid out " + plural(back, "day", "days") + " later",
                         back});
                    prop.score = std::clamp(96 - back - (apart ? 6 : 0), 0, 100);
                    found.push_back(std::move(prop));
                }
            }
            consider(i, std::move(found), rule);
        }
    }

    // N lines ↔ one payment: lines naming the same payment whose amounts add up to it.
    void splits(const RuleSetting& rule) {
        std::unordered_map<std::size_t, std::vector<std::size_t>> linesOfPayment;
        for (std::size_t i = 0; i < in_.lines.size(); ++i) {
            if (outcomes_[i].accepted) {
                continue;
            }
            const auto& line = in_.lines[i];
            for (const auto& t : tokensOf(line)) {
                const auto it = index_.byReference.find(t);
                if (it == index_.byReference.end()) {
                    continue;
                }
                for (const auto p : it->second) {
                    auto& lines = linesOfPayment[p];
                    if (std::find(lines.begin(), lines.end(), i) == lines.end()) {
                        lines.push_back(i);
                    }
                }
            }
        }
        for (auto& [p, lines] : linesOfPayment) {
            const auto& pay = in_.payments[p];
            if (lines.size() < 2 || lines.size() > static_cast<std::size_t>(rule.maxLines) ||
                !open(p)) {
                continue;
            }
            std::int64_t sum = 0;
            bool fits = true;
            for (const auto i : lines) {
                const auto& line = in_.lines[i];
                fits = fits && line.currency == pay.currency &&
                       sameSign(line.amountMinor, pay.amountMinor) &&
                       std::abs(line.valueDay - pay.capturedDay) <= rule.windowDays;
                sum += line.amountMinor;
            }
            if (!fits || sum != pay.openMinor) {
                continue;
            }
            std::sort(lines.begin(), lines.end());
            for (std::size_t k = 0; k < lines.size(); ++k) {
                const auto& line = in_.lines[lines[k]];
                auto prop = single(p, line.amountMinor, RuleKind::Split);
                prop.reasons.push_back({"reference_equal", "reference equal", std::nullopt});
                prop.reasons.push_back({"split",
                                        "part " + std::to_string(k + 1) + " of " +
                                            std::to_string(lines.size()) +
                                            " lines that together equal the payment",
                                        static_cast<std::int64_t>(lines.size())});
                prop.reasons.push_back(dateReason(line.valueDay, pay.capturedDay));
                prop.score = 88;
                std::vector<Proposal> one;
                one.push_back(std::move(prop));
                consider(lines[k], std::move(one), rule);
            }
        }
    }

    EngineInput& in_;
    std::vector<std::vector<std::string>> tokens_;
    std::vector<LineOutcome> outcomes_;
    Index index_;
};

}  // namespace

std::string_view ruleName(RuleKind kind) {
    switch (kind) {
        case RuleKind::Learned:
            return "learned";
        case RuleKind::ExactReference:
            return "exact_reference";
        case RuleKind::AmountDate:
            return "amount_date";
        case RuleKind::FeeAware:
            return "fee_aware";
        case RuleKind::Payout:
            return "payout";
        case RuleKind::Split:
            return "split";
        case RuleKind::Partial:
            return "partial";
        case RuleKind::Fees:
            return "fees";
    }
    return "exact_reference";
}

std::optional<RuleKind> ruleFromName(std::string_view name) {
    for (const auto k :
         {RuleKind::Learned, RuleKind::ExactReference, RuleKind::AmountDate, RuleKind::FeeAware,
          RuleKind::Payout, RuleKind::Split, RuleKind::Partial, RuleKind::Fees}) {
        if (ruleName(k) == name) {
            return k;
        }
    }
    return std::nullopt;
}

std::vector<RuleSetting> defaultRules() {
    std::vector<RuleSetting> rules;
    rules.push_back({.kind = RuleKind::Fees,
                     .autoAcceptScore = 101,
                     .feeKinds = {"收费", "扣除交易手续费", "手续费", "fee", "stripe_fee"}});
    rules.push_back({.kind = RuleKind::ExactReference, .autoAcceptScore = 90});
    rules.push_back({.kind = RuleKind::Learned, .autoAcceptScore = 101});
    rules.push_back({.kind = RuleKind::AmountDate, .autoAcceptScore = 101});
    rules.push_back({.kind = RuleKind::FeeAware, .autoAcceptScore = 101, .windowDays = 5});
    rules.push_back({.kind = RuleKind::Payout, .autoAcceptScore = 93});
    rules.push_back({.kind = RuleKind::Split, .autoAcceptScore = 101, .windowDays = 5});
    rules.push_back({.kind = RuleKind::Partial, .autoAcceptScore = 101});
    return rules;
}

std::vector<LineOutcome> runEngine(EngineInput& input) {
    Engine engine(input);
    return engine.run();
}

std::string counterpartyKey(std::string_view counterparty) {
    std::string out;
    bool space = false;
    for (const char c : counterparty) {
        if (std::isspace(static_cast<unsigned char>(c))) {
            space = !out.empty();
            continue;
        }
        if (space) {
            out.push_back(' ');
            space = false;
        }
        out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    }
    return out;
}

std::string referenceShape(std::string_view reference) {
    std::string out;
    for (const char c : trimmed(reference)) {
        if (out.size() >= 24) {
            break;
        }
        const auto u = static_cast<unsigned char>(c);
        out.push_back(std::isdigit(u) ? '9' : std::isalpha(u) ? 'A' : c);
    }
    return out;
}

std::string referenceRelation(const EngineLine& line, std::string_view paymentReference) {
    const auto ref = lower(trimmed(paymentReference));
    if (ref.empty()) {
        return "amount_date";
    }
    if (lower(trimmed(line.reference)) == ref) {
        return "equal";
    }
    const auto all = lower(line.reference + " " + line.bankReference + " " + line.remittance);
    if (all.find(ref) != std::string::npos) {
        return "contains";
    }
    // The line keeps only the end of the payment's reference.
    const auto lineRef = lower(trimmed(line.reference));
    for (std::size_t n = std::min<std::size_t>(ref.size(), 16); n >= 4; --n) {
        const auto tail = ref.substr(ref.size() - n);
        if (lineRef.size() >= n && lineRef.compare(lineRef.size() - n, n, tail) == 0) {
            return "suffix:" + std::to_string(n);
        }
    }
    return "amount_date";
}

int daysFromIso(std::string_view date) {
    if (date.size() < 10) {
        return 0;
    }
    const int y0 = std::atoi(std::string(date.substr(0, 4)).c_str());
    const unsigned m = static_cast<unsigned>(std::atoi(std::string(date.substr(5, 2)).c_str()));
    const unsigned d = static_cast<unsigned>(std::atoi(std::string(date.substr(8, 2)).c_str()));
    // Howard Hinnant's days_from_civil.
    const int y = y0 - (m <= 2);
    const int era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<int>(doe) - 719468;
}

std::string isoFromDays(int z) {
    z += 719468;
    const int era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const int y = static_cast<int>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", y + (m <= 2), m, d);
    return buf;
}

}  // namespace opsdesk::server::finance
