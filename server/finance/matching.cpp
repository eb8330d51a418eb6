// Matching: the engine run over a statement (auto-match), a person's match, unmatch, exclusion
// and note on a line, the payments and the exceptions queue, and the engine's rules.
//
// Every change of matches takes one advisory lock for the whole ledger first: an auto-match and
// a person's match never claim the same payment at once, and the payments' CHECKs (migration
// 0014) refuse an over-claim whatever happens.

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <chrono>
#include <pqxx/pqxx>
#include <unordered_map>

#include "api/paging.h"
#include "audit/audit.h"
#include "core/api_error.h"
#include "feed/outbox.h"
#include "finance/finance.h"
#include "finance/finance_internal.h"
#include "finance/match_engine.h"
#include "opsdesk/protocol/money.h"

namespace opsdesk::server::finance {

namespace {

using protocol::ErrorCode;

constexpr std::int64_t kLedgerLock = 0x0F1A4CE;  // pg_advisory_xact_lock key of the ledger

void lockLedger(pqxx::transaction_base& tx) {
    tx.exec_params("SELECT pg_advisory_xact_lock($1)", kLedgerLock);
}

boost::json::array reasonsJson(const std::vector<Reason>& reasons) {
    boost::json::array out;
    for (const auto& r : reasons) {
        boost::json::object o{{"code", r.code}, {"text", r.text}};
        if (r.number) {
            o["number"] = *r.number;
        }
        out.push_back(std::move(o));
    }
    return out;
}

struct StatementRow {
    std::string status;
    int version = 0;
};

// The statement, locked; 404 when there is none, 409 when it is signed off.
StatementRow lockOpenStatement(pqxx::transaction_base& tx, std::int64_t id) {
    const auto rows = tx.exec_params(
        "SELECT status, version FROM finance_statements WHERE id = $1 FOR UPDATE", id);
    if (rows.empty()) {
        throw notFound("No such statement");
    }
    StatementRow s{rows[0][0].as<std::string>(), rows[0][1].as<int>()};
    if (s.status == "closed") {
        throw ApiError(ErrorCode::StatementClosed,
                       "The statement is signed off; reopen it to change its matches", {},
                       boost::json::object{{"statement_id", id}});
    }
    return s;
}

void statementChanged(pqxx::transaction_base& tx, const api::Call& call, std::int64_t id,
                      std::string_view change) {
    const auto version = tx.exec_params1(
        "UPDATE finance_statements SET version = version + 1 WHERE id = $1 "
        "RETURNING version, status",
        id);
    feed::publish(tx, protocol::EventKind::StatementUpdated, id, version[0].as<int>(),
                  boost::json::object{
                      {"id", id}, {"status", version[1].as<std::string>()}, {"change", change}},
                  call.user().userId);
}

std::vector<RuleSetting> readRules(pqxx::transaction_base& tx) {
    std::vector<RuleSetting> rules;
    for (const auto& r : tx.exec("SELECT kind, enabled, auto_accept_score, params::text "
                                 "FROM finance_rules ORDER BY position, id")) {
        const auto kind = ruleFromName(r[0].as<std::string>());
        if (!kind) {
            continue;
        }
        RuleSetting s;
        s.kind = *kind;
        s.enabled = r[1].as<bool>();
        s.autoAcceptScore = r[2].as<int>();
        const auto params = boost::json::parse(r[3].c_str());
        if (const auto* o = params.if_object()) {
            const auto number = [&](const char* key, int& into) {
                if (const auto* v = o->if_contains(key); v && v->is_int64()) {
                    into = static_cast<int>(v->as_int64());
                }
            };
            number("window_days", s.windowDays);
            number("max_fee_permille", s.maxFeePermille);
            number("max_payments", s.maxPayments);
            number("max_lines", s.maxLines);
            number("max_difference_permille", s.maxDifferencePermille);
            if (const auto* kinds = o->if_contains("kinds"); kinds && kinds->is_array()) {
                for (const auto& k : kinds->as_array()) {
                    if (k.is_string()) {
                        std::string feeKind(k.as_string());
                        for (auto& c : feeKind) {
                            c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                        }
                        s.feeKinds.push_back(std::move(feeKind));
                    }
                }
            }
        }
        rules.push_back(s);
    }
    return rules;
}

std::vector<LearnedPattern> readLearned(pqxx::transaction_base& tx) {
    std::vector<LearnedPattern> out;
    for (const auto& r :
         tx.exec("SELECT counterparty_key, reference_shape, provider, relation, "
                 "coalesce((SELECT username FROM users WHERE id = taught_by), 'someone'), "
                 "to_char(taught_at AT TIME ZONE 'UTC', 'YYYY-MM-DD') FROM finance_learned")) {
        out.push_back({r[0].as<std::string>(), r[1].as<std::string>(), r[2].as<std::string>(),
                       r[3].as<std::string>(), r[4].as<std::string>(), r[5].as<std::string>()});
    }
    return out;
}

EngineLine lineFromRow(const pqxx::row& r) {
    EngineLine l;
    l.id = r[0].as<std::int64_t>();
    l.bookedDay = r[1].as<int>();
    l.valueDay = r[2].is_null() ? l.bookedDay : r[2].as<int>();
    l.amountMinor = r[3].as<std::int64_t>();
    l.currency = r[4].as<std::string>();
    if (!r[5].is_null()) {
        l.feeMinor = r[5].as<std::int64_t>();
    }
    if (!r[6].is_null()) {
        l.grossMinor = r[6].as<std::int64_t>();
    }
    l.counterparty = r[7].as<std::string>();
    l.reference = r[8].as<std::string>();
    l.bankReference = r[9].as<std::string>();
    l.remittance = r[10].as<std::string>();
    l.kind = r[11].as<std::string>();
    return l;
}

constexpr const char* kLineColumns =
    "l.id, l.booked_at - DATE '1970-01-01', l.value_date - DATE '1970-01-01', l.amount_minor, "
    "l.currency, l.fee_minor, l.gross_minor, l.counterparty, l.reference, l.bank_reference, "
    "l.remittance, l.kind";

std::vector<EnginePayment> readPayments(pqxx::transaction_base& tx, int firstDay, int lastDay,
                                        const std::string& currencies) {
    std::vector<EnginePayment> out;
    const auto rows = tx.exec_params(
        "SELECT id, provider, provider_ref, amount_minor, amount_minor - matched_minor, currency, "
        "(captured_at AT TIME ZONE 'UTC')::date - DATE '1970-01-01' FROM finance_payments "
        "WHERE matched_minor <> amount_minor AND captured_at >= DATE '1970-01-01' + $1::integer "
        "AND captured_at < DATE '1970-01-01' + $2::integer AND currency = ANY($3::text[])",
        firstDay, lastDay + 1, currencies);
    out.reserve(rows.size());
    for (const auto& r : rows) {
        out.push_back({r[0].as<std::int64_t>(), r[1].as<std::string>(), r[2].as<std::string>(),
                       r[3].as<std::int64_t>(), r[4].as<std::int64_t>(), r[5].as<std::string>(),
                       r[6].as<int>()});
    }
    return out;
}

struct Counts {
    std::int64_t excluded = 0;
    std::int64_t matched = 0;
    std::int64_t suggested = 0;
    std::int64_t unmatched = 0;
};

// Writes the engine's outcomes for `lines`: matches, suggestions, statuses, payments' shares.
// At a million lines this is most of an auto-match, so the rows go to temporary tables by COPY
// (no JSON of hundreds of megabytes to build, send and parse) and from there into the ledger's
// tables with one statement each; a line that was unmatched and stays so is not written at all.
// `wasSuggested[i]` says whether line i had suggestions before: only a 'suggested' line has them
// (a person's match or exclusion deletes a line's suggestions, and an unmatch leaves none).
Counts writeOutcomes(pqxx::transaction_base& tx, const api::Call& call,
                     const std::vector<EngineLine>& lines, const std::vector<bool>& wasSuggested,
                     const std::vector<EnginePayment>& payments,
                     const std::vector<LineOutcome>& outcomes) {
    Counts counts;
    tx.exec0(
        "CREATE TEMP TABLE finance_outcome_lines (id bigint, status text, rule text, "
        "reasons jsonb, had_suggestions boolean) ON COMMIT DROP;"
        "CREATE TEMP TABLE finance_outcome_matches (line_id bigint, payment_id bigint, "
        "amount_minor bigint) ON COMMIT DROP;"
        "CREATE TEMP TABLE finance_outcome_suggestions (line_id bigint, rank integer, "
        "payment_ids bigint[], score integer, rule text, reasons jsonb, write_off_minor bigint) "
        "ON COMMIT DROP");
    // One COPY at a time on a connection: the lines, then the matches, then the suggestions.
    {
        pqxx::stream_to lineRows(tx, "finance_outcome_lines");
        for (std::size_t i = 0; i < lines.size(); ++i) {
            const auto& o = outcomes[i];
            if (o.accepted) {
                ++counts.matched;
                lineRows << std::make_tuple(
                    lines[i].id, "matched", std::string(ruleName(o.accepted->rule)),
                    boost::json::serialize(reasonsJson(o.accepted->reasons)),
                    bool(wasSuggested[i]));
            } else if (o.excluded) {
                ++counts.excluded;
                lineRows << std::make_tuple(lines[i].id, "excluded", std::string("fees"),
                                            boost::json::serialize(reasonsJson({*o.excluded})),
                                            bool(wasSuggested[i]));
            } else if (!o.suggestions.empty()) {
                ++counts.suggested;
                lineRows << std::make_tuple(lines[i].id, "suggested", nullptr, nullptr,
                                            bool(wasSuggested[i]));
            } else {
                ++counts.unmatched;
                if (wasSuggested[i]) {
                    lineRows << std::make_tuple(lines[i].id, "unmatched", nullptr, nullptr, true);
                }
            }
        }
        lineRows.complete();
    }
    if (counts.matched > 0) {
        pqxx::stream_to matchRows(tx, "finance_outcome_matches");
        for (std::size_t i = 0; i < lines.size(); ++i) {
            if (const auto& accepted = outcomes[i].accepted) {
                for (std::size_t k = 0; k < accepted->payments.size(); ++k) {
                    matchRows << std::make_tuple(lines[i].id, payments[accepted->payments[k]].id,
                                                 accepted->shares[k]);
                }
            }
        }
        matchRows.complete();
    }
    if (counts.suggested > 0) {
        pqxx::stream_to suggestionRows(tx, "finance_outcome_suggestions");
        std::string ids;
        for (std::size_t i = 0; i < lines.size(); ++i) {
            const auto& o = outcomes[i];
            if (o.accepted || o.excluded) {
                continue;
            }
            for (std::size_t rank = 0; rank < o.suggestions.size(); ++rank) {
                const auto& sg = o.suggestions[rank];
                ids = "{";
                for (std::size_t k = 0; k < sg.payments.size(); ++k) {
                    ids += (k ? "," : "") + std::to_string(payments[sg.payments[k]].id);
                }
                ids += "}";
                suggestionRows << std::make_tuple(lines[i].id, static_cast<int>(rank + 1), ids,
                                                  sg.score, std::string(ruleName(sg.rule)),
                                                  boost::json::serialize(reasonsJson(sg.reasons)),
                                                  sg.writeOffMinor);
            }
        }
        suggestionRows.complete();
    }
    tx.exec0(
        "DELETE FROM finance_suggestions s USING finance_outcome_lines r "
        "WHERE r.had_suggestions AND s.line_id = r.id");
    tx.exec_params0(
        "UPDATE finance_lines l SET status = r.status, "
        "matched_by = CASE WHEN r.status IN ('matched', 'excluded') THEN $1::bigint END, "
        "matched_at = CASE WHEN r.status IN ('matched', 'excluded') THEN now() END, "
        "match_rule = CASE WHEN r.status IN ('matched', 'excluded') THEN 'auto:' || r.rule END, "
        "match_reasons = CASE WHEN r.status IN ('matched', 'excluded') THEN r.reasons END, "
        "write_off_reason = CASE WHEN r.status = 'excluded' THEN 'provider fee' END "
        "FROM finance_outcome_lines r WHERE l.id = r.id",
        call.user().userId);
    tx.exec0(
        "INSERT INTO finance_matches (line_id, payment_id, amount_minor) "
        "SELECT line_id, payment_id, amount_minor FROM finance_outcome_matches");
    tx.exec0(
        "UPDATE finance_payments p SET matched_minor = p.matched_minor + m.total FROM ("
        "SELECT payment_id, sum(amount_minor) AS total FROM finance_outcome_matches GROUP BY 1) m "
        "WHERE p.id = m.payment_id");
    tx.exec0(
        "INSERT INTO finance_suggestions (line_id, rank, payment_ids, score, rule, reasons, "
        "write_off_minor) SELECT line_id, rank, payment_ids, score, rule, reasons, "
        "write_off_minor FROM finance_outcome_suggestions");
    return counts;
}

}  // namespace

http::Response autoMatch(api::Call& call) {
    const auto id = call.idParam("id");
    const auto started = std::chrono::steady_clock::now();
    pqxx::work tx(call.db);
    lockOpenStatement(tx, id);
    lockLedger(tx);
    const auto rules = readRules(tx);
    std::vector<EngineLine> lines;
    std::vector<bool> wasSuggested;
    {
        const auto rows = tx.exec_params(std::string("SELECT ") + kLineColumns +
                                             ", l.status = 'suggested' FROM finance_lines l "
                                             "WHERE l.statement_id = $1 "
                                             "AND l.status IN ('unmatched', 'suggested') "
                                             "ORDER BY l.position",
                                         id);
        lines.reserve(rows.size());
        wasSuggested.reserve(rows.size());
        for (const auto& r : rows) {
            lines.push_back(lineFromRow(r));
            wasSuggested.push_back(r[12].as<bool>());  // after kLineColumns' twelve
        }
    }
    Counts counts;
    if (!lines.empty()) {
        int window = 0;
        for (const auto& r : rules) {
            window = std::max(window, r.windowDays);
        }
        int first = lines.front().valueDay;
        int last = first;
        std::vector<std::string> currencies;
        for (const auto& l : lines) {
            first = std::min({first, l.valueDay, l.bookedDay});
            last = std::max({last, l.valueDay, l.bookedDay});
            if (std::find(currencies.begin(), currencies.end(), l.currency) == currencies.end()) {
                currencies.push_back(l.currency);
            }
        }
        std::string currencyArray = "{";
        for (std::size_t i = 0; i < currencies.size(); ++i) {
            currencyArray += (i ? "," : "") + currencies[i];
        }
        currencyArray += "}";
        EngineInput input;
        input.rules = rules;
        input.learned = readLearned(tx);
        input.payments = readPayments(tx, first - window - 1, last + window + 1, currencyArray);
        input.lines = std::move(lines);
        const auto outcomes = runEngine(input);
        counts = writeOutcomes(tx, call, input.lines, wasSuggested, input.payments, outcomes);
    }
    const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                        std::chrono::steady_clock::now() - started)
                        .count();
    audit::record(tx, call,
                  {"finance.auto_match", "statement", std::to_string(id), nullptr,
                   boost::json::object{{"matched", counts.matched},
                                       {"suggested", counts.suggested},
                                       {"unmatched", counts.unmatched},
                                       {"excluded", counts.excluded},
                                       {"ms", ms}}});
    statementChanged(tx, call, id, "auto_match");
    tx.commit();
    boost::json::object out{{"matched", counts.matched},
                            {"suggested", counts.suggested},
                            {"unmatched", counts.unmatched},
                            {"excluded", counts.excluded},
                            {"ms", ms}};
    return http::Response::json(200, boost::json::serialize(out));
}

