#include "api/idempotency.h"

#include <pqxx/pqxx>

#include "core/api_error.h"
#include "core/hash.h"

namespace opsdesk::server::idempotency {

using protocol::ErrorCode;

http::Response once(const api::Call& call, pqxx::dbtransaction& tx,
                    const std::function<http::Response(pqxx::dbtransaction&)>& work) {
    const auto header = call.request.headers.get("Idempotency-Key");
    if (!header || header->empty() || header->size() > 255) {
        throw ApiError(ErrorCode::BadRequest,
                       "This request moves money: send an Idempotency-Key header (1 to 255 "
                       "characters) that stays the same when you retry it");
    }
    const std::string key(*header);
    const auto userId = call.user().userId;
    const std::string requestHash =
        sha256Hex(call.request.method + '\n' + call.request.path + '\n' + call.request.body);
    // A second request with the key while the first still runs must not wait for it and then
    // replay: it learns at once that the first is under way.
    const bool mine = tx.exec_params1("SELECT pg_try_advisory_xact_lock(hashtextextended($1, 0))",
                                      std::to_string(userId) + ":" + key)[0]
                          .as<bool>();
    if (!mine) {
        throw ApiError(ErrorCode::Conflict,
                       "A request with this Idempotency-Key is still being processed; try again "
                       "in a moment")
            .withHeader("Retry-After", "1");
    }
    const auto seen = tx.exec_params(
        "SELECT request_hash, status, response_body FROM idempotency_keys "
        "WHERE user_id = $1 AND key = $2",
        userId, key);
    if (!seen.empty()) {
        if (seen[0][0].as<std::string>() != requestHash) {
            throw ApiError(ErrorCode::IdempotencyKeyReused,
                           "This Idempotency-Key was used for a different request");
        }
        auto replay = http::Response::json(seen[0][1].as<int>(), seen[0][2].as<std::string>());
        replay.headers.set("Idempotent-Replayed", "true");
        return replay;
    }
    http::Response response;
    {
        pqxx::subtransaction attempt(tx, "idempotent_work");
        try {
            response = work(attempt);
            attempt.commit();
        } catch (const ApiError& e) {
            attempt.abort();
            response = e.toResponse();
        }
    }
    if (response.status < 500) {
        tx.exec_params(
            "INSERT INTO idempotency_keys (user_id, key, method, path, request_hash, status, "
            "response_body) VALUES ($1, $2, $3, $4, $5, $6, $7)",
            userId, key, call.request.method, call.request.path, requestHash, response.status,
            response.body);
    }
    return response;
}

}  // namespace opsdesk::server::idempotency
