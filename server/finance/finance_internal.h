#pragma once

// What the finance handlers share: text made safe to store, and the JSON of a statement, a line
// and a payment as PostgreSQL writes it.

#include <cstdint>
#include <initializer_list>
#include <pqxx/transaction_base>
#include <string>
#include <string_view>
#include <vector>

#include "db/sql_time.h"

namespace opsdesk::server::finance {

// The longest text of a line kept (a remittance, a counterparty): the rest is cut.
inline constexpr std::size_t kMaxTextBytes = 4096;

// `text` as PostgreSQL can hold it: invalid UTF-8 replaced by U+FFFD, NUL and other control
// characters but tab dropped, cut to at most `maxBytes` on a character boundary.
std::string cleanText(std::string_view text, std::size_t maxBytes);

// A statement (alias s) with its lines' counts and sums.
#define OPSDESK_FINANCE_STATEMENT_JSON \
    "json_build_object('id', s.id, 'format', s.format, 'message_kind', s.message_kind, "          \
    "'account', s.account, 'currency', s.currency, 'statement_ref', s.statement_ref, "            \
    "'from', s.from_date, 'to', s.to_date, 'opening_balance_minor', s.opening_minor, "            \
    "'closing_balance_minor', s.closing_minor, 'line_count', s.line_count, 'status', s.status, "  \
    "'version', s.version, 'file_name', s.file_name, "                                            \
    "'imported_at', " OPSDESK_SQL_TS("s.imported_at") ", "                                        \
    "'imported_by', (SELECT username FROM users WHERE id = s.imported_by), "                      \
    "'signed_off_at', " OPSDESK_SQL_TS("s.signed_off_at") ", "                                    \
    "'signed_off_by', (SELECT username FROM users WHERE id = s.signed_off_by), "                  \
    "'matched', c.matched, 'suggested', c.suggested, 'unmatched', c.unmatched, "                  \
    "'excluded', c.excluded, 'lines_total_minor', c.total, 'matched_total_minor', "               \
    "c.matched_total, 'write_off_total_minor', c.write_off) "

// What OPSDESK_FINANCE_STATEMENT_JSON selects from.
#define OPSDESK_FINANCE_STATEMENT_FROM                                                        \
    " FROM finance_statements s CROSS JOIN LATERAL (SELECT "                                  \
    "count(*) FILTER (WHERE l.status = 'matched') AS matched, "                               \
    "count(*) FILTER (WHERE l.status = 'suggested') AS suggested, "                           \
    "count(*) FILTER (WHERE l.status = 'unmatched') AS unmatched, "                           \
    "count(*) FILTER (WHERE l.status = 'excluded') AS excluded, "                             \
    "coalesce(sum(l.amount_minor), 0) AS total, "                                             \
    "coalesce(sum(l.amount_minor) FILTER (WHERE l.status = 'matched'), 0) AS matched_total, " \
    "coalesce(sum(l.write_off_minor), 0) AS write_off "                                       \
    "FROM finance_lines l WHERE l.statement_id = s.id) c "

// A payment of the ledger (alias p) with its order's number.
#define OPSDESK_FINANCE_PAYMENT_JSON \
    "json_build_object('id', p.id, 'kind', p.kind, 'order_id', p.order_id, "                      \
    "'order_number', (SELECT number FROM orders WHERE id = p.order_id), "                         \
    "'provider', p.provider, 'provider_ref', p.provider_ref, 'amount_minor', p.amount_minor, "    \
    "'currency', p.currency, 'captured_at', " OPSDESK_SQL_TS("p.captured_at") ", "                \
    "'matched_minor', p.matched_minor, "                                                         \
    "'match_state', CASE WHEN p.matched_minor = 0 THEN 'unmatched' "                             \
    "WHEN p.matched_minor = p.amount_minor THEN 'matched' ELSE 'partial' END)"

// A line (alias l) with its suggestions, its matched payments and those payments' details.
#define OPSDESK_FINANCE_LINE_JSON \
    "json_build_object('id', l.id, 'statement_id', l.statement_id, 'position', l.position, "     \
    "'source_line', l.source_line, 'booked_at', l.booked_at, 'value_date', l.value_date, "        \
    "'amount_minor', l.amount_minor, 'currency', l.currency, 'fee_minor', l.fee_minor, "          \
    "'gross_minor', l.gross_minor, 'counterparty', l.counterparty, 'reference', l.reference, "    \
    "'bank_reference', l.bank_reference, 'remittance', l.remittance, 'kind', l.kind, "            \
    "'status', l.status, 'match_rule', l.match_rule, 'match_reasons', l.match_reasons, "          \
    "'matched_by', (SELECT username FROM users WHERE id = l.matched_by), "                        \
    "'matched_at', " OPSDESK_SQL_TS("l.matched_at") ", "                                          \
    "'write_off_minor', l.write_off_minor, 'write_off_reason', l.write_off_reason, "              \
    "'note', l.note, "                                                                            \
    "'suggestions', coalesce((SELECT json_agg(json_build_object('payment_ids', sg.payment_ids, "  \
    "'score', sg.score, 'rule', sg.rule, 'reasons', sg.reasons, "                                 \
    "'write_off_minor', sg.write_off_minor) ORDER BY sg.rank) "                                   \
    "FROM finance_suggestions sg WHERE sg.line_id = l.id), '[]'), "                               \
    "'matched_payment_ids', coalesce((SELECT json_agg(m.payment_id ORDER BY m.payment_id) "       \
    "FROM finance_matches m WHERE m.line_id = l.id), '[]'), "                                     \
    "'payments', coalesce((SELECT json_agg(" OPSDESK_FINANCE_PAYMENT_JSON " ORDER BY p.id) "     \
    "FROM finance_payments p WHERE p.id IN (SELECT m.payment_id FROM finance_matches m "          \
    "WHERE m.line_id = l.id UNION SELECT unnest(sg.payment_ids) FROM finance_suggestions sg "     \
    "WHERE sg.line_id = l.id)), '[]'))"

inline constexpr const char* kStatementJson = OPSDESK_FINANCE_STATEMENT_JSON;
inline constexpr const char* kStatementFrom = OPSDESK_FINANCE_STATEMENT_FROM;
inline constexpr const char* kLineJson = OPSDESK_FINANCE_LINE_JSON;
inline constexpr const char* kPaymentJson = OPSDESK_FINANCE_PAYMENT_JSON;

// The pieces of an SQL statement put together one by one (GCC 12 at -O2 misreads a chain of
// std::string temporaries, -Warray-bounds, and the CI build treats warnings as errors).
std::string joinSql(std::initializer_list<std::string_view> pieces);

// The statements of `ids` as a JSON array, in that order.
std::string statementsJson(pqxx::transaction_base& tx, const std::vector<std::int64_t>& ids);

}  // namespace opsdesk::server::finance