namespace {

struct LineRow {
    std::int64_t statementId = 0;
    std::string status;
    std::int64_t amount = 0;
    std::string currency;
    EngineLine engine;
};

LineRow lockLine(pqxx::transaction_base& tx, std::int64_t id) {
    const auto rows =
        tx.exec_params(std::string("SELECT l.statement_id, l.status, ") + kLineColumns +
                           " FROM finance_lines l WHERE l.id = $1 FOR UPDATE",
                       id);
    if (rows.empty()) {
        throw notFound("No such statement line");
    }
    LineRow out;
    out.statementId = rows[0][0].as<std::int64_t>();
    out.status = rows[0][1].as<std::string>();
    // The engine's columns follow the first two.
    pqxx::row r = rows[0];
    out.engine.id = r[2].as<std::int64_t>();
    out.engine.bookedDay = r[3].as<int>();
    out.engine.valueDay = r[4].is_null() ? out.engine.bookedDay : r[4].as<int>();
    out.engine.amountMinor = r[5].as<std::int64_t>();
    out.engine.currency = r[6].as<std::string>();
    out.engine.counterparty = r[9].as<std::string>();
    out.engine.reference = r[10].as<std::string>();
    out.engine.bankReference = r[11].as<std::string>();
    out.engine.remittance = r[12].as<std::string>();
    out.amount = out.engine.amountMinor;
    out.currency = out.engine.currency;
    return out;
}

std::string lineJsonById(pqxx::transaction_base& tx, std::int64_t id) {
    return tx
        .exec_params1(std::string("SELECT ") + kLineJson +
                          "::text FROM finance_lines l "
                          "WHERE l.id = $1",
                      id)[0]
        .as<std::string>();
}

std::string moneyText(std::int64_t minor, const std::string& currency) {
    if (const auto c = protocol::findCurrency(currency)) {
        return protocol::formatDecimal(minor, *c) + " " + currency;
    }
    return std::to_string(minor) + " " + currency;
}

}  // namespace

