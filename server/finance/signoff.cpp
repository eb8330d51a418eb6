// The maker-checker sign-off: a holder of finance.approve who matched none of a statement's
// lines closes it, and the database freezes its matches (migration 0014); reopening needs a
// reason. Both are audited and announced on the feed.

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <pqxx/pqxx>

#include "api/idempotency.h"
#include "audit/audit.h"
#include "core/api_error.h"
#include "feed/outbox.h"
#include "finance/finance.h"
#include "finance/finance_internal.h"

namespace opsdesk::server::finance {

namespace {

using protocol::ErrorCode;

}  // namespace

http::Response signOff(api::Call& call) {
    const auto id = call.idParam("id");
    const auto expected = call.ifMatchVersion();
    pqxx::work tx(call.db);
    // Checked before the idempotent part: a refusal is audited (the router writes it once this
    // transaction is rolled back), never kept as the key's answer.
    const auto mine =
        tx.exec_params1(
              "SELECT count(*) FROM finance_lines WHERE statement_id = $1 AND matched_by = $2 "
              "AND status IN ('matched', 'excluded')",
              id, call.user().userId)[0]
            .as<std::int64_t>();
    if (mine > 0) {
        throw ApiError(ErrorCode::FourEyesRequired,
                       "You matched " + std::to_string(mine) +
                           " lines of this statement: another approver must sign it off",
                       {}, boost::json::object{{"lines_matched_by_you", mine}})
            .audited({"finance.sign_off_refused", "statement", std::to_string(id),
                      boost::json::object{{"reason", "four_eyes_required"},
                                          {"lines_matched_by_caller", mine}}});
    }
    auto response = idempotency::once(call, tx, [&](pqxx::dbtransaction& work) {
        const auto rows = work.exec_params(
            "SELECT status, version FROM finance_statements WHERE id = $1 FOR UPDATE", id);
        if (rows.empty()) {
            throw notFound("No such statement");
        }
        api::requireVersion(expected, rows[0][1].as<int>());
        if (rows[0][0].as<std::string>() == "closed") {
            throw ApiError(ErrorCode::StatementClosed, "The statement is signed off already");
        }
        const auto pending =
            work.exec_params1(
                    "SELECT count(*) FROM finance_lines WHERE statement_id = $1 AND status = "
                    "'suggested'",
                    id)[0]
                .as<std::int64_t>();
        if (pending > 0) {
            throw ApiError(ErrorCode::InvalidTransition,
                           std::to_string(pending) +
                               " lines still have suggestions waiting: accept, reject or match "
                               "them first",
                           {}, boost::json::object{{"suggested_lines", pending}});
        }
        // The summary the sign-off freezes: what was matched, excluded and left, and the sums.
        const auto summary = work.exec_params1(joinSql({"SELECT ", kStatementJson, "::text",
                                                        kStatementFrom, "WHERE s.id = $1"}),
                                               id)[0]
                                 .as<std::string>();
        const auto after =
            work.exec_params1(
                    "UPDATE finance_statements SET status = 'closed', version = version + 1, "
                    "signed_off_by = $2, signed_off_at = now(), sign_off_summary = $3::jsonb "
                    "WHERE id = $1 RETURNING version",
                    id, call.user().userId, summary)[0]
                .as<int>();
        audit::record(
            work, call,
            {"finance.statement_sign_off", "statement", std::to_string(id),
             boost::json::object{{"status", "open"}},
             boost::json::object{{"status", "closed"}, {"summary", boost::json::parse(summary)}}});
        feed::publish(work, protocol::EventKind::StatementUpdated, id, after,
                      boost::json::object{{"id", id}, {"status", "closed"}, {"change", "sign_off"}},
                      call.user().userId);
        const auto items = statementsJson(work, {id});
        return api::withVersion(http::Response::json(200, items.substr(1, items.size() - 2)),
                                after);
    });
    tx.commit();
    return response;
}

http::Response reopen(api::Call& call) {
    const auto id = call.idParam("id");
    const auto body = call.jsonBody();
    const auto reason = api::optionalString(body, "reason").value_or("");
    if (reason.empty() || reason.size() > 1000) {
        throw validationFailed({{"reason",
                                 "Say why the statement is reopened (up to 1000 "
                                 "characters)"}});
    }
    pqxx::work tx(call.db);
    const auto rows = tx.exec_params(
        "SELECT status, version FROM finance_statements WHERE id = $1 FOR UPDATE", id);
    if (rows.empty()) {
        throw notFound("No such statement");
    }
    if (call.request.headers.contains("If-Match")) {
        api::requireVersion(call.ifMatchVersion(), rows[0][1].as<int>());
    }
    if (rows[0][0].as<std::string>() != "closed") {
        throw ApiError(ErrorCode::InvalidTransition, "The statement is open", {},
                       boost::json::object{{"from", "open"}});
    }
    const auto after =
        tx.exec_params1(
              "UPDATE finance_statements SET status = 'open', version = version + 1, "
              "signed_off_by = NULL, signed_off_at = NULL WHERE id = $1 RETURNING version",
              id)[0]
            .as<int>();
    audit::record(tx, call,
                  {"finance.statement_reopen", "statement", std::to_string(id),
                   boost::json::object{{"status", "closed"}},
                   boost::json::object{{"status", "open"}, {"reason", reason}}});
    feed::publish(tx, protocol::EventKind::StatementUpdated, id, after,
                  boost::json::object{{"id", id}, {"status", "open"}, {"change", "reopen"}},
                  call.user().userId);
    const auto items = statementsJson(tx, {id});
    tx.commit();
    return api::withVersion(http::Response::json(200, items.substr(1, items.size() - 2)), after);
}

}  // namespace opsdesk::server::finance
