#include "audit/audit.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <charconv>
#include <pqxx/transaction>

#include "api/date_range.h"
#include "api/paging.h"
#include "core/api_error.h"
#include "db/sql_time.h"

namespace opsdesk::server::audit {

namespace {

std::optional<std::string> jsonOrNull(const boost::json::value& v) {
    if (v.is_null()) {
        return std::nullopt;
    }
    return boost::json::serialize(v);
}

void insert(pqxx::transaction_base& tx, std::optional<std::int64_t> actorId, std::string_view actor,
            const Entry& e, std::string_view requestId, std::string_view address) {
    tx.exec_params(
        "INSERT INTO audit_log (actor_id, actor, action, entity, entity_id, before, after, "
        "request_id, address) VALUES ($1, $2, $3, $4, $5, $6::jsonb, $7::jsonb, $8, $9)",
        actorId, std::string(actor), std::string(e.action), std::string(e.entity), e.entityId,
        jsonOrNull(e.before), jsonOrNull(e.after), std::string(requestId), std::string(address));
}

bool allDigits(std::string_view s) {
    return !s.empty() && s.size() < 19 &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

void record(pqxx::transaction_base& tx, const api::Call& call, const Entry& entry) {
    const auto& p = call.user();
    insert(tx, p.userId, p.username, entry, call.request.requestId, call.request.remoteAddress);
}

void recordAnonymous(pqxx::transaction_base& tx, const http::Request* request,
                     std::optional<std::int64_t> actorId, std::string_view actor,
                     const Entry& entry) {
    insert(tx, actorId, actor, entry, request ? request->requestId : "",
           request ? request->remoteAddress : "");
}

http::Response list(api::Call& call) {
    const auto& r = call.request;
    const auto page = api::readPage(r);
    std::optional<std::int64_t> afterId;
    if (page.after) {
        const auto& k = *page.after;
        if (k.size() != 1 || !k[0].is_int64()) {
            throw validationFailed({{"cursor", "is not a cursor this server handed out"}});
        }
        afterId = k[0].as_int64();
    }
    std::optional<std::int64_t> actorId;
    std::optional<std::string> actorName;
    if (auto actor = r.queryParam("actor"); actor && !actor->empty()) {
        if (allDigits(*actor)) {
            actorId = std::stoll(*actor);
        } else {
            actorName = *actor;
        }
    }
    auto entity = r.queryParam("entity");
    auto entityId = r.queryParam("entity_id");
    auto action = r.queryParam("action");
    if (entity && entity->empty()) {
        entity.reset();
    }
    if (entityId && entityId->empty()) {
        entityId.reset();
    }
    if (action && action->empty()) {
        action.reset();
    }
    const auto dates = api::DateRange::read(r);

    static const std::string sql =
        "SELECT json_build_object('id', id, 'at', " OPSDESK_SQL_TS_MS("at") ", " R"sql(
                     'actor', actor, 'actor_id', actor_id, 'action', action,
                     'entity', entity, 'entity_id', entity_id,
                     'before', before, 'after', after,
                     'request_id', request_id, 'address', address)::text, id
            FROM audit_log
            WHERE ($1::bigint IS NULL OR id < $1)
              AND ($2::bigint IS NULL OR actor_id = $2)
              AND ($3::text IS NULL OR lower(actor) = lower($3))
              AND ($4::text IS NULL OR entity = $4)
              AND ($5::text IS NULL OR entity_id = $5)
              AND ($6::text IS NULL OR action = $6)
              AND ($7::text IS NULL OR )sql" +
        api::DateRange::fromCondition("at", "$7") + R"sql()
              AND ($8::text IS NULL OR )sql" +
        api::DateRange::toCondition("at", "$8") + R"sql()
            ORDER BY id DESC
            LIMIT $9)sql";
    pqxx::read_transaction tx(call.db);
    const auto rows = api::queryDates([&] {
        return tx.exec_params(sql, afterId, actorId, actorName, entity, entityId, action,
                              dates.from, dates.to, page.limit + 1);
    });
    return http::Response::json(
        200, api::writePage(page, rows, api::appendJsonColumn, [](const pqxx::row& last) {
            return boost::json::array{last[1].as<std::int64_t>()};
        }));
}

}  // namespace opsdesk::server::audit