http::Response matchLine(api::Call& call) {
    const auto id = call.idParam("id");
    const auto body = call.jsonBody();
    std::vector<std::int64_t> paymentIds;
    if (const auto* ids = body.if_contains("payment_ids"); ids && ids->is_array()) {
        for (const auto& v : ids->as_array()) {
            if (!v.is_int64() || v.as_int64() <= 0) {
                throw validationFailed({{"payment_ids", "Payment ids are positive integers"}});
            }
            if (std::find(paymentIds.begin(), paymentIds.end(), v.as_int64()) == paymentIds.end()) {
                paymentIds.push_back(v.as_int64());
            }
        }
    }
    if (paymentIds.empty() || paymentIds.size() > 1000) {
        throw validationFailed({{"payment_ids", "Name between 1 and 1000 payments"}});
    }
    std::int64_t writeOff = 0;
    if (const auto* w = body.if_contains("write_off_minor"); w && !w->is_null()) {
        if (!w->is_int64()) {
            throw validationFailed({{"write_off_minor", "A whole number of minor units"}});
        }
        writeOff = w->as_int64();
    }
    const auto reason = api::optionalString(body, "reason").value_or("");
    if (writeOff != 0 && (reason.empty() || reason.size() > 1000)) {
        throw validationFailed({{"reason", "A write-off needs a reason (up to 1000 characters)"}});
    }

    pqxx::work tx(call.db);
    auto line = lockLine(tx, id);
    lockOpenStatement(tx, line.statementId);
    if (line.status == "matched") {
        throw ApiError(ErrorCode::Conflict, "The line is matched already; unmatch it first");
    }
    lockLedger(tx);
    std::string idArray = "{";
    for (std::size_t i = 0; i < paymentIds.size(); ++i) {
        idArray += (i ? "," : "") + std::to_string(paymentIds[i]);
    }
    idArray += "}";
    const auto pays = tx.exec_params(
        "SELECT id, amount_minor - matched_minor, currency, provider, provider_ref, amount_minor "
        "FROM finance_payments WHERE id = ANY($1::bigint[]) ORDER BY id FOR UPDATE",
        idArray);
    if (pays.size() != paymentIds.size()) {
        throw validationFailed({{"payment_ids", "Some of these payments do not exist"}});
    }
    std::int64_t open = 0;
    for (const auto& p : pays) {
        const auto rest = p[1].as<std::int64_t>();
        if (p[2].as<std::string>() != line.currency) {
            throw validationFailed(
                {{"payment_ids", "Payment " + p[0].as<std::string>() + " is in " +
                                     p[2].as<std::string>() + ", the line in " + line.currency}});
        }
        if (rest == 0) {
            throw ApiError(ErrorCode::Conflict,
                           "Payment " + p[0].as<std::string>() + " is matched already", {},
                           boost::json::object{{"payment_id", p[0].as<std::int64_t>()}});
        }
        if ((rest < 0) != (line.amount < 0)) {
            throw validationFailed(
                {{"payment_ids", "A line of money in matches payments, money out refunds"}});
        }
        open += rest;
    }
    // What the line accounts for of each payment (its share), and so whether it adds up:
    // the line (plus a write-off) covers the payments' open amounts, or a part of one payment.
    std::vector<std::int64_t> shares;
    if (open == line.amount + writeOff) {
        for (const auto& p : pays) {
            shares.push_back(p[1].as<std::int64_t>());
        }
    } else if (pays.size() == 1 && writeOff == 0 && std::llabs(line.amount) < std::llabs(open)) {
        shares.push_back(line.amount);  // a part: other lines pay the rest
    } else {
        throw ApiError(ErrorCode::ValidationFailed,
                       "The line is " + moneyText(line.amount, line.currency) +
                           " and the payments' open amount " + moneyText(open, line.currency) +
                           (writeOff ? " with a write-off of " + moneyText(writeOff, line.currency)
                                     : std::string()) +
                           ": write off the difference of " +
                           moneyText(open - line.amount, line.currency) + " with a reason",
                       {{"write_off_minor", "Should be " + std::to_string(open - line.amount)}},
                       boost::json::object{{"line_amount_minor", line.amount},
                                           {"payments_open_minor", open},
                                           {"difference_minor", open - line.amount}});
    }
    // Accepting one of the engine's suggestions keeps its rule and reasons; anything else is a
    // match by hand, which teaches the engine.
    std::string rule = "manual";
    std::string reasons = "null";
    const auto suggestion = tx.exec_params(
        "SELECT rule, reasons::text FROM finance_suggestions WHERE line_id = $1 AND "
        "payment_ids @> $2::bigint[] AND payment_ids <@ $2::bigint[] ORDER BY rank LIMIT 1",
        id, idArray);
    if (!suggestion.empty()) {
        rule = "accepted:" + suggestion[0][0].as<std::string>();
        reasons = suggestion[0][1].as<std::string>();
    }
    for (std::size_t k = 0; k < shares.size(); ++k) {
        tx.exec_params(
            "INSERT INTO finance_matches (line_id, payment_id, amount_minor) "
            "VALUES ($1, $2, $3)",
            id, pays[static_cast<pqxx::result::size_type>(k)][0].as<std::int64_t>(), shares[k]);
        tx.exec_params(
            "UPDATE finance_payments SET matched_minor = matched_minor + $2 "
            "WHERE id = $1",
            pays[static_cast<pqxx::result::size_type>(k)][0].as<std::int64_t>(), shares[k]);
    }
    tx.exec_params(
        "UPDATE finance_lines SET status = 'matched', matched_by = $2, matched_at = now(), "
        "match_rule = $3, match_reasons = $4::jsonb, write_off_minor = $5, "
        "write_off_reason = NULLIF($6, '') WHERE id = $1",
        id, call.user().userId, rule, reasons, writeOff, reason);
    tx.exec_params("DELETE FROM finance_suggestions WHERE line_id = $1", id);
    // A person's choice (by hand, or one suggestion among others) teaches the engine.
    if (!line.engine.counterparty.empty()) {
        const auto provider = pays[0][3].as<std::string>();
        const auto relation = referenceRelation(line.engine, pays[0][4].as<std::string>());
        tx.exec_params(
            "INSERT INTO finance_learned (counterparty_key, reference_shape, provider, relation, "
            "taught_by) VALUES ($1, $2, $3, $4, $5) ON CONFLICT (counterparty_key, "
            "reference_shape, provider, relation) DO UPDATE SET times = finance_learned.times + "
            "1, taught_by = EXCLUDED.taught_by, taught_at = now()",
            counterpartyKey(line.engine.counterparty), referenceShape(line.engine.reference),
            provider, relation, call.user().userId);
    }
    boost::json::array ids;
    for (const auto pid : paymentIds) {
        ids.push_back(pid);
    }
    audit::record(tx, call,
                  {"finance.line_match", "statement_line", std::to_string(id), nullptr,
                   boost::json::object{{"statement_id", line.statementId},
                                       {"payment_ids", ids},
                                       {"rule", rule},
                                       {"write_off_minor", writeOff},
                                       {"reason", reason}}});
    statementChanged(tx, call, line.statementId, "match");
    const auto out = lineJsonById(tx, id);
    tx.commit();
    return http::Response::json(200, out);
}

http::Response unmatchLine(api::Call& call) {
    const auto id = call.idParam("id");
    pqxx::work tx(call.db);
    auto line = lockLine(tx, id);
    lockOpenStatement(tx, line.statementId);
    if (line.status != "matched" && line.status != "excluded") {
        throw ApiError(ErrorCode::Conflict, "The line is not matched");
    }
    lockLedger(tx);
    const auto removed = tx.exec_params(
        "DELETE FROM finance_matches WHERE line_id = $1 RETURNING payment_id, amount_minor", id);
    boost::json::array ids;
    for (const auto& m : removed) {
        tx.exec_params(
            "UPDATE finance_payments SET matched_minor = matched_minor - $2 "
            "WHERE id = $1",
            m[0].as<std::int64_t>(), m[1].as<std::int64_t>());
        ids.push_back(m[0].as<std::int64_t>());
    }
    tx.exec_params(
        "UPDATE finance_lines SET status = 'unmatched', matched_by = NULL, matched_at = NULL, "
        "match_rule = NULL, match_reasons = NULL, write_off_minor = 0, write_off_reason = NULL "
        "WHERE id = $1",
        id);
    audit::record(tx, call,
                  {"finance.line_unmatch", "statement_line", std::to_string(id),
                   boost::json::object{{"status", line.status}, {"payment_ids", ids}},
                   boost::json::object{{"status", "unmatched"}}});
    statementChanged(tx, call, line.statementId, "unmatch");
    const auto out = lineJsonById(tx, id);
    tx.commit();
    return http::Response::json(200, out);
}

http::Response excludeLine(api::Call& call) {
    const auto id = call.idParam("id");
    const auto body = call.jsonBody();
    const auto reason = api::optionalString(body, "reason").value_or("");
    if (reason.empty() || reason.size() > 1000) {
        throw validationFailed({{"reason",
                                 "Say why the line is not a payment (up to 1000 "
                                 "characters)"}});
    }
    pqxx::work tx(call.db);
    auto line = lockLine(tx, id);
    lockOpenStatement(tx, line.statementId);
    if (line.status == "matched") {
        throw ApiError(ErrorCode::Conflict, "The line is matched; unmatch it first");
    }
    tx.exec_params(
        "UPDATE finance_lines SET status = 'excluded', matched_by = $2, matched_at = now(), "
        "match_rule = 'excluded', write_off_reason = $3 WHERE id = $1",
        id, call.user().userId, reason);
    tx.exec_params("DELETE FROM finance_suggestions WHERE line_id = $1", id);
    audit::record(tx, call,
                  {"finance.line_exclude", "statement_line", std::to_string(id),
                   boost::json::object{{"status", line.status}},
                   boost::json::object{{"status", "excluded"}, {"reason", reason}}});
    statementChanged(tx, call, line.statementId, "exclude");
    const auto out = lineJsonById(tx, id);
    tx.commit();
    return http::Response::json(200, out);
}

http::Response noteLine(api::Call& call) {
    const auto id = call.idParam("id");
    const auto body = call.jsonBody();
    const auto note = api::optionalString(body, "note").value_or("");
    if (note.size() > 2000) {
        throw validationFailed({{"note", "At most 2000 characters"}});
    }
    pqxx::work tx(call.db);
    auto line = lockLine(tx, id);
    lockOpenStatement(tx, line.statementId);
    const auto before =
        tx.exec_params1("SELECT coalesce(note, '') FROM finance_lines WHERE id = $1", id)[0]
            .as<std::string>();
    tx.exec_params("UPDATE finance_lines SET note = NULLIF($2, '') WHERE id = $1", id, note);
    audit::record(tx, call,
                  {"finance.line_note", "statement_line", std::to_string(id),
                   boost::json::object{{"note", before}}, boost::json::object{{"note", note}}});
    statementChanged(tx, call, line.statementId, "note");
    const auto out = lineJsonById(tx, id);
    tx.commit();
    return http::Response::json(200, out);
}

http::Response listPayments(api::Call& call) {
    const auto& request = call.request;
    const auto page = api::readPage(request);
    const auto after = api::idCursor(page);
    const bool unmatched = request.queryParam("unmatched").value_or("") == "true";
    const auto from = request.queryParam("from").value_or("");
    const auto to = request.queryParam("to").value_or("");
    const auto isDate = [](const std::string& d) {
        return d.empty() ||
               (d.size() == 10 && daysFromIso(d) != 0 && isoFromDays(daysFromIso(d)) == d);
    };
    if (!isDate(from) || !isDate(to)) {
        throw validationFailed(
            {{from.empty() || isDate(from) ? "to" : "from", "A date, YYYY-MM-DD"}});
    }
    const auto q = request.queryParam("q").value_or("");
    std::optional<std::int64_t> amount;
    if (const auto a = request.queryParam("amount_minor"); a && !a->empty()) {
        try {
            amount = std::stoll(*a);
        } catch (...) {
            throw validationFailed({{"amount_minor", "A whole number of minor units"}});
        }
    }
    pqxx::read_transaction tx(call.db);
    std::string sql =
        std::string("SELECT ") + kPaymentJson + ", p.id FROM finance_payments p WHERE ";
    sql += unmatched ? "p.matched_minor <> p.amount_minor" : "true";
    sql +=
        " AND ($1 = '' OR p.captured_at >= $1::date) AND ($2 = '' OR p.captured_at < $2::date + 1)"
        " AND ($3 = '' OR p.provider_ref ILIKE '%' || $3 || '%')"
        " AND ($4::bigint IS NULL OR p.amount_minor = $4)"
        " AND ($5::bigint IS NULL OR p.id < $5) ORDER BY p.id DESC LIMIT $6";
    const auto rows =
        tx.exec_params(sql, from, to, q.substr(0, 100), amount, after, page.limit + 1);
    return http::Response::json(
        200, api::writePage(page, rows, api::appendJsonColumn, [](const auto& row) {
            return boost::json::array{row[1].template as<std::int64_t>()};
        }));
}

http::Response listExceptions(api::Call& call) {
    const auto& request = call.request;
    const auto page = api::readPage(request);
    std::int64_t afterRank = 0;
    std::int64_t afterId = 0;
    if (page.after) {
        if (page.after->size() != 2 || !page.after->at(0).is_int64() ||
            !page.after->at(1).is_int64()) {
            throw validationFailed({{"cursor", "Not a cursor of this list"}});
        }
        afterRank = page.after->at(0).as_int64();
        afterId = page.after->at(1).as_int64();
    }
    static const std::vector<std::string> kinds{"unmatched_line", "amount_mismatch", "duplicate",
                                                "unmatched_payment"};
    std::vector<bool> wanted(kinds.size(), true);
    if (const auto k = request.queryParam("kind"); k && !k->empty()) {
        std::fill(wanted.begin(), wanted.end(), false);
        for (std::size_t start = 0; start <= k->size();) {
            auto end = k->find(',', start);
            if (end == std::string::npos) {
                end = k->size();
            }
            const auto name = k->substr(start, end - start);
            const auto it = std::find(kinds.begin(), kinds.end(), name);
            if (it == kinds.end()) {
                throw validationFailed({{"kind",
                                         "Use unmatched_line, unmatched_payment, "
                                         "amount_mismatch or duplicate, comma separated"}});
            }
            wanted[static_cast<std::size_t>(it - kinds.begin())] = true;
            start = end + 1;
        }
    }
    const auto statement = request.queryParam("statement_id").value_or("");
    if (!statement.empty() && statement.find_first_not_of("0123456789") != std::string::npos) {
        throw validationFailed({{"statement_id", "A statement id"}});
    }
    // Each kind is a query of its own with a rank: the queue shows lines that need a person
    // first, then payments no line accounts for.
    std::vector<std::string> parts;
    const std::string lineItem =
        std::string("json_build_object('kind', %KIND%, 'line', ") + kLineJson + ")";
    const auto withKind = [&](std::string kind) {
        std::string item = lineItem;
        item.replace(item.find("%KIND%"), 6, "'" + kind + "'");
        return item;
    };
    const std::string statementFilter =
        statement.empty() ? "" : " AND l.statement_id = " + statement;
    if (wanted[0]) {
        parts.push_back("SELECT 1 AS rank, l.id, " + withKind("unmatched_line") +
                        " AS item FROM finance_lines l WHERE l.status = 'unmatched'" +
                        statementFilter +
                        " AND NOT EXISTS (SELECT 1 FROM finance_payments p WHERE p.provider_ref "
                        "<> '' AND lower(p.provider_ref) = lower(l.reference) AND "
                        "p.matched_minor = p.amount_minor)");
    }
    if (wanted[1]) {
        parts.push_back("SELECT 2, l.id, " + withKind("amount_mismatch") +
                        " FROM finance_lines l WHERE l.status = 'suggested'" + statementFilter +
                        " AND EXISTS (SELECT 1 FROM finance_suggestions sg, "
                        "jsonb_array_elements(sg.reasons) r WHERE sg.line_id = l.id AND sg.rank = "
                        "1 AND r->>'code' IN ('amount_differs', 'write_off'))");
    }
    if (wanted[2]) {
        parts.push_back("SELECT 3, l.id, " + withKind("duplicate") +
                        " FROM finance_lines l WHERE l.status = 'unmatched'" + statementFilter +
                        " AND EXISTS (SELECT 1 FROM finance_payments p WHERE p.provider_ref <> '' "
                        "AND lower(p.provider_ref) = lower(l.reference) AND p.matched_minor = "
                        "p.amount_minor)");
    }
    if (wanted[3]) {
        // Payments captured in a period some statement of their currency covers that no line
        // accounts for.
        parts.push_back(std::string("SELECT 4, p.id, json_build_object('kind', "
                                    "'unmatched_payment', 'payment', ") +
                        kPaymentJson +
                        ") FROM finance_payments p WHERE p.matched_minor <> p.amount_minor AND "
                        "EXISTS (SELECT 1 FROM finance_statements s WHERE s.currency = "
                        "p.currency AND p.captured_at >= s.from_date AND p.captured_at < "
                        "s.to_date - 2)");
    }
    if (parts.empty()) {
        return http::Response::json(200, R"({"items":[],"next_cursor":null})");
    }
    std::string sql = "SELECT item, rank, id FROM (";
    for (std::size_t i = 0; i < parts.size(); ++i) {
        sql += (i ? " UNION ALL " : "") + parts[i];
    }
    sql += ") q WHERE (rank, id) > ($1, $2) ORDER BY rank, id LIMIT $3";
    pqxx::read_transaction tx(call.db);
    const auto rows = tx.exec_params(sql, afterRank, afterId, page.limit + 1);
    return http::Response::json(
        200, api::writePage(page, rows, api::appendJsonColumn, [](const auto& row) {
            return boost::json::array{row[1].template as<std::int64_t>(),
                                      row[2].template as<std::int64_t>()};
        }));
}

http::Response listRules(api::Call& call) {
    pqxx::read_transaction tx(call.db);
    const auto row = tx.exec1(
        "SELECT coalesce(json_agg(json_build_object('id', id, 'kind', kind, 'position', "
        "position, 'enabled', enabled, 'auto_accept_score', auto_accept_score, 'params', "
        "params, 'version', version) ORDER BY position, id), '[]')::text FROM finance_rules");
    return http::Response::json(200, R"({"items":)" + row[0].as<std::string>() + "}");
}

http::Response updateRule(api::Call& call) {
    const auto id = call.idParam("id");
    const auto expected = call.ifMatchVersion();
    const auto body = call.jsonBody();
    std::map<std::string, std::string> errors;
    std::optional<bool> enabled;
    std::optional<std::int64_t> position;
    std::optional<std::int64_t> score;
    std::optional<std::string> params;
    if (const auto* v = body.if_contains("enabled")) {
        if (!v->is_bool()) {
            errors["enabled"] = "true or false";
        } else {
            enabled = v->as_bool();
        }
    }
    if (const auto* v = body.if_contains("position")) {
        if (!v->is_int64() || v->as_int64() < 1 || v->as_int64() > 100) {
            errors["position"] = "A position from 1 to 100";
        } else {
            position = v->as_int64();
        }
    }
    if (const auto* v = body.if_contains("auto_accept_score")) {
        if (!v->is_int64() || v->as_int64() < 0 || v->as_int64() > 101) {
            errors["auto_accept_score"] = "A score from 0 to 100, or 101 to never accept";
        } else {
            score = v->as_int64();
        }
    }
    if (const auto* v = body.if_contains("params")) {
        static const std::vector<std::pair<std::string, std::pair<int, int>>> known{
            {"window_days", {0, 60}},
            {"max_fee_permille", {0, 500}},
            {"max_payments", {2, 5000}},
            {"max_lines", {2, 50}},
            {"max_difference_permille", {0, 500}}};
        if (!v->is_object()) {
            errors["params"] = "An object";
        } else {
            for (const auto& [key, value] : v->as_object()) {
                if (key == "kinds") {
                    bool ok = value.is_array() && value.as_array().size() <= 50;
                    for (const auto& k : ok ? value.as_array() : boost::json::array{}) {
                        ok = ok && k.is_string() && !k.as_string().empty() &&
                             k.as_string().size() <= 100;
                    }
                    if (!ok) {
                        errors["params.kinds"] = "A list of up to 50 transaction kinds";
                    }
                    continue;
                }
                const auto it = std::find_if(known.begin(), known.end(),
                                             [&](const auto& k) { return k.first == key; });
                if (it == known.end()) {
                    errors["params." + std::string(key)] = "Not a setting of the rules";
                } else if (!value.is_int64() || value.as_int64() < it->second.first ||
                           value.as_int64() > it->second.second) {
                    errors["params." + std::string(key)] =
                        "From " + std::to_string(it->second.first) + " to " +
                        std::to_string(it->second.second);
                }
            }
            params = boost::json::serialize(*v);
        }
    }
    if (!errors.empty()) {
        throw validationFailed(std::move(errors));
    }
    pqxx::work tx(call.db);
    const auto rows = tx.exec_params(
        "SELECT version, row_to_json(r)::text FROM finance_rules r WHERE id = $1 FOR UPDATE", id);
    if (rows.empty()) {
        throw notFound("No such rule");
    }
    api::requireVersion(expected, rows[0][0].as<int>());
    const auto after = tx.exec_params1(
        "UPDATE finance_rules SET enabled = coalesce($2, enabled), position = coalesce($3, "
        "position), auto_accept_score = coalesce($4, auto_accept_score), params = params || "
        "coalesce($5::jsonb, '{}'), version = version + 1 WHERE id = $1 RETURNING version, "
        "json_build_object('id', id, 'kind', kind, 'position', position, 'enabled', enabled, "
        "'auto_accept_score', auto_accept_score, 'params', params, 'version', version)::text",
        id, enabled, position, score, params);
    audit::record(tx, call,
                  {"finance.rule_update", "finance_rule", std::to_string(id),
                   boost::json::parse(rows[0][1].c_str()), boost::json::parse(after[1].c_str())});
    tx.commit();
    return api::withVersion(http::Response::json(200, after[1].as<std::string>()),
                            after[0].as<int>());
}

}  // namespace opsdesk::server::finance
